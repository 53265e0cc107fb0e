/** R17/R21 for inbox sends, table-driven: every basis, a revocation without override, preferences. */
import { describe, expect, it } from 'vitest';
import { deriveConsentState, type ConsentEventFacts } from '../consent/consent-state';
import { automatedSendPermission, inboxSendPermission, type SendPermissionInput } from './send-permission';

const ev = (id: string, action: 'grant' | 'revoke', recordedAt: number, keyword = '', method = 'paper-form'): ConsentEventFacts => ({ id, action, recordedAt, keyword, method });
const T = Date.UTC(2026, 2, 2, 15);
const none = deriveConsentState([]);
const granted = deriveConsentState([ev('a', 'grant', T)]);
const revoked = deriveConsentState([ev('a', 'grant', T), ev('b', 'revoke', T + 1, 'STOP', 'sms-keyword')]);
const mine = (textingPreference: 'any' | 'appointments-only' | 'none', phoneSource = 'patient', numberIsTheirs = true) => ({ textingPreference, phoneSource, numberIsTheirs });

describe('inbox send permission', () => {
  it.each<[string, SendPermissionInput, string, string]>([
    ['recorded consent', { consent: granted, patient: null, patientInitiated: false }, 'allowed', 'recorded-consent'],
    ['number given by the patient', { consent: none, patient: mine('any'), patientInitiated: false }, 'allowed', 'number-provided'],
    ['number given by a representative', { consent: none, patient: mine('any', 'representative'), patientInitiated: false }, 'allowed', 'number-provided'],
    ['the patient texted first', { consent: none, patient: null, patientInitiated: true }, 'allowed', 'patient-initiated'],
    ['number typed by staff, no consent, no inbound', { consent: none, patient: mine('any', 'staff'), patientInitiated: false }, 'refused', 'NO_CONSENT'],
    ['provenance unknown', { consent: none, patient: mine('any', 'unknown'), patientInitiated: false }, 'refused', 'NO_CONSENT'],
    ["another patient's number", { consent: none, patient: mine('any', 'patient', false), patientInitiated: false }, 'refused', 'NO_CONSENT'],
    ['a stranger', { consent: none, patient: null, patientInitiated: false }, 'refused', 'NO_CONSENT'],
    ['revoked beats recorded provenance', { consent: revoked, patient: mine('any'), patientInitiated: true }, 'refused', 'CONSENT_REVOKED'],
    ['do not text', { consent: granted, patient: mine('none'), patientInitiated: true }, 'refused', 'DO_NOT_TEXT'],
    ['appointments only', { consent: granted, patient: mine('appointments-only'), patientInitiated: false }, 'confirm', 'APPOINTMENTS_ONLY'],
  ])('%s → %s %s', (_label, input, kind, detail) => {
    const answer = inboxSendPermission(input);
    expect(answer.kind).toBe(kind);
    expect('code' in answer ? answer.code : answer.basis).toBe(detail);
  });

  it('says when and how a patient opted out, in plain words', () => {
    const answer = inboxSendPermission({ consent: revoked, patient: null, patientInitiated: true });
    expect(answer.kind === 'refused' && answer.message).toContain('opted out of texts on 2026-03-02 by text “STOP”');
  });
});

describe('automated send permission (reminders, campaign steps)', () => {
  it.each<[string, Parameters<typeof automatedSendPermission>[0]['consent'], ReturnType<typeof mine>, string, string]>([
    ['R21: recorded consent for the purpose', granted, mine('any', 'staff'), 'allowed', 'recorded-consent'],
    ['R18: number given by the patient', none, mine('any'), 'allowed', 'number-provided'],
    ['R18: number given by a representative', none, mine('any', 'representative'), 'allowed', 'number-provided'],
    ['R18: number without provenance is excluded', none, mine('any', 'unknown'), 'refused', 'NO_PROVENANCE'],
    ['R18: number typed by staff is excluded', none, mine('any', 'staff'), 'refused', 'NO_PROVENANCE'],
    ["R18: another patient's number is excluded", none, mine('any', 'patient', false), 'refused', 'NO_PROVENANCE'],
    ['R21: a revocation wins over provenance and has no override', revoked, mine('any'), 'refused', 'CONSENT_REVOKED'],
    ['R17: phone only (do not text) cannot be reminded', granted, mine('none'), 'refused', 'DO_NOT_TEXT'],
    ['R17: appointments only may get an appointment reminder', granted, mine('appointments-only'), 'allowed', 'recorded-consent'],
  ])('%s → %s %s', (_label, consent, patient, kind, detail) => {
    const answer = automatedSendPermission({ consent, patient, purposeLabel: 'appointment reminders' });
    expect(answer.kind).toBe(kind);
    expect('code' in answer ? answer.code : answer.basis).toBe(detail);
  });

  it('R33: there is no exemption mode — without consent or provenance an automated text is refused', () => {
    expect(automatedSendPermission({ consent: none, patient: mine('any', 'unknown'), purposeLabel: 'appointment reminders' })).toMatchObject({ kind: 'refused' });
  });
});
