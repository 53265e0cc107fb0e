/**
 * Patients. Name, date of birth, phone, e-mail and notes are PHI (encrypted); the phone is also
 * kept as a blind index (`phoneHash`, HMAC of the E.164 number) so an inbound text finds its
 * patient without decrypting anyone. Name search runs on an in-memory index (search/).
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { blindHashField, idField, optionalText, timeField } from './fields';

export interface PatientDoc {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  /** E.164, e.g. +15552010100. */
  phone: string;
  phoneHash: string;
  email?: string;
  notes?: string;
  preferredLanguage: 'en' | 'es';
  /** Confidential-communication preference: texts only about appointments, or none at all. */
  textingPreference: 'any' | 'appointments-only' | 'none';
  createdAt: number;
  updatedAt: number;
}

export const PATIENT_PHI = ['givenName', 'familyName', 'dateOfBirth', 'phone', 'email', 'notes'] as const;

export const patientSchema: RxJsonSchema<PatientDoc> = {
  title: 'patients',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    givenName: optionalText(120),
    familyName: optionalText(120),
    dateOfBirth: optionalText(10),
    phone: optionalText(20),
    phoneHash: blindHashField,
    email: optionalText(200),
    notes: optionalText(4000),
    preferredLanguage: { type: 'string', enum: ['en', 'es'] },
    textingPreference: { type: 'string', enum: ['any', 'appointments-only', 'none'] },
    createdAt: timeField,
    updatedAt: timeField,
  },
  required: ['id', 'givenName', 'familyName', 'phone', 'phoneHash', 'preferredLanguage', 'textingPreference', 'createdAt', 'updatedAt'],
  encrypted: [...PATIENT_PHI],
  indexes: ['phoneHash'],
};
