/**
 * Owns retry timing: exponential backoff with jitter ("equal jitter": half fixed, half random,
 * so retries from many desks spread out but never come back at once), never shorter than a
 * gateway's Retry-After, and a pacer that hands out send slots at a fixed messages-per-second
 * on absolute times, so the achieved rate does not drift with network latency.
 */
import type { Clock } from './clock';

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random, retryAfterMs: number | null = null): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export interface Pacer {
  /** Waits for the next send slot; resolves false if stopped. */
  acquire(signal: AbortSignal): Promise<boolean>;
}

export function createPacer(clock: Clock, messagesPerSecond: number): Pacer {
  const interval = 1000 / messagesPerSecond;
  let next = 0;
  return {
    async acquire(signal) {
      const now = clock.now();
      // After an idle spell the schedule restarts from now (no burst to "catch up").
      const slot = Math.max(now, next);
      next = slot + interval;
      if (slot > now) await clock.sleep(slot - now, signal);
      return !signal.aborted;
    },
  };
}
