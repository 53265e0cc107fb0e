import { describe, expect, it } from 'vitest';
import { wallClockToInstant } from './wall-clock';

describe('wallClockToInstant', () => {
  it.each([
    ['2026-12-09', '09:30', 'America/Chicago', '2026-12-09T15:30:00.000Z'],
    ['2026-12-09', '00:00', 'America/New_York', '2026-12-09T05:00:00.000Z'],
    ['2026-07-01', '12:00', 'America/Los_Angeles', '2026-07-01T19:00:00.000Z'],
    ['2026-03-08', '03:30', 'America/New_York', '2026-03-08T07:30:00.000Z'], // the morning clocks go forward
    ['2026-11-01', '12:00', 'America/Denver', '2026-11-01T19:00:00.000Z'], // after they go back
    ['2026-06-15', '08:00', 'Pacific/Honolulu', '2026-06-15T18:00:00.000Z'],
  ])('%s %s in %s is %s', (day, time, zone, iso) => {
    expect(new Date(wallClockToInstant(day, zone, time)).toISOString()).toBe(iso);
  });

  it.each([
    ['2026-02-30', '09:00'],
    ['2026-13-01', '09:00'],
    ['2026-12-09', '24:00'],
    ['12/09/2026', '09:00'],
    ['2026-12-09', '9:30'],
    ['', ''],
  ])('refuses %j %j', (day, time) => {
    expect(wallClockToInstant(day, 'America/Chicago', time)).toBeNaN();
  });

  it('midnight by default', () => {
    expect(new Date(wallClockToInstant('2026-12-09', 'America/Chicago')).toISOString()).toBe('2026-12-09T06:00:00.000Z');
  });
});
