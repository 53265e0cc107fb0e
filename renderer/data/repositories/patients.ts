/**
 * Patients for the screens: add (with the phone's blind index), read by id, find by phone number
 * through the blind index (an inbound text finds its patient without decrypting anyone), and
 * name search through the session's in-memory name index.
 */
import type { PracticeDb } from '../database/open-practice-db';
import type { PatientDoc } from '../schema';
import { newId } from './ids';

export type Patient = Readonly<PatientDoc>;

export interface NewPatient {
  givenName: string;
  familyName: string;
  phone: string;
  dateOfBirth?: string;
  email?: string;
  notes?: string;
  preferredLanguage?: 'en' | 'es';
  textingPreference?: PatientDoc['textingPreference'];
  id?: string;
}

export async function buildPatientDoc(db: PracticeDb, input: NewPatient, now: number): Promise<PatientDoc> {
  const { e164: phone, hash: phoneHash } = await db.blind.phoneWithHash(input.phone);
  const doc: PatientDoc = {
    id: input.id ?? newId('p'),
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    phone,
    phoneHash,
    preferredLanguage: input.preferredLanguage ?? 'en',
    textingPreference: input.textingPreference ?? 'any',
    createdAt: now,
    updatedAt: now,
  };
  if (input.dateOfBirth) doc.dateOfBirth = input.dateOfBirth;
  if (input.email) doc.email = input.email;
  if (input.notes) doc.notes = input.notes;
  return doc;
}

export async function addPatients(db: PracticeDb, inputs: readonly NewPatient[], now = Date.now()): Promise<Patient[]> {
  const docs = await Promise.all(inputs.map((input) => buildPatientDoc(db, input, now)));
  const result = await db.collections.patients.bulkInsert(docs);
  if (result.error.length > 0) throw new Error(`${result.error.length} patient record(s) could not be saved.`);
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

export async function updatePatient(db: PracticeDb, id: string, changes: Partial<Omit<NewPatient, 'id'>>, now = Date.now()): Promise<Patient> {
  const doc = await db.collections.patients.findOne(id).exec();
  if (!doc) throw new Error(`Patient ${id} was not found.`);
  const patch: Partial<PatientDoc> = { ...changes, updatedAt: now } as Partial<PatientDoc>;
  if (changes.phone !== undefined) {
    const { e164, hash } = await db.blind.phoneWithHash(changes.phone);
    patch.phone = e164;
    patch.phoneHash = hash;
  }
  const updated = await doc.incrementalPatch(patch);
  return updated.toJSON() as Patient;
}
