import { describe, expect, it } from 'vitest';
import { LOCKOUT_POLICY, lockoutStatus, recordFailure, recordSuccess, UNLOCKED, type LockoutState } from './lockout';

const MIN = 60_000;
const T0 = Date.parse('2026-03-01T12:00:00Z');

function fail(state: LockoutState, times: number, at: number) {
  let s = state;
  let lockedNow = false;
  for (let i = 0; i < times; i++) {
    const r = recordFailure(s, at);
    s = r.state;
    lockedNow = lockedNow || r.lockedNow;
  }
  return { state: s, lockedNow };
}

describe('lockout (5 failures -> 15 minutes)', () => {
  it('policy is five failures and fifteen minutes', () => {
    expect(LOCKOUT_POLICY).toEqual({ maxFailures: 5, lockMs: 15 * MIN });
  });

  it.each([
    [1, false],
    [4, false],
    [5, true],
  ])('%i failures -> locked %s', (n, locked) => {
    const { state, lockedNow } = fail(UNLOCKED, n, T0);
    expect(lockoutStatus(state, T0).locked).toBe(locked);
    expect(lockedNow).toBe(locked);
  });

  it.each([
    ['just after locking', 0, true],
    ['14:59 later', 15 * MIN - 1000, true],
    ['one ms before the end', 15 * MIN - 1, true],
    ['exactly 15 minutes later', 15 * MIN, false],
    ['an hour later', 60 * MIN, false],
  ])('%s', (_what, elapsed, locked) => {
    const { state } = fail(UNLOCKED, 5, T0);
    const status = lockoutStatus(state, T0 + elapsed);
    expect(status.locked).toBe(locked);
    if (status.locked) expect(status.remainingMs).toBe(15 * MIN - elapsed);
  });

  it('attempts while locked neither count nor extend the lock', () => {
    const { state } = fail(UNLOCKED, 5, T0);
    const r = recordFailure(state, T0 + 10 * MIN);
    expect(r).toEqual({ state, lockedNow: false });
    expect(lockoutStatus(r.state, T0 + 15 * MIN).locked).toBe(false);
  });

  it('after the lock expires the count starts again: one failure does not re-lock', () => {
    const { state } = fail(UNLOCKED, 5, T0);
    const after = recordFailure(state, T0 + 16 * MIN);
    expect(after.state).toEqual({ failures: 1, lockedUntil: null });
    expect(fail(after.state, 4, T0 + 17 * MIN).lockedNow).toBe(true);
  });

  it('a success clears the count', () => {
    const { state } = fail(UNLOCKED, 4, T0);
    expect(state.failures).toBe(4);
    const cleared = recordSuccess();
    expect(cleared).toEqual(UNLOCKED);
    expect(lockoutStatus(recordFailure(cleared, T0).state, T0).locked).toBe(false);
  });
});
