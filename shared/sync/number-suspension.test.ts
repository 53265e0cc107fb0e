/** R28 number suspension: which codes count, three in a row suspend, a delivery or an administrator clears. */
import { describe, expect, it } from 'vitest';
import { explainGatewayError, KNOWN_GATEWAY_ERROR_CODES } from './gateway-errors';
import { HEALTHY, isNumberLevelFailure, nextNumberHealth, SUSPEND_AFTER_FAILURES, type NumberHealth } from './number-suspension';

const at = '2026-03-10T16:00:00.000Z';

describe('isNumberLevelFailure', () => {
  it.each([21211, 21614, 30003, 30004, 30005, 30006, 30007, 30008, 30999])('%i counts against the number', (code) => {
    expect(isNumberLevelFailure(code)).toBe(true);
  });
  it.each([21610, 30032, 30034, 21408, 21619, 21604, 20429, 20003, 20404, 21999])('%i does not (own rule, not about the number, or not permanent)', (code) => {
    expect(isNumberLevelFailure(code)).toBe(false);
  });
  it('no code is not a number-level failure', () => expect(isNumberLevelFailure(null)).toBe(false));
  it('every counted known code is permanent in the error table', () => {
    for (const code of KNOWN_GATEWAY_ERROR_CODES.filter(isNumberLevelFailure)) expect(explainGatewayError(code).permanent).toBe(true);
  });
});

describe('nextNumberHealth', () => {
  const fail = (h: NumberHealth, code = 30006) => nextNumberHealth(h, { kind: 'failure', code, at });
  it(`suspends after ${SUSPEND_AFTER_FAILURES} consecutive number-level failures, not before`, () => {
    let h = HEALTHY;
    for (let i = 1; i < SUSPEND_AFTER_FAILURES; i++) {
      h = fail(h);
      expect(h).toMatchObject({ consecutiveFailures: i, suspendedSince: null });
    }
    h = fail(h, 30003);
    expect(h).toEqual({ consecutiveFailures: SUSPEND_AFTER_FAILURES, lastCode: 30003, suspendedSince: at });
    // Stays suspended from the first time; later failures do not move the date.
    expect(nextNumberHealth(h, { kind: 'failure', code: 30005, at: '2026-04-01T00:00:00.000Z' }).suspendedSince).toBe(at);
  });
  it('a delivery in between resets the run', () => {
    const h = fail(fail(HEALTHY));
    const reset = nextNumberHealth(h, { kind: 'delivered' });
    expect(reset).toEqual(HEALTHY);
    expect(fail(reset).suspendedSince).toBeNull();
  });
  it('an administrator clears a suspension', () => {
    const h = fail(fail(fail(HEALTHY)));
    expect(nextNumberHealth(h, { kind: 'cleared' })).toEqual(HEALTHY);
  });
  it('other errors leave the count alone (same object)', () => {
    const h = fail(HEALTHY);
    expect(nextNumberHealth(h, { kind: 'failure', code: 30034, at })).toBe(h);
    expect(nextNumberHealth(HEALTHY, { kind: 'delivered' })).toBe(HEALTHY);
  });
});
