/**
 * Owns time for the sync engine: `now()` and an abortable `sleep()`. The real clock is the
 * wall clock; the scaled clock runs simulated time faster than real time (tests and the bench
 * use it to pass a 30-minute outage in seconds), so every delay the engine computes (pacing,
 * backoff, polling) is in the same simulated milliseconds.
 */

export interface Clock {
  now(): number;
  /** Resolves after `ms` clock milliseconds, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const realClock: Clock = { now: () => Date.now(), sleep: realSleep };

export interface ScaledClock extends Clock {
  /** Simulated milliseconds per real millisecond from now on. */
  setScale(scale: number): void;
}

export function createScaledClock(startAt: number, scale: number): ScaledClock {
  let baseSim = startAt;
  let baseReal = performance.now();
  let factor = scale;
  const now = () => baseSim + (performance.now() - baseReal) * factor;
  return {
    now: () => Math.floor(now()),
    sleep: (ms, signal) => realSleep(ms / factor, signal),
    setScale(next) {
      baseSim = now();
      baseReal = performance.now();
      factor = next;
    },
  };
}

export interface OffsetClock extends Clock {
  /** Moves the clock forward by `ms` (never back); returns the offset from the wall clock. */
  advance(ms: number): number;
  offset(): number;
}

/** The wall clock plus an offset that only grows: training mode's "skip ahead to Thursday". */
export function createOffsetClock(base: Clock = realClock): OffsetClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    sleep: (ms, signal) => base.sleep(ms, signal),
    advance(ms) {
      if (ms > 0) offset += ms;
      return offset;
    },
    offset: () => offset,
  };
}
