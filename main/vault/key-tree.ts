/**
 * The key tree: every working key is derived from the one master secret with HKDF-SHA256
 * under its own info label, so a key for one purpose says nothing about another and every
 * key dies with the master secret (crypto-shred). Subkeys are branded by purpose so the type
 * checker stops an audit key from being used to encrypt a store.
 */
import { createHash, hkdfSync } from 'node:crypto';

export const MASTER_SECRET_BYTES = 32;

export type KeyPurpose = 'practice-db' | 'main-stores' | 'audit-mac' | 'audit-enc' | 'blind-index' | 'wire-seal' | 'wire-iv' | 'staff-seal' | 'audit-share' | 'consent-share';

export type SubKey<P extends KeyPurpose> = Buffer & { readonly __purpose: P };

/** Fixed, public salt: it only separates CareRelay's derivations from any other HKDF use. */
const SALT = Buffer.from('CareRelay key tree v1', 'utf8');
const INFO: Record<KeyPurpose, string> = {
  'practice-db': 'carerelay/v1/practice-db',
  'main-stores': 'carerelay/v1/main-stores',
  'audit-mac': 'carerelay/v1/audit-mac',
  'audit-enc': 'carerelay/v1/audit-enc',
  'blind-index': 'carerelay/v1/blind-index',
  'wire-seal': 'carerelay/v1/wire-seal',
  'wire-iv': 'carerelay/v1/wire-iv',
  'staff-seal': 'carerelay/v1/staff-seal',
  'audit-share': 'carerelay/v1/audit-share',
  'consent-share': 'carerelay/v1/consent-share',
};

function assertMaster(master: Uint8Array): void {
  if (master.length !== MASTER_SECRET_BYTES) {
    throw new RangeError(`master secret must be ${MASTER_SECRET_BYTES} bytes`);
  }
}

export function deriveKey<P extends KeyPurpose>(master: Uint8Array, purpose: P): SubKey<P> {
  assertMaster(master);
  const out = hkdfSync('sha256', master, SALT, Buffer.from(INFO[purpose], 'utf8'), 32);
  return Buffer.from(out) as SubKey<P>;
}

/** AES-256-GCM key for the renderer's practice database (handed over only to an unlocked session). */
export const practiceDbKey = (master: Uint8Array): SubKey<'practice-db'> => deriveKey(master, 'practice-db');
/** AES-256-GCM key for main's own encrypted stores and journals. */
export const mainStoresKey = (master: Uint8Array): SubKey<'main-stores'> => deriveKey(master, 'main-stores');
/** HMAC-SHA256 key for audit record MACs. */
export const auditMacKey = (master: Uint8Array): SubKey<'audit-mac'> => deriveKey(master, 'audit-mac');
/** AES-256-GCM key for audit record contents. */
export const auditEncKey = (master: Uint8Array): SubKey<'audit-enc'> => deriveKey(master, 'audit-enc');
/** HMAC key for blind indexes (searchable keyed hashes of phone numbers). */
export const blindIndexKey = (master: Uint8Array): SubKey<'blind-index'> => deriveKey(master, 'blind-index');

/** AES-256-GCM key sealing PHI for the practice's replication server (shared by every desk of the practice). */
export const wireSealKey = (practiceSecret: Uint8Array): SubKey<'wire-seal'> => deriveKey(practiceSecret, 'wire-seal');
/** HMAC-SHA256 key for the wire's synthetic IVs (renderer/data/replication/wire-seal.ts). */
export const wireIvKey = (practiceSecret: Uint8Array): SubKey<'wire-iv'> => deriveKey(practiceSecret, 'wire-iv');
/** AES-256-GCM key for the practice-wide staff accounts and settings on the server (main/desks/staff-sync.ts). */
export const staffSealKey = (practiceSecret: Uint8Array): SubKey<'staff-seal'> => deriveKey(practiceSecret, 'staff-seal');
/** AES-256-GCM key for every desk's audit records as the practice shares them (main/audit/audit-share.ts). */
export const auditShareKey = (practiceSecret: Uint8Array): SubKey<'audit-share'> => deriveKey(practiceSecret, 'audit-share');
/** AES-256-GCM key for consent actions shared between desks (main/desks/consent-share.ts). */
export const consentShareKey = (practiceSecret: Uint8Array): SubKey<'consent-share'> => deriveKey(practiceSecret, 'consent-share');

/**
 * A short public fingerprint of the master secret (8 bytes, hex) written into file headers, so
 * a file encrypted under another key is told apart from a damaged one. Not a key: derived by a
 * one-way hash over an HKDF output with its own label.
 */
export function masterKeyId(master: Uint8Array): string {
  assertMaster(master);
  const out = hkdfSync('sha256', master, SALT, Buffer.from('carerelay/v1/key-id', 'utf8'), 32);
  return createHash('sha256').update(Buffer.from(out)).digest('hex').slice(0, 16);
}

/** The practice secret's fingerprint (the same derivation as masterKeyId, for the secret every desk of a practice shares). */
export const practiceKeyId = (practiceSecret: Uint8Array): string => masterKeyId(practiceSecret);
