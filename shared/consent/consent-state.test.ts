/** R20 / R27: the consent ledger's derivation table. */
import { describe, expect, it } from 'vitest';
import { deriveConsentState, type ConsentEventFacts } from './consent-state';

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
