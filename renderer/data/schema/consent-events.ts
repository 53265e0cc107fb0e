/**
 * The consent ledger: append-only events per phone number (blind hash) and purpose, also
 * findable by patient. Method, form version, disclosures and staff are plain (they are the
 * compliance record); the signature and free-text note are PHI. Never updated or removed
 * (the collection hooks in database/ refuse it): a revocation is a new event.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { blindHashField, idField, optionalText, timeField } from './fields';

export type ConsentPurpose = 'care' | 'appointment-reminders' | 'campaigns';
export type ConsentMethod = 'verbal' | 'written' | 'electronic-form' | 'sms-keyword' | 'gateway-21610' | 'staff-recorded';

export interface ConsentEventDoc {
  id: string;
  phoneHash: string;
  /** '' when the number belongs to no known patient. */
  patientId: string;
  purpose: ConsentPurpose;
  action: 'grant' | 'revoke';
  method: ConsentMethod;
  formVersion: string;
  disclosures: string[];
  /** STOP, ARRET, ... when the event came from a keyword. */
  keyword: string;
  staffId: string;
  recordedAt: number;
  signature?: string;
  note?: string;
}

export const CONSENT_PHI = ['signature', 'note'] as const;

export const consentEventSchema: RxJsonSchema<ConsentEventDoc> = {
  title: 'consent_events',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    phoneHash: blindHashField,
    patientId: { type: 'string', maxLength: 64 },
    purpose: { type: 'string', enum: ['care', 'appointment-reminders', 'campaigns'], maxLength: 24 },
    action: { type: 'string', enum: ['grant', 'revoke'] },
    method: { type: 'string', enum: ['verbal', 'written', 'electronic-form', 'sms-keyword', 'gateway-21610', 'staff-recorded'] },
    formVersion: { type: 'string', maxLength: 32 },
    disclosures: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 20 },
    keyword: { type: 'string', maxLength: 16 },
    staffId: { type: 'string', maxLength: 64 },
    recordedAt: timeField,
    signature: optionalText(200_000),
    note: optionalText(2000),
  },
  required: ['id', 'phoneHash', 'patientId', 'purpose', 'action', 'method', 'formVersion', 'disclosures', 'keyword', 'staffId', 'recordedAt'],
  encrypted: [...CONSENT_PHI],
  indexes: [['phoneHash', 'purpose', 'recordedAt'], ['patientId', 'purpose', 'recordedAt']],
};
