/** One sender at a time: taking, renewing, waiting, handing over, and two desks taking at once. */
import { describe, expect, it } from 'vitest';
import { decideLease, mergeLeases, NO_LEASE, releaseLease, SENDER_LEASE_MS, SENDER_RENEW_BEFORE_MS, type SenderLease } from './sender-lease';

const T = 1_800_000_000_000;

describe('sender lease', () => {
  it.each<[string, SenderLease, string, number, string]>([
    ['nobody holds it: take it', NO_LEASE, 'desk-a', T, 'take'],
    ['my live lease: send, no renewal yet', { holder: 'desk-a', term: 3, expiresAt: T + SENDER_LEASE_MS - 1 }, 'desk-a', T, 'send'],
    ['my lease running low: send and renew', { holder: 'desk-a', term: 3, expiresAt: T + SENDER_RENEW_BEFORE_MS - 1 }, 'desk-a', T, 'send'],
    ['a colleague desk holds it: wait', { holder: 'desk-b', term: 3, expiresAt: T + 10_000 }, 'desk-a', T, 'wait'],
    ['the holder went quiet and it expired: take over', { holder: 'desk-b', term: 3, expiresAt: T - 1 }, 'desk-a', T, 'take'],
    ['a lease far in the future (a wrong clock) is not trusted', { holder: 'desk-b', term: 3, expiresAt: T + 10 * SENDER_LEASE_MS }, 'desk-a', T, 'take'],
  ])('%s', (_name, lease, desk, now, action) => {
    expect(decideLease(lease, desk, now).action).toBe(action);
  });

  it('taking raises the term; renewing keeps it', () => {
    const taken = decideLease({ holder: 'desk-b', term: 3, expiresAt: T - 1 }, 'desk-a', T);
    expect(taken).toEqual({ action: 'take', lease: { holder: 'desk-a', term: 4, expiresAt: T + SENDER_LEASE_MS } });
    const renewed = decideLease({ holder: 'desk-a', term: 4, expiresAt: T + 1_000 }, 'desk-a', T);
    expect(renewed).toEqual({ action: 'send', renew: { holder: 'desk-a', term: 4, expiresAt: T + SENDER_LEASE_MS } });
  });

  it('a desk shutting down releases it, so the next desk takes over at once', () => {
    const released = releaseLease({ holder: 'desk-a', term: 4, expiresAt: T + 20_000 }, 'desk-a', T);
    expect(decideLease(released, 'desk-b', T).action).toBe('take');
    // Even for a desk whose estimate of the server's time is a second behind the releasing desk's.
    expect(decideLease(released, 'desk-b', T - 1_000).action).toBe('take');
    expect(released.expiresAt).toBe(0);
    expect(releaseLease(released, 'desk-c', T)).toBe(released);
  });

  it('two desks taking at once end with one holder on both, whatever order the versions arrive in', () => {
    const expired: SenderLease = { holder: 'desk-c', term: 7, expiresAt: T - 1 };
    const a = (decideLease(expired, 'desk-a', T) as { lease: SenderLease }).lease;
    const b = (decideLease(expired, 'desk-b', T + 5) as { lease: SenderLease }).lease;
    const winner = mergeLeases(a, b);
    expect(mergeLeases(b, a)).toEqual(winner);
    expect(winner.holder).toBe('desk-a');
    // The loser sees it is not the holder at its next check and stops sending.
    expect(decideLease(winner, 'desk-b', T + 10).action).toBe('wait');
    // A renewal by the loser before it heard still loses; a later term always wins.
    expect(mergeLeases(winner, { ...b, expiresAt: T + 2 * SENDER_LEASE_MS - 1 }).holder).toBe('desk-a');
    expect(mergeLeases(winner, { holder: 'desk-b', term: 9, expiresAt: T })).toEqual({ holder: 'desk-b', term: 9, expiresAt: T });
    expect(mergeLeases(winner, winner)).toEqual(winner);
  });
});
