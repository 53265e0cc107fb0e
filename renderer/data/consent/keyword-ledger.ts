/**
 * Records in the consent ledger what main already enforced while the screens may have been
 * locked (R22, R24, R27, R28): an inbound STOP-family keyword revokes every messaging purpose of
 * that number (R26's default scope: all automated messages); an inbound START restores the
 * purposes a keyword or the carrier had revoked (never marketing that was never granted, R32); a
 * 21610 from the gateway records a revocation "at the carrier". Ids are derived from the
 * gateway SID or client id, so two desks filing the same text write the same events once.
 */
import { keywordOf } from '../../../shared/consent/opt-out-wording';
import { deriveConsentState, type ConsentState } from '../../../shared/consent/consent-state';
import type { PracticeDb } from '../database/open-practice-db';
import { consentHistoryForPhone, recordConsentEvent, type NewConsentEvent } from '../repositories/consent';
import { findPatientsByPhone } from '../repositories/patients';
import type { ConsentPurpose } from '../schema';

/** The purposes a STOP covers by default (R26); phi-by-sms is an acknowledgement, not a programme. */
export const MESSAGING_PURPOSES: readonly ConsentPurpose[] = ['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing'];
export const SYSTEM_STAFF = 'system';

/** A purpose a revocation changes: not already revoked, and not marketing that was never granted. */
const revocable = (purpose: ConsentPurpose, state: ConsentState) => state.state !== 'revoked' && !(purpose === 'marketing' && state.state === 'none');

type PurposeEvent = Omit<NewConsentEvent, 'id' | 'phone' | 'purpose'>;

/**
 * The one loop every entry here shares: for each messaging purpose, unless the event with its
 * derived id (`ce-<source>-<purpose>`) is already in the ledger, `decide` reads the purpose's
 * current state and says what to record, if anything. Returns how many events were written.
 */
async function forEachMessagingPurpose(
  db: PracticeDb,
  phone: string,
  source: string,
  decide: (purpose: ConsentPurpose, state: ConsentState, patientId: string) => PurposeEvent | null,
): Promise<number> {
  const patientId = (await findPatientsByPhone(db, phone))[0]?.id ?? '';
  let written = 0;
  for (const purpose of MESSAGING_PURPOSES) {
    const id = `ce-${source}-${purpose}`;
    if (await db.collections.consent_events.findOne(id).exec()) continue;
    const event = decide(purpose, deriveConsentState(await consentHistoryForPhone(db, phone, purpose)), patientId);
    if (!event) continue;
    await recordConsentEvent(db, { id, phone, purpose, ...event });
    written++;
  }
  return written;
}

export async function recordInboundKeyword(db: PracticeDb, input: { from: string; keyword: 'stop' | 'start'; body: string; receivedAt: number; sid: string }): Promise<number> {
  const common = { method: 'sms-keyword' as const, keyword: keywordOf(input.body), staffId: SYSTEM_STAFF, at: Date.now(), receivedAt: input.receivedAt };
  return forEachMessagingPurpose(db, input.from, input.sid, (purpose, state, patientId) => {
    if (input.keyword === 'stop') return revocable(purpose, state) ? { ...common, patientId, action: 'revoke', sourceText: input.body } : null;
    // START restores what a keyword or the carrier revoked (so never marketing never granted: R32).
    return state.state === 'revoked' && (state.method === 'sms-keyword' || state.method === 'gateway-21610') ? { ...common, patientId, action: 'grant' } : null;
  });
}

/** R28: the carrier says the number opted out (21610): record it if the ledger did not know. */
export async function recordCarrierOptOut(db: PracticeDb, input: { to: string; clientId: string; at: number }): Promise<number> {
  return forEachMessagingPurpose(db, input.to, input.clientId, (purpose, state, patientId) =>
    revocable(purpose, state)
      ? { patientId, action: 'revoke', method: 'gateway-21610', keyword: '', sourceText: 'Carrier opt-out list (gateway error 21610)', staffId: SYSTEM_STAFF, at: Date.now(), receivedAt: input.at }
      : null,
  );
}

/**
 * R22/R19: staff confirm that a flagged text is an opt-out (or a wrong number): every messaging
 * purpose of the number is revoked with the patient's words, received when the text arrived.
 */
export async function recordConfirmedOptOut(
  db: PracticeDb,
  input: { phone: string; body: string; receivedAt: number; messageId: string; staffId: string; wrongNumber: boolean },
): Promise<number> {
  return forEachMessagingPurpose(db, input.phone, input.messageId, (purpose, state, patientId) =>
    revocable(purpose, state)
      ? {
          patientId: input.wrongNumber ? '' : patientId,
          action: 'revoke',
          method: 'sms-keyword',
          keyword: '',
          sourceText: input.body,
          staffId: input.staffId,
          receivedAt: input.receivedAt,
          ...(input.wrongNumber ? { note: 'Wrong number: the reply says this number is not the patient’s (R19).' } : {}),
        }
      : null,
  );
}
