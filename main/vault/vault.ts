/**
 * Opens the vault: reads the master secret from the OS keychain, or creates it on the very
 * first run, and hands out the derived keys. It fails closed: if the keychain is missing,
 * locked or refuses, `openVault` throws `VaultUnavailableError` and no key exists in memory,
 * so no PHI store can open. If practice stores exist but the secret is gone it refuses with
 * KEY_MISSING rather than create a new key over data it could never read. `wipe()`
 * crypto-shreds this computer: the keychain entry first, then the local store files.
 *
 * Two secrets (issue 12, several desks): the desk's own master secret roots the keys of what
 * never leaves this computer (main's stores, the audit trail); the practice secret, shared by
 * every desk of the practice and kept in its own keychain entry, roots the keys of shared data
 * (the practice database at rest, the blind index, sealing for the replication server). A new
 * desk creates both; a desk joining a practice replaces its practice secret with the one the
 * administrator's desk granted, before it holds any shared data. A desk set up before there
 * was a practice secret keeps deriving shared keys from its master ("legacy": nothing to
 * migrate), and cannot hand its secret to another desk.
 *
 * Key epochs (practice-keyring.ts): after a desk is removed the practice moves to a new epoch
 * whose secret the removed desk never gets; what goes to the server from then on (wire seal and
 * IVs, staff and audit sharing) is sealed under the current epoch, and older epochs are kept to
 * open what was sealed before. The practice database at rest and the blind index stay on the
 * root: neither leaves this computer in a form the root alone opens (the server sees blind
 * indexes, which is why the README lists them).
 */
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import type { Keychain } from './keychain';
import {
  auditEncKey,
  auditMacKey,
  blindIndexKey,
  mainStoresKey,
  masterKeyId,
  MASTER_SECRET_BYTES,
  practiceDbKey,
  practiceKeyId,
  staffSealKey,
  auditShareKey,
  consentShareKey,
  wireIvKey,
  wireSealKey,
  type SubKey,
} from './key-tree';
import { VaultUnavailableError } from './vault-errors';
import { currentEpoch, deskPublicKey, epochSecret, MAX_EPOCH, newDeskPrivateKey, parseKeyring, serializeKeyring, zeroKeyring, type PracticeKeyring } from './practice-keyring';

export interface VaultOptions {
  keychain: Keychain;
  /** The folder holding main's encrypted stores, journals and audit trail. */
  storeDir: string;
  /** Further local PHI locations wiped with the stores (for example the renderer's IndexedDB folder). */
  extraWipePaths?: readonly string[];
  /** The keychain entry of the practice secret; absent: shared keys come from the master (legacy). */
  practiceKeychain?: Keychain;
}

export interface Vault {
  /** True when this call created the master secret (first run on this computer). */
  readonly created: boolean;
  /** Public fingerprint of the master secret, written into store headers. */
  readonly keyId: string;
  practiceDbKey(): SubKey<'practice-db'>;
  mainStoresKey(): SubKey<'main-stores'>;
  auditMacKey(): SubKey<'audit-mac'>;
  auditEncKey(): SubKey<'audit-enc'>;
  blindIndexKey(): SubKey<'blind-index'>;
  /** Keys of what goes to the server, for key epoch `epoch` (default: the current one); KEY_MISSING for an epoch not held. */
  wireSealKey(epoch?: number): SubKey<'wire-seal'>;
  wireIvKey(epoch?: number): SubKey<'wire-iv'>;
  /** Seals the practice-wide staff accounts and settings on the server (shared by the practice's desks). */
  staffSealKey(epoch?: number): SubKey<'staff-seal'>;
  /** Seals every desk's audit records as the practice shares them. */
  auditShareKey(epoch?: number): SubKey<'audit-share'>;
  /** Seals consent actions shared between the practice's desks. */
  consentShareKey(epoch?: number): SubKey<'consent-share'>;
  /** The key epoch new shared data is sealed under (1 until a desk was removed and the practice rotated). */
  keyEpoch(): number;
  /** Every epoch this desk holds the secret of, ascending. */
  knownEpochs(): number[];
  /** Fingerprint of epoch `n`'s secret (null when not held). */
  epochKeyId(n: number): string | null;
  /** Copies of the secrets of epochs 2 and up, to seal to another desk (the caller zeroes them). */
  epochSecretsForGrant(): { epoch: number; secret: Buffer }[];
  /** Keeps epoch secrets granted to this desk (or made here) in the keychain, with those already held. */
  adoptEpochs(secrets: readonly { epoch: number; secret: Uint8Array }[]): Promise<void>;
  /** This desk's P-256 key pair for epoch grants, made and kept in the keychain on first use (copies: the caller zeroes the private key). */
  deskKeyPair(): Promise<{ publicKey: Buffer; privateKey: Buffer }>;
  /** Fingerprint of the practice secret: equal on every desk of one practice. */
  practiceKeyId(): string;
  /** True when shared keys come from this desk's master (set up before practice secrets). */
  readonly legacyPractice: boolean;
  /** A copy of the practice secret, to seal to a desk being enrolled (refused for a legacy desk). */
  practiceSecretForGrant(): Buffer;
  /** Takes the practice secret (and any later epochs' secrets) a desk was granted at enrolment, replacing its own. */
  adoptPracticeSecret(secret: Uint8Array, epochs?: readonly { epoch: number; secret: Uint8Array }[]): Promise<void>;
  /** Zeroes the master secret held in memory; derived keys already handed out are the caller's. */
  close(): void;
  /** Deletes the keychain entry, then every local store file. After this nothing local can be decrypted. */
  wipe(): Promise<void>;
}

