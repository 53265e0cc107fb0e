/** Session state machine: sign-in, idle and OS locks, unlock-code rule, disabled users, emergency expiry (SEC-LOCK-01). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionState, StaffUser } from '../../shared/ipc';
import { createSessionService } from './session-service';

const MIN = 60_000;
const ada: StaffUser = { id: 'u1', username: 'ada.test', fullName: 'Ada Testperson', role: 'front-desk' };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function make(extra: Partial<Parameters<typeof createSessionService>[0]> = {}) {
  const published: SessionState[] = [];
  const onLocked = vi.fn();
  const service = createSessionService({ idleMs: 10 * MIN, unlockCodeAfterMs: 60 * MIN, publish: (s) => published.push(s), onLocked, now: () => Date.now(), ...extra });
  service.setPractice('Synthetic Family Clinic');
  return { service, published, onLocked };
}

describe('session service', () => {
  it('walks no-practice → signed-out → unlocked → locked → unlocked → signed-out', () => {
    const { service, published } = make();
    expect(service.state().state).toBe('signed-out');
    service.signedIn(ada);
    expect(service.view().permissions.has('inbox.use')).toBe(true);
    expect(service.view().permissions.has('users.manage')).toBe(false);
    service.lock('manual');
    expect(service.state()).toMatchObject({ state: 'locked', lockReason: 'manual', user: { id: 'u1' } });
    expect(service.view().permissions.size).toBe(0);
    service.unlocked();
    expect(service.state().state).toBe('unlocked');
    service.signOut();
    expect(service.state()).toMatchObject({ state: 'signed-out', user: null });
    expect(published.map((s) => s.state)).toEqual(['signed-out', 'unlocked', 'locked', 'unlocked', 'signed-out']);
  });

  it('locks after the idle time and reports the reason; activity postpones it', () => {
    const { service, onLocked } = make();
    service.signedIn(ada);
    vi.advanceTimersByTime(8 * MIN);
    service.activity();
    vi.advanceTimersByTime(8 * MIN);
    expect(service.state().state).toBe('unlocked');
    vi.advanceTimersByTime(3 * MIN);
    expect(service.state()).toMatchObject({ state: 'locked', lockReason: 'idle' });
    expect(onLocked).toHaveBeenCalledWith(ada, 'idle');
  });

  it.each([
    ['lock-screen', 'os-lock-screen'],
    ['suspend', 'os-suspend'],
  ] as const)('locks at once on %s', (signal, reason) => {
    const { service } = make();
    service.signedIn(ada);
    service.osSignal(signal);
    expect(service.state()).toMatchObject({ state: 'locked', lockReason: reason });
  });

  it('asks for the code to unlock once the lock lasted longer than the configured span', () => {
    const { service } = make();
    service.signedIn(ada);
    service.lock('manual');
    expect(service.unlockNeedsCode()).toBe(false);
    vi.advanceTimersByTime(61 * MIN);
    expect(service.unlockNeedsCode()).toBe(true);
    expect(service.state().unlockNeedsCode).toBe(true);
  });

  it('signs a disabled user out at once, and follows a role change', () => {
    const { service } = make();
    service.signedIn(ada);
    service.userChanged({ ...ada, role: 'practice-manager' });
    expect(service.view().permissions.has('campaigns.manage')).toBe(true);
    service.userChanged(null);
    expect(service.state().state).toBe('signed-out');
  });

  it('ends an emergency session when its time is up', () => {
    const ended = vi.fn();
    const { service } = make({ onEmergencyEnded: ended });
    service.signedIn({ ...ada, role: 'administrator' }, { endsAt: Date.now() + 30 * MIN, reason: 'Administrator locked out during clinic hours' });
    expect(service.state().emergency?.reason).toMatch(/locked out/);
    vi.advanceTimersByTime(30 * MIN + 2_000);
    expect(service.state().state).toBe('signed-out');
    expect(ended).toHaveBeenCalled();
  });
});
