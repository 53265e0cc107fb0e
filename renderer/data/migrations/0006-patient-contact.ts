/**
 * Migration 0006 (patients v0 -> v1): the number's type and provenance, other phones, contact
 * hours, state and time zone, and the confidential-communications record. Older patients get
 * "unknown" type and source: nobody recorded who gave the number, so it is not treated as the
 * patient's consent by provision (R18) until staff confirm it on the patient page.
 */
import type { PatientDoc } from '../schema/patients';

export type PatientDocV0 = Omit<PatientDoc, 'phoneType' | 'phoneSource' | 'phoneRecordedAt' | 'preferenceWritten'>;

export function migratePatientV0ToV1(doc: PatientDocV0): PatientDoc {
  return { ...doc, phoneType: 'unknown', phoneSource: 'unknown', phoneRecordedAt: 0, preferenceWritten: false };
}
