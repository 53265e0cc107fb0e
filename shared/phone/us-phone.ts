/**
 * US (NANP) phone numbers as people type them: `(555) 201-0100`, `555.201.0100`, `+1 555 201
 * 0100`. One rule for main and the screens: area code and exchange start with 2–9; the answer is
 * E.164 (`+15552010100`) or null. Display goes the other way.
 */

/** Any E.164 number: +, a country code that does not start with 0, 8 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{7,14}$/;

/** Ten digits, optionally after +1 or 1, with spaces, dots, dashes or brackets; else null. */
export function normaliseUsPhone(text: string): string | null {
  const compact = text.replace(/[\s().-]/g, '');
  const match = /^(?:\+?1)?([2-9]\d{2}[2-9]\d{6})$/.exec(compact);
  return match ? `+1${match[1]}` : null;
}

/** +15552010100 → (555) 201-0100; anything else is shown as stored. */
export function formatUsPhone(stored: string): string {
  const match = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(stored);
  return match ? `(${match[1]}) ${match[2]}-${match[3]}` : stored;
}
