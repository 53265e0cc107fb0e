/**
 * Patients. Name, date of birth, phones, e-mail, notes, address state, time zone, contact hours
 * and the wording of a confidential-communications request are PHI (encrypted); the texting
 * number is also kept as a blind index (`phoneHash`, HMAC of the E.164 number) so an inbound
 * text finds its patient without decrypting anyone. Name search runs on an in-memory index
 * (search/).
 *
 * Version 1 (migration 0006) added the number's type and provenance (R18: who gave it and
 * when), other phones, preferred contact hours, the state and time zone quiet hours use (R34),
 * and the confidential-communications record (R17: written request on file, its wording).
 *
 * Version 2 (migration 0010) added per-field edit times (`fieldEditedAt`, by field group, see
 * shared/replication/patient-merge.ts) and `editHistory`, the values another desk's later edit
 * replaced in a merge (PHI, encrypted): several desks merge a patient field by field and lose
 * nothing silently.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { HISTORY_MAX_CHARS, PATIENT_FIELD_GROUPS } from '../../../shared/replication/patient-merge';
import { blindHashField, idField, optionalText, timeField } from './fields';

export type PhoneType = 'mobile' | 'landline' | 'unknown';
/** R18: who gave the practice this number. Only 'patient' and 'representative' count as consent by provision. */
export type PhoneSource = 'patient' | 'representative' | 'staff' | 'import' | 'unknown';
export type TextingPreference = 'any' | 'appointments-only' | 'none';

export interface OtherPhone {
  number: string;
  label: 'mobile' | 'home' | 'work' | 'other';
}

/** Minutes after local midnight, start inclusive, end exclusive. */
export interface ContactWindow {
  startMinute: number;
  endMinute: number;
}

export interface PatientDoc {
  id: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  /** The texting number, E.164, e.g. +12025550100. */
  phone: string;
  phoneHash: string;
  phoneType: PhoneType;
  phoneSource: PhoneSource;
  /** When the number was recorded with its source (0 unknown). */
  phoneRecordedAt: number;
  otherPhones?: OtherPhone[];
  email?: string;
  notes?: string;
  preferredLanguage: 'en' | 'es';
  /** Confidential-communication preference (R17): texts only about appointments, or none at all. */
  textingPreference: TextingPreference;
  /** The request in the patient's words or the staff's summary ("call the mobile only"); never a required reason. */
  preferenceNote?: string;
  /** A written request is on file. */
  preferenceWritten: boolean;
  contactWindow?: ContactWindow;
  /** Two-letter US state of the address (quiet hours, R34). */
  addressState?: string;
  /** IANA zone where the patient lives, when it differs from the practice's. */
  timeZone?: string;
  createdAt: number;
  updatedAt: number;
  /** When each field group was last edited (merge across desks: the later edit of each field wins). */
  fieldEditedAt?: Record<string, number>;
  /** JSON list of values a merge replaced ({field, value, editedAt, editedBy}), newest last, bounded. */
  editHistory?: string;
}

export const PATIENT_PHI = [
  'givenName', 'familyName', 'dateOfBirth', 'phone', 'otherPhones', 'email', 'notes', 'preferenceNote', 'contactWindow', 'addressState', 'timeZone', 'editHistory',
] as const;

export const patientSchema: RxJsonSchema<PatientDoc> = {
  title: 'patients',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    givenName: optionalText(120),
    familyName: optionalText(120),
    dateOfBirth: optionalText(10),
    phone: optionalText(20),
    phoneHash: blindHashField,
    phoneType: { type: 'string', enum: ['mobile', 'landline', 'unknown'] },
    phoneSource: { type: 'string', enum: ['patient', 'representative', 'staff', 'import', 'unknown'] },
    phoneRecordedAt: timeField,
    otherPhones: {
      type: 'array',
      maxItems: 5,
      items: { type: 'object', properties: { number: optionalText(20), label: { type: 'string', enum: ['mobile', 'home', 'work', 'other'] } }, required: ['number', 'label'] },
    },
    email: optionalText(200),
    notes: optionalText(4000),
    preferredLanguage: { type: 'string', enum: ['en', 'es'] },
    textingPreference: { type: 'string', enum: ['any', 'appointments-only', 'none'] },
    preferenceNote: optionalText(500),
    preferenceWritten: { type: 'boolean' },
    contactWindow: {
      type: 'object',
      properties: { startMinute: { type: 'integer', minimum: 0, maximum: 1440 }, endMinute: { type: 'integer', minimum: 0, maximum: 1440 } },
      required: ['startMinute', 'endMinute'],
    },
    addressState: optionalText(2),
    timeZone: optionalText(64),
    createdAt: timeField,
    updatedAt: timeField,
    fieldEditedAt: {
      type: 'object',
      properties: Object.fromEntries(Object.keys(PATIENT_FIELD_GROUPS).map((group) => [group, { type: 'number', minimum: 0 }])),
      additionalProperties: false,
    },
    editHistory: optionalText(HISTORY_MAX_CHARS + 2_000),
  },
  required: [
    'id', 'givenName', 'familyName', 'phone', 'phoneHash', 'phoneType', 'phoneSource', 'phoneRecordedAt', 'preferredLanguage',
    'textingPreference', 'preferenceWritten', 'createdAt', 'updatedAt',
  ],
  encrypted: [...PATIENT_PHI],
  indexes: ['phoneHash'],
};
