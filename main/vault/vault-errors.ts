/**
 * Typed refusals of the vault. Every way the OS keychain can fail maps to one code and one
 * plain-English message a practice manager can act on; the app shows the message and opens no
 * PHI store (SEC-KEY-01: fail closed, never a plaintext fallback).
 */

export type VaultErrorCode =
  | 'KEYCHAIN_UNAVAILABLE'
  | 'KEYCHAIN_LOCKED'
  | 'KEYCHAIN_REFUSED'
  | 'KEY_MISSING'
  | 'KEY_INVALID';

const MESSAGES: Record<VaultErrorCode, string> = {
  KEYCHAIN_UNAVAILABLE:
    "CareRelay cannot reach this computer's secure keychain, so it will not open patient data. " +
    'Sign in to the computer normally (not through a remote or background session) and try again.',
  KEYCHAIN_LOCKED:
    "This computer's keychain is locked, so CareRelay will not open patient data. " +
    'Unlock the keychain (or sign out of the computer and back in) and try again.',
  KEYCHAIN_REFUSED:
    "This computer's keychain refused CareRelay's request, so CareRelay will not open patient data. " +
    'Allow CareRelay to use the keychain when asked, or ask your IT support for help.',
  KEY_MISSING:
    "CareRelay's encryption key is missing from this computer's keychain, but practice data exists. " +
    'CareRelay will not create a new key over existing data. Restore the keychain, or ask an administrator to reset this computer.',
  KEY_INVALID:
    "CareRelay's encryption key in this computer's keychain is damaged, so CareRelay will not open patient data. " +
    'Ask your IT support for help.',
};

export class VaultUnavailableError extends Error {
  override readonly name = 'VaultUnavailableError';
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, options?: { cause?: unknown }) {
    super(MESSAGES[code], options);
    this.code = code;
  }
}

/** Maps an error thrown by the platform keychain to a vault refusal. */
export function classifyKeychainError(err: unknown): VaultUnavailableError {
  if (err instanceof VaultUnavailableError) return err;
  const text = describe(err).toLowerCase();
  let code: VaultErrorCode;
  if (/\block|unlock|prompt was dismissed|interaction not allowed/.test(text)) code = 'KEYCHAIN_LOCKED';
  else if (/cancel|denied by|user refused|errsecauthfailed|ambiguous|too long|invalid/.test(text)) code = 'KEYCHAIN_REFUSED';
  else if (/platform failure|accessdenied|dbus|no such|not found|serviceunknown|autolaunch|couldn't access platform storage|no storage/.test(text))
    code = 'KEYCHAIN_UNAVAILABLE';
  else code = 'KEYCHAIN_REFUSED';
  return new VaultUnavailableError(code, { cause: err });
}

function describe(err: unknown): string {
  const parts: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 4; depth++) {
    if (cur instanceof Error) {
      parts.push(cur.message);
      cur = (cur as { cause?: unknown }).cause;
    } else {
      parts.push(String(cur));
      break;
    }
  }
  return parts.join(' | ');
}
