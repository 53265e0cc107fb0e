/**
 * Migration 0010 (patients v1 -> v2): per-field edit times for merging a patient across desks.
 * A record from before counts every field as edited when the record last was (its `updatedAt`),
 * which is the whole-record rule it had; it has no merge history yet.
 */
import { PATIENT_FIELD_GROUPS } from '../../../shared/replication/patient-merge';
import type { PatientDoc } from '../schema/patients';

export type PatientDocV1 = Omit<PatientDoc, 'fieldEditedAt' | 'editHistory'>;

export function migratePatientV1ToV2(doc: PatientDocV1): PatientDoc {
  return { ...doc, fieldEditedAt: Object.fromEntries(Object.keys(PATIENT_FIELD_GROUPS).map((group) => [group, doc.updatedAt])) };
}
