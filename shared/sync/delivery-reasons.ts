/**
 * Owns what the screens say about a message that did not go out or did not arrive: for a
 * gateway error code (via gateway-errors.ts) or one of main's local reason codes, a plain-English
 * explanation and the next step for the person at the desk (landline: call instead; opted out:
 * cannot text). Main uses the same table for the outbox's `errorText`, so both say the same.
 * Pure; no patient data in any text.
 */
import { explainGatewayError, type GatewayErrorKind } from './gateway-errors';

export interface DeliveryReason {
  readonly explanation: string;
  /** What to do now, or null when nothing is needed (it will be retried). */
  readonly nextStep: string | null;
  /** A final failure (true) or a wait / retry (false). */
  readonly final: boolean;
}

const CALL = 'Call the patient instead.';
const OPTED_OUT_NEXT = 'You cannot text this patient until they text START. Call them if you need to reach them.';

export const LOCAL_REASONS: Readonly<Record<string, DeliveryReason>> = {
  CONSENT_REVOKED: { explanation: 'Cancelled: the patient opted out of texts.', nextStep: OPTED_OUT_NEXT, final: true },
  RECIPIENT_OPTED_OUT: { explanation: 'Not sent: the patient has opted out of texts.', nextStep: OPTED_OUT_NEXT, final: true },
  GATEWAY_NOT_COVERED: { explanation: 'Not sent: the gateway is not configured as HIPAA/BAA-covered.', nextStep: 'Ask your administrator to record the gateway’s Business Associate Agreement in Settings.', final: true },
  SEND_WINDOW_PASSED: { explanation: 'Not sent: the time it was meant to go out has passed.', nextStep: 'Send a new text if it is still needed.', final: true },
  NO_SEND_TIME: { explanation: 'Not sent: there was no allowed sending time before it expired.', nextStep: 'Send a new text if it is still needed.', final: true },
  INVALID_RECIPIENT: { explanation: 'Not sent: the number is not valid.', nextStep: 'Check the number with the patient and correct it on their record.', final: true },
  EMPTY_MESSAGE: { explanation: 'Not sent: the message is empty.', nextStep: null, final: true },
  QUIET_HOURS: { explanation: "Waiting: outside the allowed hours in the patient's time zone.", nextStep: null, final: false },
  FREQUENCY_CAP: { explanation: 'Waiting: the patient already had the most automated texts allowed in 24 hours.', nextStep: null, final: false },
  NOT_BEFORE: { explanation: 'Waiting for its scheduled time.', nextStep: null, final: false },
  CANCELLED_BY_STAFF: { explanation: 'Cancelled by staff.', nextStep: null, final: true },
  TIMEOUT: { explanation: 'The gateway did not answer in time; CareRelay is checking whether it arrived.', nextStep: null, final: false },
  NETWORK: { explanation: 'The connection dropped; CareRelay is checking whether it arrived.', nextStep: null, final: false },
  REFUSED: { explanation: 'The gateway could not be reached; it will be sent when the connection returns.', nextStep: null, final: false },
  NUMBER_SUSPENDED: { explanation: 'Not sent: automated texts to this number are suspended after repeated carrier failures.', nextStep: 'Check the number with the patient; an administrator can lift the suspension.', final: true },
};

const NEXT_BY_KIND: Readonly<Partial<Record<GatewayErrorKind, string>>> = {
  landline: CALL,
  'opted-out': OPTED_OUT_NEXT,
  'invalid-recipient': 'Check the number with the patient and correct it on their record, or call them.',
  unreachable: 'Try again later, or call the patient.',
  blocked: CALL,
  'sender-unregistered': 'Tell your administrator: the practice’s texting registration needs attention.',
  'region-disabled': 'Tell your administrator.',
  auth: 'Tell your administrator.',
  unknown: 'Try again later, or call the patient.',
};

/** Codes whose next step differs from their kind's. */
const NEXT_BY_CODE: Readonly<Record<number, string>> = { 21614: CALL };

const UNEXPECTED: DeliveryReason = { explanation: 'The gateway gave an unexpected answer; CareRelay is checking and will retry.', nextStep: null, final: false };

/** The reason for a failure or wait code, or null when there is none. */
export function explainDeliveryCode(code: string | null | undefined): DeliveryReason | null {
  if (code === null || code === undefined || code === '') return null;
  if (/^\d{1,5}$/.test(code)) {
    const info = explainGatewayError(Number(code));
    return { explanation: info.explanation, nextStep: info.permanent ? (NEXT_BY_CODE[Number(code)] ?? NEXT_BY_KIND[info.kind] ?? null) : null, final: info.permanent };
  }
  return LOCAL_REASONS[code] ?? UNEXPECTED;
}
