/** SEC-LOCK-01: idle timeout with fake timers, OS lock and suspend at once, never off. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clampIdleMs, createAutoLock } from './auto-lock';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const MIN = 60_000;

describe('auto-lock', () => {
  it('locks after the idle time without activity, not before', () => {
    const onLock = vi.fn();
    const lock = createAutoLock({ timeoutMs: 10 * MIN, onLock, now: () => Date.now() });
    lock.arm();
    vi.advanceTimersByTime(9 * MIN);
    expect(onLock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1 * MIN + 5_000);
    expect(onLock).toHaveBeenCalledWith('idle');
    expect(onLock).toHaveBeenCalledTimes(1);
    lock.dispose();
  });

  it('activity postpones the lock', () => {
    const onLock = vi.fn();
    const lock = createAutoLock({ timeoutMs: 2 * MIN, onLock, now: () => Date.now() });
    lock.arm();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(MIN);
      lock.activity();
    }
    expect(onLock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2 * MIN + 5_000);
    expect(onLock).toHaveBeenCalledTimes(1);
    lock.dispose();
  });

  it.each([
    ['lock-screen', 'os-lock-screen'],
    ['suspend', 'os-suspend'],
  ] as const)('locks at once on %s', (signal, reason) => {
    const onLock = vi.fn();
    const lock = createAutoLock({ timeoutMs: 10 * MIN, onLock });
    lock.arm();
    lock.osSignal(signal);
    expect(onLock).toHaveBeenCalledWith(reason);
    lock.dispose();
  });

  it('uses system idle time as a second signal', () => {
    const onLock = vi.fn();
    let systemIdle = 0;
    const lock = createAutoLock({ timeoutMs: 5 * MIN, onLock, now: () => Date.now(), systemIdleSeconds: () => systemIdle });
    lock.arm();
    vi.advanceTimersByTime(MIN);
    lock.activity(); // a late, throttled ping
    systemIdle = 5 * 60;
    vi.advanceTimersByTime(5_000);
    expect(onLock).toHaveBeenCalledWith('idle');
    lock.dispose();
  });

  it('does nothing while disarmed (locked or signed out)', () => {
    const onLock = vi.fn();
    const lock = createAutoLock({ timeoutMs: MIN, onLock, now: () => Date.now() });
    vi.advanceTimersByTime(10 * MIN);
    lock.osSignal('suspend');
    expect(onLock).not.toHaveBeenCalled();
    lock.dispose();
  });

  it.each([
    [0, 10 * MIN],
    [-1, 10 * MIN],
    [Number.NaN, 10 * MIN],
    [Number.POSITIVE_INFINITY, 10 * MIN],
    [1_000, 1 * MIN],
    [45 * MIN, 30 * MIN],
    [15 * MIN, 15 * MIN],
  ])('never off: %s ms is clamped to %s ms', (input, expected) => {
    expect(clampIdleMs(input)).toBe(expected);
  });

  it('allows a short timeout only when tests ask for it', () => {
    expect(clampIdleMs(2_000, true)).toBe(2_000);
    expect(clampIdleMs(2_000, false)).toBe(MIN);
  });
});
