/** R23: backdated receipt dates trigger the warning (over 5 business days) and the error (over 10). */
import { describe, expect, it } from 'vitest';
import { businessDaysBetween, revocationLag } from './revocation-lag';

describe('R23 revocation entry lag in business days', () => {
  it.each([
    ['2026-12-01', '2026-12-01', 0, 'ok'],
    ['2026-12-04', '2026-12-07', 1, 'ok'], // Friday → Monday
    ['2026-12-01', '2026-12-08', 5, 'ok'],
    ['2026-12-01', '2026-12-09', 6, 'warning'],
    ['2026-12-01', '2026-12-15', 10, 'warning'],
    ['2026-12-01', '2026-12-16', 11, 'error'],
    ['2026-12-09', '2026-12-01', 0, 'ok'], // entered before received: no lag
  ] as const)('received %s, entered %s → %i business days, %s', (received, entered, days, level) => {
    expect(businessDaysBetween(received, entered)).toBe(days);
    expect(revocationLag(received, entered)).toEqual({ days, level });
  });
});
