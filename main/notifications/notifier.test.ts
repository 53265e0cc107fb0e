/** R2: notifications and the badge carry no PHI, and nothing happens while signed out. */
import { describe, expect, it } from 'vitest';
import { createNotifier, type SessionKind } from './notifier';

function setup(session: SessionKind = 'unlocked') {
  const shown: [string, string][] = [];
  const badges: number[] = [];
  let kind = session;
  let t = 0;
  const notifier = createNotifier({ port: { show: (a, b) => shown.push([a, b]), setBadge: (n) => badges.push(n) }, session: () => kind, now: () => t });
  return { notifier, shown, badges, set: (k: SessionKind) => (kind = k), tick: (ms: number) => (t += ms) };
}

describe('notifier', () => {
  it('says only "New message", and counts on the badge', () => {
    const s = setup();
    s.notifier.inbound(1);
    s.tick(10_000);
    s.notifier.inbound(3);
    expect(s.shown).toEqual([['CareRelay', 'New message'], ['CareRelay', '3 new messages']]);
    expect(s.badges).toEqual([1, 4]);
  });

  it('notifies while locked too (no PHI either way)', () => {
    const s = setup('locked');
    s.notifier.inbound(2);
    expect(s.shown).toEqual([['CareRelay', '2 new messages']]);
  });

  it.each<SessionKind>(['signed-out', 'no-practice', 'unavailable'])('does nothing while %s', (kind) => {
    const s = setup(kind);
    s.notifier.inbound(5);
    s.notifier.setUnread(3);
    expect(s.shown).toEqual([]);
    expect(s.badges).toEqual([]);
  });

  it('clears the badge at sign-out and takes the unread count from the screens', () => {
    const s = setup();
    s.notifier.inbound(2);
    s.notifier.setUnread(7);
    expect(s.notifier.badge()).toBe(7);
    s.set('signed-out');
    s.notifier.sessionChanged();
    expect(s.badges.at(-1)).toBe(0);
  });

  it('raises at most one notification every few seconds, but counts every message', () => {
    const s = setup();
    s.notifier.inbound(1);
    s.tick(1_000);
    s.notifier.inbound(1);
    expect(s.shown).toHaveLength(1);
    expect(s.notifier.badge()).toBe(2);
  });
});
