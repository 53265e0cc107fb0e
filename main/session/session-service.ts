/**
 * The session state machine: no practice → signed out → unlocked ⇄ locked → signed out.
 * It owns who is signed in, the lock and its reason, emergency-access time limits, and the
 * idle auto-lock; it publishes every change so the screens follow, and answers the access
 * policy's SessionView. It never sees passwords: the account service verifies them first.
 */
import { permissionsOf } from '../../shared/accounts/roles';
import type { Permission, SessionState, StaffUser } from '../../shared/ipc';
import type { SessionView } from '../ipc/access-policy';
import { createAutoLock, type AutoLock, type LockReason } from './auto-lock';

export interface SessionServiceOptions {
  readonly idleMs: number;
  /** A lock longer than this needs the authenticator code as well as the password to unlock. */
  readonly unlockCodeAfterMs: number;
  readonly publish: (state: SessionState) => void;
  readonly onLocked?: (user: StaffUser, reason: LockReason) => void;
  readonly onEmergencyEnded?: (user: StaffUser) => void;
  readonly now?: () => number;
  readonly systemIdleSeconds?: () => number;
  readonly allowShortTimeoutForTests?: boolean;
}

export interface Emergency {
  readonly endsAt: number;
  readonly reason: string;
}

export interface SessionService {
  view(): SessionView & { readonly user: StaffUser | null };
  state(): SessionState;
  setPractice(name: string | null): void;
  /** Nothing can open (keychain or store failure, or a wiped computer): says why, ends any session. */
  setUnavailable(problem: string): void;
  signedIn(user: StaffUser, emergency?: Emergency): void;
  unlocked(): void;
  lock(reason: LockReason): boolean;
  signOut(): boolean;
  activity(): void;
  osSignal(signal: 'lock-screen' | 'suspend'): void;
  /** The user's account changed (role) or went away (disabled, deleted). */
  userChanged(user: StaffUser | null): void;
  configure(idleMs: number, unlockCodeAfterMs: number): void;
  /** Whether unlocking now needs a code. */
  unlockNeedsCode(): boolean;
  dispose(): void;
}

type Phase = 'unavailable' | 'no-practice' | 'signed-out' | 'unlocked' | 'locked';

export function createSessionService(options: SessionServiceOptions): SessionService {
  const now = options.now ?? Date.now;
  let phase: Phase = 'no-practice';
  let practiceName: string | null = null;
  let problem: string | null = null;
  let user: StaffUser | null = null;
  let emergency: Emergency | null = null;
  let lockedAt: number | null = null;
  let lockReason: LockReason | null = null;
  let unlockCodeAfterMs = options.unlockCodeAfterMs;

  const unlockNeedsCode = () => phase === 'locked' && lockedAt !== null && now() - lockedAt >= unlockCodeAfterMs;

  const state = (): SessionState => ({
    state: phase,
    problem,
    user: user ? { ...user } : null,
    emergency: emergency ? { endsAt: new Date(emergency.endsAt).toISOString(), reason: emergency.reason } : null,
    unlockNeedsCode: unlockNeedsCode(),
    lockReason: phase === 'locked' ? lockReason : null,
    practiceName,
  });
  const publish = () => options.publish(state());

  const autoLock: AutoLock = createAutoLock({
    timeoutMs: options.idleMs,
    now,
    systemIdleSeconds: options.systemIdleSeconds,
    allowShortTimeoutForTests: options.allowShortTimeoutForTests,
    onLock: (reason) => service.lock(reason),
  });

  const emergencyTimer = setInterval(() => {
    if (emergency && now() >= emergency.endsAt && user) {
      const ended = user;
      service.signOut();
      options.onEmergencyEnded?.(ended);
    }
  }, 1_000);
  emergencyTimer.unref?.();

  const service: SessionService = {
    view() {
      const permissions: ReadonlySet<Permission> = phase === 'unlocked' && user ? permissionsOf(user.role) : new Set<Permission>();
      return { state: phase, permissions, user };
    },
    state,
    setPractice(name) {
      practiceName = name;
      if (phase === 'unavailable') return;
      if (name !== null && phase === 'no-practice') phase = 'signed-out';
      if (name === null) {
        phase = 'no-practice';
        user = null;
        emergency = null;
        autoLock.disarm();
      }
      publish();
    },
    setUnavailable(text) {
      phase = 'unavailable';
      problem = text;
      user = null;
      emergency = null;
      autoLock.disarm();
      publish();
    },
    signedIn(next, emergencyAccess) {
      user = { ...next };
      emergency = emergencyAccess ?? null;
      phase = 'unlocked';
      lockedAt = null;
      lockReason = null;
      autoLock.arm();
      publish();
    },
    unlocked() {
      if (phase !== 'locked') return;
      phase = 'unlocked';
      lockedAt = null;
      lockReason = null;
      autoLock.arm();
      publish();
    },
    lock(reason) {
      if (phase !== 'unlocked' || !user) return false;
      phase = 'locked';
      lockedAt = now();
      lockReason = reason;
      autoLock.disarm();
      publish();
      options.onLocked?.(user, reason);
      return true;
    },
    signOut() {
      if (phase !== 'unlocked' && phase !== 'locked') return false;
      phase = 'signed-out';
      user = null;
      emergency = null;
      lockedAt = null;
      lockReason = null;
      autoLock.disarm();
      publish();
      return true;
    },
    activity() {
      if (phase === 'unlocked') autoLock.activity();
    },
    osSignal(signal) {
      autoLock.osSignal(signal);
    },
    userChanged(next) {
      if (!user) return;
      if (next === null) {
        service.signOut();
        return;
      }
      user = { ...next };
      publish();
    },
    configure(idleMs, codeAfterMs) {
      autoLock.setTimeoutMs(idleMs);
      unlockCodeAfterMs = codeAfterMs;
    },
    unlockNeedsCode,
    dispose() {
      autoLock.dispose();
      clearInterval(emergencyTimer);
    },
  };
  return service;
}
