import { describe, expect, it } from 'vitest';
import { reminderWindow } from './reminder-window';

const H = 3_600_000;
const now = Date.UTC(2026, 11, 2, 15, 0);

describe('reminder window', () => {
  it.each([
    ['three days away: from 24 h before until 1 h before', now + 72 * H, { notBefore: now + 48 * H, notAfter: now + 71 * H }],
    ['ten hours away: from now', now + 10 * H, { notBefore: now, notAfter: now + 9 * H }],
    ['exactly one hour away: none', now + H, null],
    ['thirty minutes away: none', now + 0.5 * H, null],
    ['already past: none', now - H, null],
  ])('%s', (_label, startsAt, expected) => {
    expect(reminderWindow(startsAt, now)).toEqual(expected);
  });

  it('honours a practice lead time and cut-off', () => {
    expect(reminderWindow(now + 72 * H, now, { leadHours: 48, cutoffMinutes: 120 })).toEqual({ notBefore: now + 24 * H, notAfter: now + 70 * H });
  });
});
