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
  if (name.length > 32) return `Use at most 32 characters (this one has ${name.length}).`;
  if (!USERNAME.test(name)) return 'Use letters, digits, dot, dash or underscore, starting with a letter or digit.';
  return null;
}

export const FULL_NAME_MAX = 120;

/** A staff member's full name: 2 to 120 characters once trimmed (the contract's rule). */
export function fullNameReady(fullName: string): boolean {
  return fullNameProblem(fullName, '') === null;
}

/** Why a full name cannot be used (`missing` when it is too short), or null. */
export function fullNameProblem(fullName: string, missing: string): string | null {
  const name = fullName.trim();
  if (name.length < 2) return missing;
  if (name.length > FULL_NAME_MAX) return `Use at most ${FULL_NAME_MAX} characters (this one has ${name.length}).`;
  return null;
}
