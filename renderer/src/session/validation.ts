/**
 * Field checks shared by the first-run wizard, Settings and the Users panel: US phone numbers
 * (the shared rule in shared/phone, the same one main applies) and usernames (the contract's rule:
 * 3–32 letters, digits, dot, dash or underscore, starting with a letter or digit).
 */

const USERNAME = /^[a-z0-9][a-z0-9._-]*$/i;

export { formatUsPhone, normaliseUsPhone } from '../../../shared/phone/us-phone';

export function usernameProblem(username: string): string | null {
  const name = username.trim();
  if (name.length < 3) return 'Use at least 3 characters.';
  if (name.length > 32) return 'Use at most 32 characters.';
  if (!USERNAME.test(name)) return 'Use letters, digits, dot, dash or underscore, starting with a letter or digit.';
  return null;
}

/** A staff member's full name: at least two characters once trimmed. */
export function fullNameReady(fullName: string): boolean {
  return fullName.trim().length >= 2;
}
