/**
 * The consent ledger: append-only events per phone number (blind hash) and purpose, also
 * findable by patient. Action, purpose, method, form version, disclosures, staff and times are
 * plain (they are the compliance record, and what a server may see); the signature, the
 * revocation's source text and a free-text note are PHI. Never updated or removed (the
 * collection hooks in database/ refuse it): a revocation or a re-grant is a new event, and the
 * current state is derived from the events (shared/consent/consent-state.ts).
 *
 * Purposes (R20, issue 10): appointment reminders, billing and payment notices, lab-ready and
 * care notices ('care', also staff texts from the inbox), general practice news, marketing
 * (written consent only, R32), and 'phi-by-sms': the patient's acknowledgement of the risk of
 * receiving health details by text (R16), which the minimum-necessary guard cites.
 *
 * Version 1 (migration 0007) added the purposes and methods above, the revocation's source
 * text and the date a revocation was received (R23); 'campaigns', 'written' and
 * 'staff-recorded' became 'practice-news', 'paper-form' and 'verbal'.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { blindHashField, idField, optionalText, timeField } from './fields';

export const CONSENT_PURPOSES = ['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing', 'phi-by-sms'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const CONSENT_METHODS = ['paper-form', 'verbal', 'patient-portal', 'sms-keyword', 'phone-call', 'email', 'electronic-form', 'gateway-21610'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

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
  /** STOP, ALTO, ... when the event came from a keyword. */
  keyword: string;
  staffId: string;
  recordedAt: number;
  /** When the patient's request reached the practice (R23: entry lag); equals recordedAt unless staff say otherwise. */
  receivedAt: number;
  signature?: string;
  /** The words of a revocation (an inbound text, or what the patient said). */
  sourceText?: string;
  note?: string;
}

export const CONSENT_PHI = ['signature', 'sourceText', 'note'] as const;

export const consentEventSchema: RxJsonSchema<ConsentEventDoc> = {
  title: 'consent_events',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    phoneHash: blindHashField,
    patientId: { type: 'string', maxLength: 64 },
    purpose: { type: 'string', enum: [...CONSENT_PURPOSES], maxLength: 24 },
    action: { type: 'string', enum: ['grant', 'revoke'] },
    method: { type: 'string', enum: [...CONSENT_METHODS] },
    formVersion: { type: 'string', maxLength: 32 },
    disclosures: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 20 },
    keyword: { type: 'string', maxLength: 16 },
    staffId: { type: 'string', maxLength: 64 },
    recordedAt: timeField,
    receivedAt: timeField,
    signature: optionalText(200_000),
    sourceText: optionalText(1600),
    note: optionalText(2000),
  },
  required: ['id', 'phoneHash', 'patientId', 'purpose', 'action', 'method', 'formVersion', 'disclosures', 'keyword', 'staffId', 'recordedAt', 'receivedAt'],
  encrypted: [...CONSENT_PHI],
  indexes: [['phoneHash', 'purpose', 'recordedAt'], ['patientId', 'purpose', 'recordedAt']],
};
