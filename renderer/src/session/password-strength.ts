/**
 * The password policy as the screens apply it before main sees a password, mirroring main's
 * (main/accounts/password-policy.ts, which the renderer cannot import): 12–128 characters, not a
 * well-known password, not containing the username. Only those problems decide acceptance; the
 * 0–4 score drives the meter (0–1 weak, 2 fair, 3 good, 4 strong). Main checks again anyway.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export const STRENGTH_LABELS: Readonly<Record<StrengthScore, string>> = {
  0: 'Very weak',
  1: 'Weak',
  2: 'Fair',
  3: 'Good',
  4: 'Strong',
};

export interface PasswordAssessment {
  score: StrengthScore;
  /** Problems that stop the password being accepted, in plain words. */
  problems: string[];
  /** Optional advice for a stronger password. */
  tips: string[];
  acceptable: boolean;
}

/** Well-known passwords and stems (case-insensitive, also with digits and symbols stripped). */
const COMMON = new Set([
  'password', 'passw0rd', 'password1', 'password123', 'password1234', '123456789012', '1234567890',
  'qwertyuiop', 'qwerty123456', 'iloveyou', 'letmein', 'welcome', 'welcome1', 'admin', 'administrator',
  'changeme', 'trustno1', 'football', 'baseball', 'sunshine', 'princess', 'dragon', 'monkey', 'master',
  'superman', 'starwars', 'whatever', 'qwerty', 'abc123', 'abcdefghijkl', 'aaaaaaaaaaaa', 'letmeinplease',
  'correcthorsebatterystaple', 'doctor', 'nurse', 'medical', 'clinic', 'hospital', 'patient', 'reception',
  'frontdesk', 'carerelay', 'healthcare', 'summer', 'winter', 'spring', 'autumn', 'january', 'secret',
  'p@ssw0rd', 'p@ssword', 'mypassword', 'newpassword', 'temppassword', 'default', 'login', 'access',
]);

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '');
  const leet = lower
    .replace(/@/g, 'a')
    .replace(/0/g, 'o')
    .replace(/[1!]/g, 'i')
    .replace(/3/g, 'e')
    .replace(/\$/g, 's')
    .replace(/[^a-z]/g, '');
  return (
    COMMON.has(lower) ||
    COMMON.has(letters) ||
    COMMON.has(leet) ||
    /^(.)\1+$/.test(password) ||
    /^(?:0123456789|1234567890|9876543210)+\d*$/.test(password)
  );
}

function strength(password: string, disqualified: boolean): StrengthScore {
  if (disqualified) return 0;
  const length = [...password].length;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const unique = new Set(password).size;
  let score = 0;
  if (length >= MIN_PASSWORD_LENGTH) score += 1;
  if (length >= 16) score += 1;
  if (classes >= 3 || length >= 20) score += 1;
  if (length >= 20 || (length >= 14 && classes === 4)) score += 1;
  if (unique < length / 3) score -= 2;
  if (/(?:abc|bcd|cde|123|234|345|456|567|678|789|qwe|wer|ert|asd|sdf|zxc)/i.test(password)) score -= 1;
  return Math.max(0, Math.min(4, score)) as StrengthScore;
}

export function assessPassword(password: string, username = ''): PasswordAssessment {
  const problems: string[] = [];
  const tips: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters (${length} so far).`);
  if (length > MAX_PASSWORD_LENGTH) problems.push(`Use at most ${MAX_PASSWORD_LENGTH} characters.`);
  const common = isCommon(password);
  if (common) problems.push('This is a well-known password: choose something less predictable.');
  const user = username.trim().toLowerCase();
  const containsUser = user.length >= 3 && password.toLowerCase().includes(user);
  if (containsUser) problems.push('Do not include your username.');
  const score = strength(password, common || containsUser);
  if (problems.length === 0 && score < 3) {
    tips.push('Stronger still: a longer passphrase of several words, or a mix of capitals, digits and symbols.');
  }
  return { score, problems, tips, acceptable: problems.length === 0 };
}
