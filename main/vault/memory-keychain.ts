/**
 * In-memory stand-in for the OS keychain, for unit tests and the browser host's throwaway
 * runs. `fail` makes every call throw the given refusal, to exercise the fail-closed paths.
 */
import type { Keychain } from './keychain';
import { VaultUnavailableError, type VaultErrorCode } from './vault-errors';

export interface MemoryKeychain extends Keychain {
  /** The raw stored value, for assertions. */
  peek(): string | null;
  /** Makes every later call throw this code (null restores normal behaviour). */
  fail(code: Extract<VaultErrorCode, `KEYCHAIN_${string}`> | null): void;
  /** Simulates a store that answers "not found" while locked and refuses writes. */
  lockSilently(locked: boolean): void;
}

export function createMemoryKeychain(initial: string | null = null): MemoryKeychain {
  let value = initial;
  let failure: VaultErrorCode | null = null;
  let silentLock = false;
  const check = (): void => {
    if (failure) throw new VaultUnavailableError(failure);
  };
  return {
    async read() {
      check();
      return silentLock ? null : value;
    },
    async write(secret) {
      check();
      if (silentLock) throw new VaultUnavailableError('KEYCHAIN_LOCKED');
      value = secret;
    },
    async remove() {
      check();
      if (silentLock) return false;
      const had = value !== null;
      value = null;
      return had;
    },
    async probe() {
      check();
      if (silentLock) throw new VaultUnavailableError('KEYCHAIN_LOCKED');
    },
    peek: () => value,
    fail(code) {
      failure = code;
    },
    lockSilently(locked) {
      silentLock = locked;
    },
  };
}
