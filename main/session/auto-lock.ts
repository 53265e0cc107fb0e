/**
 * Idle auto-lock: locks the session after the configured idle time (1–30 minutes, default 10,
 * never off) measured from the last renderer activity, and also when the operating system
 * reports that long without input (a second signal); locks at once on screen lock and sleep.
 * Clock and timers are injected so tests drive it with fake time.
 */
export const IDLE_MINUTES_MIN = 1;
export const IDLE_MINUTES_MAX = 30;
export const IDLE_MINUTES_DEFAULT = 10;

export type LockReason = 'idle' | 'os-lock-screen' | 'os-suspend' | 'manual';

export interface AutoLockOptions {
  /** Idle time before locking, in milliseconds (clamped to 1–30 minutes unless `allowShortTimeoutForTests`). */
  readonly timeoutMs: number;
  readonly onLock: (reason: LockReason) => void;
  readonly now?: () => number;
  /** System-wide idle time in seconds (Electron's powerMonitor), if the platform can tell. */
  readonly systemIdleSeconds?: () => number;
  readonly checkEveryMs?: number;
  /** The browser host's tests shorten the timeout below a minute; never set in the desktop app. */
  readonly allowShortTimeoutForTests?: boolean;
}

export interface AutoLock {
  /** Renderer activity (throttled by the renderer). */
  activity(): void;
  /** An OS signal that must lock at once. */
  osSignal(signal: 'lock-screen' | 'suspend'): void;
  /** Start counting (after sign-in or unlock). */
  arm(): void;
  /** Stop counting (while locked or signed out). */
  disarm(): void;
  setTimeoutMs(ms: number): void;
  readonly armed: boolean;
  dispose(): void;
}

export function clampIdleMs(ms: number, allowShort = false): number {
  if (!Number.isFinite(ms) || ms <= 0) return IDLE_MINUTES_DEFAULT * 60_000;
  if (allowShort) return Math.min(ms, IDLE_MINUTES_MAX * 60_000);
  return Math.min(Math.max(ms, IDLE_MINUTES_MIN * 60_000), IDLE_MINUTES_MAX * 60_000);
}

export function createAutoLock(options: AutoLockOptions): AutoLock {
  const now = options.now ?? Date.now;
  const allowShort = options.allowShortTimeoutForTests === true;
  let timeoutMs = clampIdleMs(options.timeoutMs, allowShort);
  let lastActivity = now();
  let armed = false;
  const checkEvery = options.checkEveryMs ?? Math.min(5_000, Math.max(250, Math.floor(timeoutMs / 4)));

  const lock = (reason: LockReason) => {
    if (!armed) return;
    armed = false;
    options.onLock(reason);
  };

  const timer = setInterval(() => {
    if (!armed) return;
    const idleForMs = now() - lastActivity;
    let systemIdleMs: number;
    try {
      systemIdleMs = (options.systemIdleSeconds?.() ?? 0) * 1000;
    } catch {
      systemIdleMs = 0;
    }
    if (idleForMs >= timeoutMs || systemIdleMs >= timeoutMs) lock('idle');
  }, checkEvery);
  timer.unref?.();

  return {
    activity() {
      lastActivity = now();
    },
    osSignal(signal) {
      lock(signal === 'lock-screen' ? 'os-lock-screen' : 'os-suspend');
    },
    arm() {
      lastActivity = now();
      armed = true;
    },
    disarm() {
      armed = false;
    },
    setTimeoutMs(ms) {
      timeoutMs = clampIdleMs(ms, allowShort);
    },
    get armed() {
      return armed;
    },
    dispose() {
      armed = false;
      clearInterval(timer);
    },
  };
}
