import { describe, expect, it } from 'vitest';
import { assertPurgeAllowed, oldestProtectedInstant, RetentionError } from './audit-retention';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('audit retention (six years)', () => {
  it('the protected window is exactly six calendar years', () => {
    expect(oldestProtectedInstant(now).toISOString()).toBe('2020-03-01T12:00:00.000Z');
  });
  it.each([
    ['2020-03-01T12:00:00.000Z', true],
    ['2019-12-31T00:00:00.000Z', true],
    ['2020-03-01T12:00:00.001Z', false],
    ['2025-01-01T00:00:00.000Z', false],
    ['2026-03-01T12:00:00.000Z', false],
    ['not a date', false],
  ])('cutoff %s allowed: %s', (cutoff, allowed) => {
    const run = () => assertPurgeAllowed(new Date(cutoff), now);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(RetentionError);
  });
});
