/**
 * Patients for the screens: add (with the texting number's blind index and who gave it), read
 * by id, list by name, find by phone number through the blind index (an inbound text finds its
 * patient without decrypting anyone), and edit. Adding a patient or changing their number
 * links the open conversation with that number, so the queue shows their name.
 */
import type { PracticeDb } from '../database/open-practice-db';
import type { PatientDoc } from '../schema';
import { newId } from './ids';
import { PATIENT_FIELD_GROUPS, patientFieldGroup } from '../../../shared/replication/patient-merge';

export type Patient = Readonly<PatientDoc>;

export interface NewPatient {
  givenName: string;
  familyName: string;
  phone: string;
  phoneType?: PatientDoc['phoneType'];
  phoneSource?: PatientDoc['phoneSource'];
  otherPhones?: PatientDoc['otherPhones'];
  dateOfBirth?: string;
  email?: string;
  notes?: string;
  preferredLanguage?: 'en' | 'es';
  textingPreference?: PatientDoc['textingPreference'];
  preferenceNote?: string;
  preferenceWritten?: boolean;
  contactWindow?: PatientDoc['contactWindow'];
  addressState?: string;
  timeZone?: string;
  id?: string;
}

const OPTIONAL = ['dateOfBirth', 'email', 'notes', 'preferenceNote', 'contactWindow', 'addressState', 'timeZone', 'otherPhones'] as const;

export async function buildPatientDoc(db: PracticeDb, input: NewPatient, now: number): Promise<PatientDoc> {
  const { e164: phone, hash: phoneHash } = await db.blind.phoneWithHash(input.phone);
  const doc: PatientDoc = {
    id: input.id ?? newId('p'),
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    phone,
    phoneHash,
    phoneType: input.phoneType ?? 'unknown',
    phoneSource: input.phoneSource ?? 'unknown',
    phoneRecordedAt: input.phoneSource && input.phoneSource !== 'unknown' ? now : 0,
    preferredLanguage: input.preferredLanguage ?? 'en',
    textingPreference: input.textingPreference ?? 'any',
    preferenceWritten: input.preferenceWritten ?? false,
    createdAt: now,
    updatedAt: now,
    fieldEditedAt: Object.fromEntries(Object.keys(PATIENT_FIELD_GROUPS).map((group) => [group, now])),
  };
  for (const key of OPTIONAL) {
    const value = input[key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    (doc as unknown as Record<string, unknown>)[key] = value;
  }
  return doc;
}

/** Links unmatched conversations with these numbers to their new patients. */
async function linkConversations(db: PracticeDb, patients: readonly PatientDoc[], now: number): Promise<void> {
  for (const p of patients) {
    const conversation = await db.collections.conversations.findOne({ selector: { phoneHash: p.phoneHash } }).exec();
    if (conversation && conversation.patientId === '') await conversation.incrementalPatch({ patientId: p.id, updatedAt: Math.max(conversation.updatedAt, now) });
  }
}

export async function addPatients(db: PracticeDb, inputs: readonly NewPatient[], now = Date.now()): Promise<Patient[]> {
  const docs = await Promise.all(inputs.map((input) => buildPatientDoc(db, input, now)));
  const result = await db.collections.patients.bulkInsert(docs);
  if (result.error.length > 0) throw new Error(`${result.error.length} patient record(s) could not be saved.`);
  await linkConversations(db, docs, now);
  return docs;
}

export async function getPatient(db: PracticeDb, id: string): Promise<Patient | null> {
  const doc = await db.collections.patients.findOne(id).exec();
  return doc ? (doc.toJSON() as Patient) : null;
}

/** Patients with this phone number (a family can share one), via the blind index. */
export async function findPatientsByPhone(db: PracticeDb, phone: string): Promise<Patient[]> {
  let hash: string;
  try {
    hash = await db.blind.phone(phone);
  } catch {
    return [];
  }
  const docs = await db.collections.patients.find({ selector: { phoneHash: hash }, limit: 20 }).exec();
  return docs.map((d) => d.toJSON() as Patient);
}

export type PatientChanges = Partial<Omit<NewPatient, 'id'>>;

export async function updatePatient(db: PracticeDb, id: string, changes: PatientChanges, now = Date.now()): Promise<Patient> {
  const doc = await db.collections.patients.findOne(id).exec();
  if (!doc) throw new Error(`Patient ${id} was not found.`);
  let newHash: string | null = null;
  let newPhone: string | null = null;
  if (changes.phone !== undefined) {
    const { e164, hash } = await db.blind.phoneWithHash(changes.phone);
    if (hash !== doc.phoneHash) {
      newHash = hash;
      newPhone = e164;
    }
  }
  const updated = await doc.incrementalModify((d) => {
    const target = d as unknown as Record<string, unknown>;
    // Each field group an edit actually changes gets this edit's time (merging across desks).
    const edited = new Set<string>();
    const set = (key: string, value: unknown) => {
      const empty = value === '' || (Array.isArray(value) && value.length === 0);
      if (JSON.stringify(target[key] ?? null) === JSON.stringify(empty ? null : value)) return;
      if (empty) delete target[key];
      else target[key] = value;
      const group = patientFieldGroup(key);
      if (group) edited.add(group);
    };
    for (const [key, value] of Object.entries(changes)) {
      if (key === 'phone' || value === undefined) continue;
      set(key, value);
    }
    if (newHash && newPhone) {
      set('phone', newPhone);
      set('phoneHash', newHash);
    }
    if (newHash || (changes.phoneSource && changes.phoneSource !== doc.phoneSource)) set('phoneRecordedAt', now);
    // Groups without a time (a record from a desk not yet updated) keep the record's last edit time, not this one.
    const before = Object.fromEntries(Object.keys(PATIENT_FIELD_GROUPS).map((g) => [g, d.updatedAt]));
    d.fieldEditedAt = { ...before, ...(d.fieldEditedAt ?? {}), ...Object.fromEntries([...edited].map((g) => [g, now])) };
    d.updatedAt = now;
    return d;
  });
  if (newHash) await linkConversations(db, [updated.toJSON() as PatientDoc], now);
  return updated.toJSON() as Patient;
}

/** Decrypted patients by id (the rows on screen). */
export async function getPatients(db: PracticeDb, ids: readonly string[]): Promise<Map<string, Patient>> {
  const docs = await db.collections.patients.findByIds([...ids]).exec();
  const out = new Map<string, Patient>();
  for (const [id, doc] of docs) out.set(id, doc.toJSON() as Patient);
  return out;
}
