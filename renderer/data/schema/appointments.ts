/**
 * Appointments for reminder campaigns (imported from CSV or FHIR R4, or entered). Found by time
 * and by patient; reason, provider, location and the source system's id are PHI.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { idField, optionalText, timeField } from './fields';

export type AppointmentStatus = 'booked' | 'confirmed' | 'cancelled' | 'rescheduled' | 'no-show' | 'completed';

export interface AppointmentDoc {
  id: string;
  patientId: string;
  startsAt: number;
  durationMinutes: number;
  /** IANA zone of the location, for quiet hours and message wording. */
  timeZone: string;
  status: AppointmentStatus;
  source: 'manual' | 'csv' | 'fhir';
  reason?: string;
  provider?: string;
  location?: string;
  externalId?: string;
  updatedAt: number;
}

export const APPOINTMENT_PHI = ['reason', 'provider', 'location', 'externalId'] as const;

export const appointmentSchema: RxJsonSchema<AppointmentDoc> = {
  title: 'appointments',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    patientId: idField,
    startsAt: timeField,
    durationMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
    timeZone: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: ['booked', 'confirmed', 'cancelled', 'rescheduled', 'no-show', 'completed'] },
    source: { type: 'string', enum: ['manual', 'csv', 'fhir'] },
    reason: optionalText(500),
    provider: optionalText(200),
    location: optionalText(200),
    externalId: optionalText(128),
    updatedAt: timeField,
  },
  required: ['id', 'patientId', 'startsAt', 'durationMinutes', 'timeZone', 'status', 'source', 'updatedAt'],
  encrypted: [...APPOINTMENT_PHI],
  indexes: ['startsAt', ['patientId', 'startsAt']],
};
