/**
 * The password policy the screens apply before main sees a password, with a 0–4 strength score
 * for the meter: at least 12 characters, not containing the username, and at least "Fair"
 * (length and a mix of character classes raise the score; repeats and well-known sequences
 * lower it). Main applies its own policy as well; this only gives early, friendly feedback.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MIN_ACCEPTED_SCORE = 2;

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

const WELL_KNOWN = ['password', 'passw0rd', 'qwerty', '123456', 'abcdef', 'letmein', 'welcome', 'carerelay', 'admin'];

function characterClasses(password: string): number {
  let classes = 0;
  if (/[a-z]/.test(password)) classes += 1;
  if (/[A-Z]/.test(password)) classes += 1;
  if (/[0-9]/.test(password)) classes += 1;
  if (/[^a-zA-Z0-9]/.test(password)) classes += 1;
  return classes;
}

export function assessPassword(password: string, username = ''): PasswordAssessment {
  const problems: string[] = [];
  const tips: string[] = [];
  const lower = password.toLowerCase();
  const name = username.trim().toLowerCase();

  let score = 0;
  if (password.length >= MIN_PASSWORD_LENGTH) score += 1;
  if (password.length >= 16) score += 1;
  const classes = characterClasses(password);
  if (classes >= 2) score += 1;
  if (classes >= 3) score += 1;

  const containsUsername = name.length >= 3 && lower.includes(name);
  const unique = new Set(lower).size;
  const predictable = WELL_KNOWN.some((word) => lower.includes(word)) || (password.length > 0 && unique <= 3);

  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters (${password.length} so far).`);
    score = Math.min(score, 1);
  }
  if (containsUsername) {
    problems.push('Do not include your username.');
    score = 0;
  }
  if (predictable) {
    score = Math.min(score, 1);
    tips.push('Avoid common words, sequences and repeated characters.');
  }
  if (password.length >= MIN_PASSWORD_LENGTH && !containsUsername && score < MIN_ACCEPTED_SCORE) {
    problems.push('Make it stronger: a longer phrase, or a mix of letters, digits and symbols.');
  }
  if (problems.length === 0 && score < 4) {
    tips.push(password.length < 16 ? 'A longer passphrase of several words is stronger still.' : 'Mixing in digits or symbols makes it stronger.');
  }

  const bounded = Math.max(0, Math.min(4, score)) as StrengthScore;
  return { score: bounded, problems, tips, acceptable: problems.length === 0 && bounded >= MIN_ACCEPTED_SCORE };
}
