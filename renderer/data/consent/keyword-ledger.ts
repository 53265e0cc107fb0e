/**
 * Records in the consent ledger what main already enforced while the screens may have been
 * locked (R22, R24, R27, R28): an inbound STOP-family keyword revokes every messaging purpose of
 * that number (R26's default scope: all automated messages); an inbound START restores the
 * purposes a keyword or the carrier had revoked (never marketing that was never granted, R32); a
 * 21610 from the gateway records a revocation "at the carrier". Ids are derived from the
 * gateway SID or client id, so two desks filing the same text write the same events once.
 */
import { deriveConsentState } from '../../../shared/consent/consent-state';
import type { PracticeDb } from '../database/open-practice-db';
import { consentHistoryForPhone, recordConsentEvent } from '../repositories/consent';
import { findPatientsByPhone } from '../repositories/patients';
import type { ConsentPurpose } from '../schema';

/** The purposes a STOP covers by default (R26); phi-by-sms is an acknowledgement, not a programme. */
export const MESSAGING_PURPOSES: readonly ConsentPurpose[] = ['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing'];
export const SYSTEM_STAFF = 'system';

const keywordOf = (body: string) => body.normalize('NFKD').replace(/[^\p{L}\s]/gu, '').trim().toUpperCase().slice(0, 16);

export async function recordInboundKeyword(db: PracticeDb, input: { from: string; keyword: 'stop' | 'start'; body: string; receivedAt: number; sid: string }): Promise<number> {
  const patientId = (await findPatientsByPhone(db, input.from))[0]?.id ?? '';
  let written = 0;
  for (const purpose of MESSAGING_PURPOSES) {
    const state = deriveConsentState(await consentHistoryForPhone(db, input.from, purpose));
    const id = `ce-${input.sid}-${purpose}`;
    if (await db.collections.consent_events.findOne(id).exec()) continue;
    // Marketing never granted needs no revocation (and START must not grant it: R32 wants writing).
    const nothingToRevoke = purpose === 'marketing' && state.state === 'none';
    if (input.keyword === 'stop' && state.state !== 'revoked' && !nothingToRevoke) {
      await recordConsentEvent(db, { id, phone: input.from, patientId, purpose, action: 'revoke', method: 'sms-keyword', keyword: keywordOf(input.body), sourceText: input.body, staffId: SYSTEM_STAFF, at: Date.now(), receivedAt: input.receivedAt });
      written++;
    }
    if (input.keyword === 'start' && state.state === 'revoked' && (state.method === 'sms-keyword' || state.method === 'gateway-21610')) {
      await recordConsentEvent(db, { id, phone: input.from, patientId, purpose, action: 'grant', method: 'sms-keyword', keyword: keywordOf(input.body), staffId: SYSTEM_STAFF, at: Date.now(), receivedAt: input.receivedAt });
      written++;
    }
  }
  return written;
}

/** R28: the carrier says the number opted out (21610): record it if the ledger did not know. */
export async function recordCarrierOptOut(db: PracticeDb, input: { to: string; clientId: string; at: number }): Promise<number> {
  const patientId = (await findPatientsByPhone(db, input.to))[0]?.id ?? '';
  let written = 0;
  for (const purpose of MESSAGING_PURPOSES) {
    const state = deriveConsentState(await consentHistoryForPhone(db, input.to, purpose));
    const id = `ce-${input.clientId}-${purpose}`;
    if (state.state === 'revoked' || (purpose === 'marketing' && state.state === 'none') || (await db.collections.consent_events.findOne(id).exec())) continue;
    await recordConsentEvent(db, { id, phone: input.to, patientId, purpose, action: 'revoke', method: 'gateway-21610', keyword: '', sourceText: 'Carrier opt-out list (gateway error 21610)', staffId: SYSTEM_STAFF, at: Date.now(), receivedAt: input.at });
    written++;
  }
  return written;
}

/**
 * R22/R19: staff confirm that a flagged text is an opt-out (or a wrong number): every messaging
 * purpose of the number is revoked with the patient's words, received when the text arrived.
 */
export async function recordConfirmedOptOut(
  db: PracticeDb,
  input: { phone: string; body: string; receivedAt: number; messageId: string; staffId: string; wrongNumber: boolean },
): Promise<number> {
  const patientId = input.wrongNumber ? '' : ((await findPatientsByPhone(db, input.phone))[0]?.id ?? '');
  let written = 0;
  for (const purpose of MESSAGING_PURPOSES) {
    const state = deriveConsentState(await consentHistoryForPhone(db, input.phone, purpose));
    const id = `ce-${input.messageId}-${purpose}`;
    if (state.state === 'revoked' || (purpose === 'marketing' && state.state === 'none') || (await db.collections.consent_events.findOne(id).exec())) continue;
    await recordConsentEvent(db, {
      id,
      phone: input.phone,
      patientId,
      purpose,
      action: 'revoke',
      method: 'sms-keyword',
      keyword: '',
      sourceText: input.body,
      staffId: input.staffId,
      receivedAt: input.receivedAt,
      ...(input.wrongNumber ? { note: 'Wrong number: the reply says this number is not the patient’s (R19).' } : {}),
    });
    written++;
  }
  return written;
}
