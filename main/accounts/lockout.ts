/**
 * Account lockout, pure and clock-injected: five consecutive failed sign-ins lock the account
 * for 15 minutes. While locked, attempts are refused without checking the password and do
 * not extend the lock; when it expires the count starts again. A success clears it.
 */

export const LOCKOUT_POLICY = { maxFailures: 5, lockMs: 15 * 60_000 } as const;

export interface LockoutState {
  failures: number;
  /** Epoch milliseconds until which the account is locked, or null. */
  lockedUntil: number | null;
}

export const UNLOCKED: LockoutState = { failures: 0, lockedUntil: null };

export type LockoutPolicy = { maxFailures: number; lockMs: number };

/** Whether an attempt may be made now; when locked, until when. */
export function lockoutStatus(state: LockoutState, now: number): { locked: false } | { locked: true; until: number; remainingMs: number } {
  if (state.lockedUntil !== null && now < state.lockedUntil) {
    return { locked: true, until: state.lockedUntil, remainingMs: state.lockedUntil - now };
  }
  return { locked: false };
}

/** The state after a failed attempt; `lockedNow` is true on the failure that locks (audit it). */
export function recordFailure(
  state: LockoutState,
  now: number,
  policy: LockoutPolicy = LOCKOUT_POLICY,
): { state: LockoutState; lockedNow: boolean } {
  if (lockoutStatus(state, now).locked) return { state, lockedNow: false };
  const expired = state.lockedUntil !== null; // a finished lock: start counting afresh
  const failures = (expired ? 0 : state.failures) + 1;
  if (failures >= policy.maxFailures) return { state: { failures, lockedUntil: now + policy.lockMs }, lockedNow: true };
  return { state: { failures, lockedUntil: null }, lockedNow: false };
}

export function recordSuccess(): LockoutState {
  return { ...UNLOCKED };
}
