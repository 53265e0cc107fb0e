/**
 * The password policy and strength meter for staff accounts: at least 12 characters, at most
 * 128, not a well-known password, not containing the username. `strength` scores 0–4 for the
 * meter (0–1 weak, 2 fair, 3 good, 4 strong); only `problems` decide acceptance.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'COMMON' | 'CONTAINS_USERNAME';

/** Well-known passwords and stems (compared case-insensitively, with digits and symbols stripped too). */
const COMMON = new Set([
  'password', 'passw0rd', 'password1', 'password123', 'password1234', '123456789012', '1234567890',
  'qwertyuiop', 'qwerty123456', 'iloveyou', 'letmein', 'welcome', 'welcome1', 'admin', 'administrator',
  'changeme', 'trustno1', 'football', 'baseball', 'sunshine', 'princess', 'dragon', 'monkey', 'master',
  'superman', 'starwars', 'whatever', 'qwerty', 'abc123', 'abcdefghijkl', 'aaaaaaaaaaaa', 'letmeinplease',
  'correcthorsebatterystaple', 'doctor', 'nurse', 'medical', 'clinic', 'hospital', 'patient', 'reception',
  'frontdesk', 'carerelay', 'healthcare', 'summer', 'winter', 'spring', 'autumn', 'january', 'secret',
  'p@ssw0rd', 'p@ssword', 'mypassword', 'newpassword', 'temppassword', 'default', 'login', 'access',
]);

export interface PasswordCheck {
  ok: boolean;
  problems: PasswordProblem[];
  /** 0 (very weak) to 4 (strong). */
  score: 0 | 1 | 2 | 3 | 4;
}

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '');
  const leet = lower.replace(/@/g, 'a').replace(/0/g, 'o').replace(/[1!]/g, 'i').replace(/3/g, 'e').replace(/\$/g, 's').replace(/[^a-z]/g, '');
  return COMMON.has(lower) || COMMON.has(letters) || COMMON.has(leet) || /^(.)\1+$/.test(password) || /^(?:0123456789|1234567890|9876543210)+\d*$/.test(password);
}

export function checkPassword(password: string, username: string): PasswordCheck {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push('TOO_SHORT');
  if (length > MAX_PASSWORD_LENGTH) problems.push('TOO_LONG');
  const common = isCommon(password);
  if (common) problems.push('COMMON');
  const user = username.trim().toLowerCase();
  const containsUser = user.length >= 3 && password.toLowerCase().includes(user);
  if (containsUser) problems.push('CONTAINS_USERNAME');
  return { ok: problems.length === 0, problems, score: strength(password, common || containsUser) };
}

function strength(password: string, disqualified: boolean): PasswordCheck['score'] {
  if (disqualified) return 0;
  const length = [...password].length;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const unique = new Set(password).size;
  let score = 0;
  if (length >= MIN_PASSWORD_LENGTH) score += 1;
  if (length >= 16) score += 1;
  if (classes >= 3 || length >= 20) score += 1;
  if (length >= 20 || (length >= 14 && classes === 4)) score += 1;
  if (unique < length / 3) score -= 2; // long runs of the same few characters
  if (/(?:abc|bcd|cde|123|234|345|456|567|678|789|qwe|wer|ert|asd|sdf|zxc)/i.test(password)) score -= 1;
  return Math.max(0, Math.min(4, score)) as PasswordCheck['score'];
}
