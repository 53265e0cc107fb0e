/**
 * What the practice keychain entry holds (issue 12, key epochs): the practice secret (the root:
 * the practice database at rest and the blind index, epoch 1 of everything shared), the secrets
 * of later key epochs (each one, after a desk was removed, roots the keys of what goes to the
 * server from then on: the wire seal and its IVs, the staff and audit sharing keys), and this
 * desk's own P-256 private key, to which the practice's other desks wrap a new epoch's secret.
 *
 * Stored form: the bare base64 root (as every desk wrote before epochs existed, still written
 * while there is nothing else), or `{"v":2,"root":…,"epochs":[[2,…],…],"desk":…}`. Anything
 * else is refused (KEY_INVALID): the vault never guesses at a damaged entry.
 */
import { createECDH } from 'node:crypto';
import { MASTER_SECRET_BYTES } from './key-tree';
import { VaultUnavailableError } from './vault-errors';

export interface PracticeKeyring {
  readonly root: Buffer;
  /** Epoch number (2 and up) → that epoch's 32-byte secret. */
  readonly epochs: Map<number, Buffer>;
  /** This desk's P-256 private key (32 bytes), or null until it is first needed. */
  desk: Buffer | null;
}

export const MAX_EPOCH = 65_535;

function secretFrom(text: unknown, bytes = MASTER_SECRET_BYTES): Buffer {
  if (typeof text !== 'string') throw new VaultUnavailableError('KEY_INVALID');
  const out = Buffer.from(text, 'base64');
  if (out.length !== bytes || out.toString('base64') !== text) throw new VaultUnavailableError('KEY_INVALID');
  return out;
}

export function parseKeyring(stored: string): PracticeKeyring {
  if (!stored.startsWith('{')) return { root: secretFrom(stored), epochs: new Map(), desk: null };
  let parsed: { v?: unknown; root?: unknown; epochs?: unknown; desk?: unknown };
  try {
    parsed = JSON.parse(stored) as typeof parsed;
  } catch {
    throw new VaultUnavailableError('KEY_INVALID');
  }
  if (parsed.v !== 2 || !Array.isArray(parsed.epochs)) throw new VaultUnavailableError('KEY_INVALID');
  const epochs = new Map<number, Buffer>();
  for (const entry of parsed.epochs as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new VaultUnavailableError('KEY_INVALID');
    const [n, secret] = entry as [unknown, unknown];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 2 || n > MAX_EPOCH) throw new VaultUnavailableError('KEY_INVALID');
    epochs.set(n, secretFrom(secret));
  }
  const desk = parsed.desk === undefined || parsed.desk === null ? null : secretFrom(parsed.desk);
  if (desk) deskPublicKey(desk); // a private key that is not on the curve is refused here, not at first use
  return { root: secretFrom(parsed.root), epochs, desk };
}

export function serializeKeyring(ring: PracticeKeyring): string {
  if (ring.epochs.size === 0 && !ring.desk) return ring.root.toString('base64');
  return JSON.stringify({
    v: 2,
    root: ring.root.toString('base64'),
    epochs: [...ring.epochs.entries()].sort((a, b) => a[0] - b[0]).map(([n, s]) => [n, s.toString('base64')]),
    desk: ring.desk ? ring.desk.toString('base64') : null,
  });
}

/** The epoch new shared data is sealed under: the highest held (1: only the root). */
export const currentEpoch = (ring: PracticeKeyring): number => Math.max(1, ...ring.epochs.keys());

/** The secret of epoch `n` (1 is the root), or null when this desk does not hold it. */
export const epochSecret = (ring: PracticeKeyring, n: number): Buffer | null => (n === 1 ? ring.root : ring.epochs.get(n) ?? null);

export function deskPublicKey(privateKey: Buffer): Buffer {
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(privateKey);
  } catch {
    throw new VaultUnavailableError('KEY_INVALID');
  }
  return ecdh.getPublicKey();
}

export function newDeskPrivateKey(): Buffer {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const raw = ecdh.getPrivateKey();
  // A scalar with leading zero bytes comes back shorter: stored as 32 bytes.
  const out = Buffer.alloc(32);
  raw.copy(out, 32 - raw.length);
  raw.fill(0);
  return out;
}

export function zeroKeyring(ring: PracticeKeyring): void {
  ring.root.fill(0);
  for (const s of ring.epochs.values()) s.fill(0);
  ring.epochs.clear();
  ring.desk?.fill(0);
  ring.desk = null;
}
