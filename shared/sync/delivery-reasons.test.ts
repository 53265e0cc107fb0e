/** Every failure the thread can show has an explanation, and the final ones a next step. */
import { describe, expect, it } from 'vitest';
import { explainDeliveryCode, LOCAL_REASONS } from './delivery-reasons';
import { KNOWN_GATEWAY_ERROR_CODES } from './gateway-errors';

describe('delivery reasons', () => {
  it.each([
    ['30006', /landline/, /Call the patient/],
    ['21614', /not a mobile/, /Call the patient/],
    ['21610', /opted out/, /START/],
    ['RECIPIENT_OPTED_OUT', /opted out/, /START/],
    ['CONSENT_REVOKED', /opted out/, /START/],
    ['30003', /could not be reached/, /call/],
    ['21211', /not a valid mobile number/, /correct it/],
    ['30034', /not registered/, /administrator/],
  ])('%s explains itself and says what to do', (code, explanation, next) => {
    const reason = explainDeliveryCode(code)!;
    expect(reason.explanation).toMatch(explanation);
    expect(reason.nextStep).toMatch(next);
    expect(reason.final).toBe(true);
  });

  it.each(['QUIET_HOURS', 'REFUSED', 'TIMEOUT', '20429'])('%s is a wait, not a failure', (code) => {
    expect(explainDeliveryCode(code)).toMatchObject({ final: false, nextStep: null });
  });

  it('covers every known code and every local reason, and nothing for no code', () => {
    for (const code of [...KNOWN_GATEWAY_ERROR_CODES.map(String), ...Object.keys(LOCAL_REASONS)]) expect(explainDeliveryCode(code)?.explanation.length).toBeGreaterThan(10);
    expect(explainDeliveryCode(null)).toBeNull();
    expect(explainDeliveryCode('')).toBeNull();
    expect(explainDeliveryCode('SOMETHING_NEW')?.explanation).toMatch(/unexpected/);
  });
});
