/**
 * Owns the check of a number staff type to text a patient: normalised with libphonenumber-js
 * (any way people write a US number), refused when it is not a valid US number (CareRelay texts
 * US numbers and territories only), and flagged when it probably cannot receive texts: a
 * toll-free, premium-rate or personal-service number, or one the practice has recorded as a
 * landline (on the patient's record, or after the carrier answered 30006). Pure.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { formatUsPhone } from './us-phone';

/** NANP regions CareRelay texts: the states and the US territories. */
const US_REGIONS = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP']);

export type NumberProblemCode = 'EMPTY' | 'NOT_A_NUMBER' | 'NOT_US';
export type NumberWarningCode = 'LANDLINE' | 'TOLL_FREE' | 'PREMIUM' | 'PERSONAL';

export interface TextingNumberCheck {
  /** E.164 when the number can be used (possibly with a warning). */
  readonly e164: string | null;
  readonly problem: { readonly code: NumberProblemCode; readonly message: string } | null;
  readonly warning: { readonly code: NumberWarningCode; readonly message: string } | null;
}

export interface NumberFacts {
  /** The practice knows this number is a landline (patient record, or a 30006 from the carrier). */
  readonly knownLandline?: boolean;
}

const EXAMPLE = '(202) 555-0103';

export function checkTextingNumber(input: string, facts: NumberFacts = {}): TextingNumberCheck {
  const text = input.trim();
  if (text === '') return { e164: null, warning: null, problem: { code: 'EMPTY', message: 'Enter the patient’s mobile number.' } };
  const digits = text.replace(/\D/g, '');
  const parsed = text.length <= 32 && /^[+\d\s().\-/]+$/.test(text) ? parsePhoneNumberFromString(text, 'US') : undefined;
  if (!parsed || !parsed.isValid()) {
    const tooShort = digits.length > 0 && digits.length < 10;
    return {
      e164: null,
      warning: null,
      problem: {
        code: 'NOT_A_NUMBER',
        message: tooShort
          ? `That number is too short: a US number has 10 digits, for example ${EXAMPLE}.`
          : `That is not a valid US phone number. Type the 10-digit number, for example ${EXAMPLE}.`,
      },
    };
  }
  if (parsed.countryCallingCode !== '1' || !US_REGIONS.has(parsed.country ?? '')) {
    return { e164: null, warning: null, problem: { code: 'NOT_US', message: 'CareRelay texts US numbers only. Call this patient instead.' } };
  }
  const e164 = parsed.number;
  const shown = formatUsPhone(e164);
  const type = parsed.getType();
  let warning: TextingNumberCheck['warning'] = null;
  if (facts.knownLandline) warning = { code: 'LANDLINE', message: `${shown} is recorded as a landline, so a text will not arrive. Call the patient instead, or correct the number.` };
  else if (type === 'TOLL_FREE') warning = { code: 'TOLL_FREE', message: `${shown} is a toll-free number, which usually cannot receive texts. Check the number with the patient.` };
  else if (type === 'PREMIUM_RATE') warning = { code: 'PREMIUM', message: `${shown} is a premium-rate number, not a patient’s mobile. Check the number.` };
  else if (type === 'PERSONAL_NUMBER') warning = { code: 'PERSONAL', message: `${shown} is a personal-service (5XX) number, which may not receive texts. Check the number with the patient.` };
  return { e164, problem: null, warning };
}
