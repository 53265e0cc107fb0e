/**
 * The consent ledger: append a consent event (grant or revoke, per phone number and purpose) and
 * read a number's or a patient's history; the current state is the latest event. Events are
 * never changed or deleted (the database refuses it).
 */
import { deriveConsentState, type ConsentState } from '../../../shared/consent/consent-state';
import type { RevocationFacts } from '../../../shared/consent/revocation-lag';
import type { PracticeDb } from '../database/open-practice-db';
import type { ConsentEventDoc, ConsentMethod, ConsentPurpose } from '../schema';
import { newId } from './ids';

export type ConsentEvent = Readonly<ConsentEventDoc>;

export interface NewConsentEvent {
  readonly phone: string;
  readonly patientId?: string;
  readonly purpose: ConsentPurpose;
  readonly action: 'grant' | 'revoke';
  readonly method: ConsentMethod;
  readonly formVersion?: string;
  readonly disclosures?: readonly string[];
  readonly keyword?: string;
  readonly staffId: string;
  readonly signature?: string;
  readonly sourceText?: string;
  readonly note?: string;
  readonly at?: number;
  /** When the patient's request reached the practice (R23), if earlier than now. */
  readonly receivedAt?: number;
  /** A deterministic id (events from one inbound text are the same record on every desk). */
  readonly id?: string;
}

export async function recordConsentEvent(db: PracticeDb, input: NewConsentEvent): Promise<ConsentEvent> {
  const doc: ConsentEventDoc = {
    id: input.id ?? newId('ce'),
    phoneHash: await db.blind.phone(input.phone),
    patientId: input.patientId ?? '',
    purpose: input.purpose,
    action: input.action,
    method: input.method,
    formVersion: input.formVersion ?? '',
    disclosures: [...(input.disclosures ?? [])],
    keyword: input.keyword ?? '',
    staffId: input.staffId,
    recordedAt: input.at ?? Date.now(),
    receivedAt: 0,
  };
  doc.receivedAt = input.receivedAt ?? doc.recordedAt;
  if (input.signature) doc.signature = input.signature;
  if (input.sourceText) doc.sourceText = input.sourceText;
  if (input.note) doc.note = input.note;
  await db.collections.consent_events.insert(doc);
  return doc;
}

/** Oldest first. */
export async function consentHistoryForPhone(db: PracticeDb, phone: string, purpose: ConsentPurpose): Promise<ConsentEvent[]> {
  const phoneHash = await db.blind.phone(phone);
  const docs = await db.collections.consent_events
    .find({ selector: { phoneHash, purpose, recordedAt: { $gte: 0 } }, sort: [{ phoneHash: 'asc' }, { purpose: 'asc' }, { recordedAt: 'asc' }] })
    .exec();
  return docs.map((d) => d.toJSON() as ConsentEvent);
}

export async function consentHistoryForPatient(db: PracticeDb, patientId: string, purpose: ConsentPurpose): Promise<ConsentEvent[]> {
  const docs = await db.collections.consent_events
    .find({ selector: { patientId, purpose, recordedAt: { $gte: 0 } }, sort: [{ patientId: 'asc' }, { purpose: 'asc' }, { recordedAt: 'asc' }] })
    .exec();
  return docs.map((d) => d.toJSON() as ConsentEvent);
}

/** The number's state for a purpose, derived from its events (never a stored flag). */
export async function consentStateForPhone(db: PracticeDb, phone: string, purpose: ConsentPurpose): Promise<ConsentState> {
  return deriveConsentState(await consentHistoryForPhone(db, phone, purpose));
}

/** 'granted', 'revoked', or 'unknown' when nothing was ever recorded for this number and purpose. */
export async function currentConsent(db: PracticeDb, phone: string, purpose: ConsentPurpose): Promise<'granted' | 'revoked' | 'unknown'> {
  const state = await consentStateForPhone(db, phone, purpose);
  return state.state === 'none' ? 'unknown' : state.state;
}

/** R16: the patient's standing acknowledgement of the risk of health details by text, if granted (latest event wins). */
export async function smsRiskAcknowledgement(db: PracticeDb, patientId: string): Promise<ConsentEvent | null> {
  if (!patientId) return null;
  const history = await consentHistoryForPatient(db, patientId, 'phi-by-sms');
  const state = deriveConsentState(history);
  if (state.state !== 'granted') return null;
  return [...history].sort((a, b) => b.recordedAt - a.recordedAt || (a.id < b.id ? 1 : -1))[0] ?? null;
}

/**
 * A patient's whole ledger, every purpose: the events filed under the patient and those filed
 * under their texting number before the number was matched to them (an inbound STOP from an
 * unknown sender), each once, oldest first.
 */
export async function consentLedgerForPatient(db: PracticeDb, patient: { id: string; phone: string }): Promise<ConsentEvent[]> {
  const phoneHash = await db.blind.phone(patient.phone);
  const [byPatient, byPhone] = await Promise.all([
    db.collections.consent_events.find({ selector: { patientId: patient.id } }).exec(),
    db.collections.consent_events.find({ selector: { phoneHash } }).exec(),
  ]);
  const all = new Map<string, ConsentEvent>();
  for (const d of [...byPatient, ...byPhone]) all.set(d.id, d.toJSON() as ConsentEvent);
  return [...all.values()].sort((a, b) => a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Calls `listener` whenever an event is added to the ledger on this desk (a keyword filed, staff recording); returns the unsubscribe. */
export function onConsentEventAdded(db: PracticeDb, listener: () => void): () => void {
  const subscription = db.collections.consent_events.insert$.subscribe(() => listener());
  return () => subscription.unsubscribe();
}

/**
 * Every revocation staff entered (phone, in person, letter, e-mail, portal), for R23's dashboard
 * of late entries. Only the facts the lag needs leave this function (no patient words).
 */
export async function staffEnteredRevocations(db: PracticeDb): Promise<RevocationFacts[]> {
  const docs = await db.collections.consent_events.find({ selector: { action: 'revoke', method: { $nin: ['sms-keyword', 'gateway-21610'] } } }).exec();
  return docs.map((d) => {
    const { id, patientId, phoneHash, purpose, action, method, staffId, recordedAt, receivedAt } = d.toJSON() as ConsentEvent;
    return { id, patientId, phoneHash, purpose, action, method, staffId, recordedAt, receivedAt };
  });
}
