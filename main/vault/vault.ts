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
  wireIvKey,
  wireSealKey,
  type SubKey,
} from './key-tree';
import { VaultUnavailableError } from './vault-errors';

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
  wireSealKey(): SubKey<'wire-seal'>;
  wireIvKey(): SubKey<'wire-iv'>;
  /** Seals the practice-wide staff accounts and settings on the server (shared by the practice's desks). */
  staffSealKey(): SubKey<'staff-seal'>;
  /** Seals every desk's audit records as the practice shares them. */
  auditShareKey(): SubKey<'audit-share'>;
  /** Fingerprint of the practice secret: equal on every desk of one practice. */
  practiceKeyId(): string;
  /** True when shared keys come from this desk's master (set up before practice secrets). */
  readonly legacyPractice: boolean;
  /** A copy of the practice secret, to seal to a desk being enrolled (refused for a legacy desk). */
  practiceSecretForGrant(): Buffer;
  /** Takes the practice secret a desk was granted at enrolment, replacing its own. */
  adoptPracticeSecret(secret: Uint8Array): Promise<void>;
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
  let practice: Buffer | null = null;
  const practiceKeychain = options.practiceKeychain;
  if (practiceKeychain) {
    let storedPractice = await practiceKeychain.read();
    if (storedPractice === null && created) {
      const fresh = randomBytes(MASTER_SECRET_BYTES).toString('base64');
      await practiceKeychain.write(fresh);
      storedPractice = await practiceKeychain.read();
      if (storedPractice !== fresh) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
    }
    if (storedPractice !== null) practice = decodeSecret(storedPractice);
  }
  const live = (): Buffer => {
    if (!master) throw new VaultUnavailableError('KEY_MISSING');
    return master;
  };
  const shared = (): Buffer => practice ?? live();
  const close = (): void => {
    master?.fill(0);
    master = null;
    practice?.fill(0);
    practice = null;
  };

  return {
    created,
    keyId,
    get legacyPractice() {
      return practice === null;
    },
    practiceDbKey: () => practiceDbKey(shared()),
    mainStoresKey: () => mainStoresKey(live()),
    auditMacKey: () => auditMacKey(live()),
    auditEncKey: () => auditEncKey(live()),
    blindIndexKey: () => blindIndexKey(shared()),
    wireSealKey: () => wireSealKey(shared()),
    wireIvKey: () => wireIvKey(shared()),
    staffSealKey: () => staffSealKey(shared()),
    auditShareKey: () => auditShareKey(shared()),
    practiceKeyId: () => practiceKeyId(shared()),
    practiceSecretForGrant() {
      if (!practice) throw new VaultUnavailableError('KEY_MISSING');
      return Buffer.from(practice);
    },
    async adoptPracticeSecret(secret) {
      if (!practiceKeychain) throw new VaultUnavailableError('KEY_MISSING');
      if (secret.length !== MASTER_SECRET_BYTES) throw new RangeError('a practice secret is 32 bytes');
      const encoded = Buffer.from(secret).toString('base64');
      await practiceKeychain.write(encoded);
      if ((await practiceKeychain.read()) !== encoded) throw new VaultUnavailableError('KEYCHAIN_REFUSED');
      practice?.fill(0);
      practice = Buffer.from(secret);
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
