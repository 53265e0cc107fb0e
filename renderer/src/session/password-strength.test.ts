/**
 * The screens' password policy must agree with main's: every sample gets the same acceptance
 * and the same 0–4 score from both, so the meter never approves what main refuses.
 */
import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../../shared/accounts/password-policy';
import { assessPassword } from './password-strength';

const SAMPLES: [string, string][] = [
  ['', 'dpatel'],
  ['short', 'dpatel'],
  ['Password123!', 'dpatel'],
  ['P@ssw0rd', 'dpatel'],
  ['aaaaaaaaaaaaaaa', 'dpatel'],
  ['1234567890123', 'dpatel'],
  ['dpatel-is-my-name', 'dpatel'],
  ['Harbour lights 42!', 'dpatel'],
  ['correct horse battery staple', 'dpatel'],
  ['abcdefghijkm', 'dpatel'],
  ['Quiet river morning 7', 'jlee'],
  ['Zz9!Zz9!Zz9!Zz9!', 'jlee'],
  ['qwertyuiop12', 'jlee'],
  ['x'.repeat(130), 'jlee'],
  ['Lakeside Clinic 2026', 'jlee'],
];

describe('renderer password policy', () => {
  it.each(SAMPLES)('agrees with main for %j', (password, username) => {
    const main = checkPassword(password, username);
    const screen = assessPassword(password, username);
    expect(screen.acceptable).toBe(main.ok);
    expect(screen.score).toBe(main.score);
    expect(screen.problems.length).toBe(main.problems.length);
  });
});
