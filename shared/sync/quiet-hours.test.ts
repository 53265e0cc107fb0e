/** R34 table: zones, states, practice window, area-code/address mismatch (intersection), DST. */
import { describe, expect, it } from 'vitest';
import { FEDERAL_WINDOW, isInsideWindow, nextOpenTime, windowFor } from './quiet-hours';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  it.each([
    // [utc instant, zone, states, inside?]
    ['2026-03-10T11:59:00Z', 'America/New_York', [], false], // 07:59 EDT
    ['2026-03-10T12:00:00Z', 'America/New_York', [], true], // 08:00 EDT
    ['2026-03-11T00:59:00Z', 'America/New_York', [], true], // 20:59 EDT
    ['2026-03-11T01:00:00Z', 'America/New_York', [], false], // 21:00 EDT
    ['2026-03-11T00:30:00Z', 'America/New_York', ['FL'], false], // 20:30 > FL 20:00
    ['2026-03-10T13:30:00Z', 'America/New_York', ['CT'], true], // 09:30 ok in CT
    ['2026-03-10T12:30:00Z', 'America/New_York', ['CT'], false], // 08:30 too early in CT
    ['2026-03-10T15:30:00Z', 'America/Los_Angeles', ['WA'], true], // 08:30 PDT
    ['2026-03-11T03:30:00Z', 'America/Los_Angeles', ['WA'], false], // 20:30 PDT
    ['2026-03-10T14:30:00Z', 'America/Chicago', ['OK', 'CT'], true], // 09:30 CDT: intersection 9-20
    ['2026-03-10T13:30:00Z', 'America/Chicago', ['OK', 'CT'], false], // 08:30 CDT: CT rule from area code
    ['2026-07-01T18:00:00Z', 'Pacific/Honolulu', [], true], // 08:00 HST
  ] as const)('%s in %s %j → inside=%s', (iso, zone, states, inside) => {
    expect(isInsideWindow(at(iso), zone, windowFor(states))).toBe(inside);
  });

  it('a narrower practice window is respected', () => {
    const w = windowFor([], { startMinute: 10 * 60, endMinute: 17 * 60 });
    expect(isInsideWindow(at('2026-03-10T13:30:00Z'), 'America/New_York', w)).toBe(false);
    expect(isInsideWindow(at('2026-03-10T14:30:00Z'), 'America/New_York', w)).toBe(true);
  });

  it('defers to the next open time, across midnight and a DST change', () => {
    // 22:00 EST on 7 March 2026 → 08:00 EDT on 8 March (the spring-forward day).
    expect(new Date(nextOpenTime(at('2026-03-08T03:00:00Z'), 'America/New_York', FEDERAL_WINDOW)!).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    // 06:00 local → 08:00 the same day.
    expect(new Date(nextOpenTime(at('2026-06-01T10:00:00Z'), 'America/New_York', FEDERAL_WINDOW)!).toISOString()).toBe('2026-06-01T12:00:00.000Z');
    // Inside: now.
    expect(nextOpenTime(at('2026-06-01T15:00:00Z'), 'America/New_York', FEDERAL_WINDOW)).toBe(at('2026-06-01T15:00:00Z'));
  });
});
