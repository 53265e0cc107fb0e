/**
 * The password policy as the screens present it: the shared rule (shared/accounts/password-policy.ts,
 * the same one main enforces) turned into plain-language problems, tips and a meter label.
 */
import {
  checkPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type PasswordProblem,
} from '../../../shared/accounts/password-policy';

export { MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH };

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

const PROBLEM_TEXT: Readonly<Record<PasswordProblem, (length: number) => string>> = {
  TOO_SHORT: (length) => `Use at least ${MIN_PASSWORD_LENGTH} characters (${length} so far).`,
  TOO_LONG: () => `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
  COMMON: () => 'This is a well-known password: choose something less predictable.',
  CONTAINS_USERNAME: () => 'Do not include your username.',
};

export function assessPassword(password: string, username = ''): PasswordAssessment {
  const check = checkPassword(password, username);
  const length = [...password].length;
  const problems = check.problems.map((p) => PROBLEM_TEXT[p](length));
  const tips: string[] = [];
  const score: StrengthScore = check.score;
  if (problems.length === 0 && score < 3) {
    tips.push('Stronger still: a longer passphrase of several words, or a mix of capitals, digits and symbols.');
  }
  return { score, problems, tips, acceptable: problems.length === 0 };
}
