/** R20 / R27: the consent ledger's derivation table. */
import { describe, expect, it } from 'vitest';
import { deriveConsentState, writtenConsentInForce, type ConsentEventFacts } from './consent-state';

let n = 0;
const ev = (action: 'grant' | 'revoke', method: string, recordedAt: number, keyword = '', id = `ce-${String(++n).padStart(3, '0')}`): ConsentEventFacts => ({ id, action, method, keyword, recordedAt });

describe('R20 consent state is derived from the ledger, latest event first', () => {
  it.each([
    ['nothing recorded', [], 'none'],
    ['grant on a paper form', [ev('grant', 'paper-form', 10)], 'granted'],
    ['grant, then STOP', [ev('grant', 'paper-form', 10), ev('revoke', 'sms-keyword', 20, 'STOP')], 'revoked'],
    ['R27 re-grant by START', [ev('grant', 'paper-form', 10), ev('revoke', 'sms-keyword', 20, 'STOP'), ev('grant', 'sms-keyword', 30, 'START')], 'granted'],
    ['staff-entered revocation (phone call)', [ev('grant', 'verbal', 10), ev('revoke', 'phone-call', 20)], 'revoked'],
    ['R27 staff cannot lift a revocation with a verbal grant', [ev('revoke', 'sms-keyword', 20, 'STOP'), ev('grant', 'verbal', 30)], 'revoked'],
    ['R27 a newly signed form lifts it', [ev('revoke', 'sms-keyword', 20, 'STOP'), ev('grant', 'paper-form', 30)], 'granted'],
    ['R28 carrier STOP list (21610), then START', [ev('revoke', 'gateway-21610', 20), ev('grant', 'sms-keyword', 30, 'START')], 'granted'],
    ['out of order: the STOP recorded last wins', [ev('revoke', 'sms-keyword', 40, 'STOP'), ev('grant', 'paper-form', 10)], 'revoked'],
    ['out of order: START after STOP, listed first', [ev('grant', 'sms-keyword', 50, 'START'), ev('revoke', 'sms-keyword', 40, 'STOP')], 'granted'],
  ] as const)('%s → %s', (_label, events, state) => {
    expect(deriveConsentState(events).state).toBe(state);
  });

  it('the same time on two desks: the larger id is later, on every replica', () => {
    const a = ev('grant', 'paper-form', 100, '', 'ce-a');
    const b = ev('revoke', 'sms-keyword', 100, 'STOP', 'ce-b');
    expect(deriveConsentState([a, b]).state).toBe('revoked');
    expect(deriveConsentState([b, a]).state).toBe('revoked');
  });

  it('purpose-specific: each purpose is derived from its own events', () => {
    const reminders = [ev('grant', 'paper-form', 10)];
    const marketing = [ev('grant', 'paper-form', 10), ev('revoke', 'verbal', 20)];
    expect(deriveConsentState(reminders).state).toBe('granted');
    expect(deriveConsentState(marketing).state).toBe('revoked');
  });

  it('says how and when it was revoked', () => {
    expect(deriveConsentState([ev('revoke', 'sms-keyword', 20, 'ALTO')])).toEqual({ state: 'revoked', since: 20, method: 'sms-keyword', keyword: 'ALTO' });
  });
});

describe('R32 written consent in force (marketing)', () => {
  const ev = (id: string, action: 'grant' | 'revoke', method: string, recordedAt: number, keyword = '') => ({ id, action, method, keyword, recordedAt });
  it.each<[string, ReturnType<typeof ev>[], boolean]>([
    ['nothing recorded', [], false],
    ['verbal grant', [ev('a', 'grant', 'verbal', 1)], false],
    ['e-mail grant', [ev('a', 'grant', 'email', 1)], false],
    ['paper form', [ev('a', 'grant', 'paper-form', 1)], true],
    ['electronic form', [ev('a', 'grant', 'electronic-form', 1)], true],
    ['patient portal', [ev('a', 'grant', 'patient-portal', 1)], true],
    ['paper form then revoked', [ev('a', 'grant', 'paper-form', 1), ev('b', 'revoke', 'phone-call', 2)], false],
    ['paper form, STOP, START', [ev('a', 'grant', 'paper-form', 1), ev('b', 'revoke', 'sms-keyword', 2, 'STOP'), ev('c', 'grant', 'sms-keyword', 3, 'START')], false],
    ['paper form, STOP, new form', [ev('a', 'grant', 'paper-form', 1), ev('b', 'revoke', 'sms-keyword', 2, 'STOP'), ev('c', 'grant', 'electronic-form', 3)], true],
    ['out of order: the revocation recorded last wins', [ev('c', 'revoke', 'email', 5), ev('a', 'grant', 'paper-form', 1)], false],
    ['paper form, then a verbal re-grant (still the form)', [ev('a', 'grant', 'paper-form', 1), ev('b', 'grant', 'verbal', 2)], true],
  ])('%s → %s', (_label, events, expected) => {
    expect(writtenConsentInForce(events)).toBe(expected);
  });
});