/** True when the store folder exists and holds anything at all. */
export async function practiceStoresExist(storeDir: string): Promise<boolean> {
  try {
    return (await readdir(storeDir)).length > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

function decodeSecret(stored: string): Buffer {
  const bytes = Buffer.from(stored, 'base64');
  if (bytes.length !== MASTER_SECRET_BYTES || bytes.toString('base64') !== stored) {
    throw new VaultUnavailableError('KEY_INVALID');
  }
  return bytes;
}

export async function openVault(options: VaultOptions): Promise<Vault> {
  const { keychain, storeDir } = options;
  let stored = await keychain.read();
  let created = false;

  if (stored === null) {
    // Some keychains answer "not found" while locked: prove it is reachable before deciding.
    await keychain.probe();
    if (await practiceStoresExist(storeDir)) throw new VaultUnavailableError('KEY_MISSING');
    const fresh = randomBytes(MASTER_SECRET_BYTES).toString('base64');
    await keychain.write(fresh);
    stored = await keychain.read();
    if (stored !== fresh) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
    created = true;
  }

  let master: Buffer | null = decodeSecret(stored);
  const keyId = masterKeyId(master);
  // No practice secret: a desk set up before there was one ("legacy"), deriving shared keys from its master.
  let ring: PracticeKeyring | null = null;
  const practiceKeychain = options.practiceKeychain;
  if (practiceKeychain) {
    let storedPractice = await practiceKeychain.read();
    if (storedPractice === null && created) {
      const fresh = randomBytes(MASTER_SECRET_BYTES).toString('base64');
      await practiceKeychain.write(fresh);
      storedPractice = await practiceKeychain.read();
      if (storedPractice !== fresh) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
    }
    if (storedPractice !== null) ring = parseKeyring(storedPractice);
  }
  const live = (): Buffer => {
    if (!master) throw new VaultUnavailableError('KEY_MISSING');
    return master;
  };
  const shared = (): Buffer => ring?.root ?? live();
  const epochNow = (): number => (ring ? currentEpoch(ring) : 1);
  /** The secret of an epoch's shared keys: the root (or a legacy desk's master) for epoch 1. */
  const ofEpoch = (epoch = epochNow()): Buffer => {
    if (epoch === 1) return shared();
    const secret = ring ? epochSecret(ring, epoch) : null;
    if (!secret) throw new VaultUnavailableError('KEY_MISSING');
    return secret;
  };
  const close = (): void => {
    master?.fill(0);
    master = null;
    if (ring) zeroKeyring(ring);
    ring = null;
  };
  /** Writes the ring to the keychain and reads it back before the change counts. */
  async function keep(next: PracticeKeyring): Promise<void> {
    if (!practiceKeychain) throw new VaultUnavailableError('KEY_MISSING');
    const encoded = serializeKeyring(next);
    await practiceKeychain.write(encoded);
    if ((await practiceKeychain.read()) !== encoded) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
  }

  return {
    created,
    keyId,
    get legacyPractice() {
      return ring === null;
    },
    practiceDbKey: () => practiceDbKey(shared()),
    mainStoresKey: () => mainStoresKey(live()),
    auditMacKey: () => auditMacKey(live()),
    auditEncKey: () => auditEncKey(live()),
    blindIndexKey: () => blindIndexKey(shared()),
    wireSealKey: (epoch) => wireSealKey(ofEpoch(epoch)),
    wireIvKey: (epoch) => wireIvKey(ofEpoch(epoch)),
    staffSealKey: (epoch) => staffSealKey(ofEpoch(epoch)),
    auditShareKey: (epoch) => auditShareKey(ofEpoch(epoch)),
    consentShareKey: (epoch) => consentShareKey(ofEpoch(epoch)),
    practiceKeyId: () => practiceKeyId(shared()),
    keyEpoch: epochNow,
    knownEpochs: () => [1, ...[...(ring?.epochs.keys() ?? [])].sort((a, b) => a - b)],
    epochKeyId(n) {
      try {
        return practiceKeyId(ofEpoch(n));
      } catch {
        return null;
      }
    },
    epochSecretsForGrant() {
      if (!ring) throw new VaultUnavailableError('KEY_MISSING');
      return [...ring.epochs.entries()].sort((a, b) => a[0] - b[0]).map(([epoch, secret]) => ({ epoch, secret: Buffer.from(secret) }));
    },
    async adoptEpochs(secrets) {
      if (!ring) throw new VaultUnavailableError('KEY_MISSING');
      const epochs = new Map(ring.epochs);
      for (const { epoch, secret } of secrets) {
        if (!Number.isInteger(epoch) || epoch < 2 || epoch > MAX_EPOCH || secret.length !== MASTER_SECRET_BYTES) throw new RangeError('an epoch secret is 32 bytes, for epoch 2 or later');
        const held = epochs.get(epoch);
        if (held && !held.equals(secret)) throw new RangeError(`epoch ${epoch} is already held with another secret`);
        epochs.set(epoch, held ?? Buffer.from(secret));
      }
      await keep({ root: ring.root, epochs, desk: ring.desk });
      for (const [n, s] of epochs) ring.epochs.set(n, s);
    },
    async deskKeyPair() {
      if (!ring) throw new VaultUnavailableError('KEY_MISSING');
      if (!ring.desk) {
        const fresh = newDeskPrivateKey();
        await keep({ root: ring.root, epochs: ring.epochs, desk: fresh });
        ring.desk = fresh;
      }
      return { publicKey: deskPublicKey(ring.desk), privateKey: Buffer.from(ring.desk) };
    },
    practiceSecretForGrant() {
      if (!ring) throw new VaultUnavailableError('KEY_MISSING');
      return Buffer.from(ring.root);
    },
    async adoptPracticeSecret(secret, epochs = []) {
      if (!practiceKeychain) throw new VaultUnavailableError('KEY_MISSING');
      if (secret.length !== MASTER_SECRET_BYTES) throw new RangeError('a practice secret is 32 bytes');
      const next: PracticeKeyring = { root: Buffer.from(secret), epochs: new Map(), desk: ring?.desk ? Buffer.from(ring.desk) : null };
      for (const { epoch, secret: s } of epochs) {
        if (!Number.isInteger(epoch) || epoch < 2 || epoch > MAX_EPOCH || s.length !== MASTER_SECRET_BYTES) throw new RangeError('an epoch secret is 32 bytes, for epoch 2 or later');
        next.epochs.set(epoch, Buffer.from(s));
      }
      try {
        await keep(next);
      } catch (error) {
        zeroKeyring(next);
        throw error;
      }
      if (ring) zeroKeyring(ring);
      ring = next;
    },
    close,
    async wipe() {
      close();
      await keychain.remove();
      if ((await keychain.read()) !== null) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
      if (practiceKeychain) {
        await practiceKeychain.remove();
        if ((await practiceKeychain.read()) !== null) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
      }
      await rm(storeDir, { recursive: true, force: true });
      for (const path of options.extraWipePaths ?? []) await rm(path, { recursive: true, force: true });
    },
  };
}
