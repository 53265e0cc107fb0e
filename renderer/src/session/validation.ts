/**
 * Field checks shared by the first-run wizard, Settings and the Users panel: US phone numbers
 * (normalised to +1XXXXXXXXXX, shown as (555) 201-4400) and usernames (the contract's rule:
 * 3–32 letters, digits, dot, dash or underscore, starting with a letter or digit).
 */

const USERNAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** US numbers: 10 digits, or 11 starting with 1; answered as +1XXXXXXXXXX, else null. */
export function normaliseUsPhone(text: string): string | null {
  const digits = text.replace(/\D/g, '');
  if (digits.length === 10 && /^[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && /^1[2-9]/.test(digits)) return `+${digits}`;
  return null;
}

/** +15552014400 → (555) 201-4400; anything else is shown as stored. */
export function formatUsPhone(stored: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(stored);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : stored;
}

export function usernameProblem(username: string): string | null {
  const name = username.trim();
  if (name.length < 3) return 'Use at least 3 characters.';
  if (name.length > 32) return 'Use at most 32 characters.';
  if (!USERNAME.test(name)) return 'Use letters, digits, dot, dash or underscore, starting with a letter or digit.';
  return null;
}
