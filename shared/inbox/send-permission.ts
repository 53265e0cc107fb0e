/**
 * Owns whether staff may text a number from the inbox, before anything reaches main: consent
 * (R21) and the patient's confidential-communications request (R17). A reply is allowed when
 * the patient has recorded consent for care messages, gave the practice this number themselves
 * (or through a representative; consent by provision, FCC 2015, R18), or texted the practice
 * first (a conversation the patient started). A revocation always wins and has no override; a
 * "do not text" request refuses; an "appointments only" request asks the sender to confirm the
 * text is about an appointment. Main's compliance gate still checks its own suppression list
 * (STOP) at send time. Pure.
 */
import type { ConsentState } from '../consent/consent-state';
import { howOptedOut, optedOutMessage } from '../consent/opt-out-wording';

export type SendPermission =
  | { readonly kind: 'allowed'; readonly basis: 'recorded-consent' | 'number-provided' | 'patient-initiated' }
  | { readonly kind: 'confirm'; readonly code: 'APPOINTMENTS_ONLY'; readonly message: string; readonly basis: 'recorded-consent' | 'number-provided' | 'patient-initiated' }
  | { readonly kind: 'refused'; readonly code: 'CONSENT_REVOKED' | 'NO_CONSENT' | 'DO_NOT_TEXT'; readonly message: string };

export interface SendPermissionInput {
  /** The number's consent for care messages, from the ledger. */
  readonly consent: ConsentState;
  /** The patient the number belongs to, if matched. */
  readonly patient: { readonly textingPreference: 'any' | 'appointments-only' | 'none'; readonly phoneSource: string; readonly numberIsTheirs: boolean } | null;
  /** The patient has texted this number to the practice (the conversation has inbound messages). */
  readonly patientInitiated: boolean;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const ledgerHow = (consent: { readonly method: string; readonly keyword: string }) =>
  consent.keyword ? howOptedOut('keyword', consent.keyword) : howOptedOut(consent.method === 'gateway-21610' ? 'carrier' : 'staff');

export function inboxSendPermission(input: SendPermissionInput): SendPermission {
  const { consent, patient } = input;
  if (consent.state === 'revoked') {
    return { kind: 'refused', code: 'CONSENT_REVOKED', message: optedOutMessage(new Date(consent.since).toISOString(), ledgerHow(consent)) };
  }
  if (patient?.textingPreference === 'none') {
    return {
      kind: 'refused',
      code: 'DO_NOT_TEXT',
      message: 'Not sent: this patient asked not to be texted (a confidential-communications request). Call them instead, as their record says.',
    };
  }
  const basis =
    consent.state === 'granted'
      ? ('recorded-consent' as const)
      : patient && patient.numberIsTheirs && (patient.phoneSource === 'patient' || patient.phoneSource === 'representative')
        ? ('number-provided' as const)
        : input.patientInitiated
          ? ('patient-initiated' as const)
          : null;
  if (!basis) {
    return {
      kind: 'refused',
      code: 'NO_CONSENT',
      message: patient
        ? 'Not sent: there is no record that this patient agreed to texts at this number. On their patient page, record that they gave you the number, or record their consent.'
        : 'Not sent: there is no record that this person agreed to texts. Add them as a patient with the number they gave you, or record their consent first.',
    };
  }
  if (patient?.textingPreference === 'appointments-only') {
    return {
      kind: 'confirm',
      code: 'APPOINTMENTS_ONLY',
      basis,
      message: 'This patient asked to be texted about appointments only. Send only if this text is about an appointment.',
    };
  }
  return { kind: 'allowed', basis };
}

export type AutomatedPermission =
  | { readonly kind: 'allowed'; readonly basis: 'recorded-consent' | 'number-provided' }
  | { readonly kind: 'refused'; readonly code: 'CONSENT_REVOKED' | 'NO_CONSENT' | 'DO_NOT_TEXT' | 'NO_PROVENANCE'; readonly message: string };

/**
 * An automated text for one purpose (a reminder now, campaign steps later): the purpose's own
 * consent decides (R21; a revocation always wins), a "do not text" request refuses (R17), and
 * without recorded consent only a number the patient or their representative gave counts
 * (R18) — a conversation the patient started is not consent to automated texts.
 */
export function automatedSendPermission(input: { consent: ConsentState; patient: SendPermissionInput['patient'] & object; purposeLabel: string }): AutomatedPermission {
  const { consent, patient } = input;
  if (consent.state === 'revoked') {
    return { kind: 'refused', code: 'CONSENT_REVOKED', message: `Not scheduled: the patient opted out of ${input.purposeLabel} on ${day(consent.since)} ${ledgerHow(consent)}.` };
  }
  if (patient.textingPreference === 'none') {
    return { kind: 'refused', code: 'DO_NOT_TEXT', message: 'Not scheduled: this patient asked not to be texted (a confidential-communications request). Call them instead.' };
  }
  if (consent.state === 'granted') return { kind: 'allowed', basis: 'recorded-consent' };
  if (patient.numberIsTheirs && (patient.phoneSource === 'patient' || patient.phoneSource === 'representative')) return { kind: 'allowed', basis: 'number-provided' };
  return {
    kind: 'refused',
    code: 'NO_PROVENANCE',
    message: `Not scheduled: there is no record that the patient gave this number or agreed to ${input.purposeLabel}. Record their consent first.`,
  };
}
