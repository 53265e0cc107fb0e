/**
 * The OS keychain slot that holds CareRelay's master secret (service `CareRelay`, account
 * `master-secret`) through `@napi-rs/keyring`: Windows Credential Manager, macOS Keychain,
 * Linux Secret Service. The `Keychain` interface is what the vault depends on, so tests can
 * pass the in-memory stand-in (`memory-keychain.ts`). Every platform error surfaces as a
 * `VaultUnavailableError`; nothing here ever writes the secret anywhere else.
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { classifyKeychainError } from './vault-errors';

export const KEYCHAIN_SERVICE = 'CareRelay';
export const KEYCHAIN_ACCOUNT = 'master-secret';
/** The practice secret every desk of one practice shares (several desks). */
export const PRACTICE_KEYCHAIN_ACCOUNT = 'practice-secret';
const PROBE_ACCOUNT = 'keychain-probe';

export interface Keychain {
  /** The stored secret (base64), or null when no entry exists. Throws VaultUnavailableError. */
  read(): Promise<string | null>;
  /** Stores the secret (base64), replacing any previous one. Throws VaultUnavailableError. */
  write(secretBase64: string): Promise<void>;
  /** Deletes the entry; true when one was deleted, false when none existed. */
  remove(): Promise<boolean>;
  /**
   * Proves the keychain is reachable, unlocked and writable by storing and deleting a
   * throwaway entry. Some stores answer "not found" while locked; this tells the two apart.
   */
  probe(): Promise<void>;
}

export interface OsKeychainOptions {
  service?: string;
  account?: string;
}

/**
 * The real keychain. On Linux the entry is pinned to the Secret Service: the kernel keyutils
 * store does not survive a reboot, which would silently crypto-shred the practice.
 * The async API keeps an unlock prompt from freezing the main process.
 */
export function createOsKeychain(options: OsKeychainOptions = {}): Keychain {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const account = options.account ?? KEYCHAIN_ACCOUNT;
  const entry = (name: string): AsyncEntry => new AsyncEntry(service, name, { linux: { store: 'secret-service' } });

  async function guarded<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw classifyKeychainError(err);
    }
  }

  return {
    read: () => guarded(async () => (await entry(account).getPassword()) ?? null),
    write: (secretBase64) => guarded(() => entry(account).setPassword(secretBase64)),
    remove: () => guarded(() => entry(account).deleteCredential()),
    probe: () =>
      guarded(async () => {
        const probe = entry(PROBE_ACCOUNT);
        const token = `probe-${Date.now()}`;
        await probe.setPassword(token);
        const back = await probe.getPassword();
        await probe.deleteCredential();
        if (back !== token) throw new Error('keychain probe read back a different value (refused)');
      }),
  };
}
