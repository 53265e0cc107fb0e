/**
 * Reminder campaigns and message templates. Neither holds PHI (templates hold merge fields, not
 * values; a campaign holds its audience's date range and counts), so neither is encrypted.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { idField, timeField } from './fields';

export type CampaignStatus = 'draft' | 'approved' | 'running' | 'finished' | 'cancelled';

export interface CampaignTouchDoc {
  /** Minutes relative to the appointment start (negative: before). */
  offsetMinutes: number;
  /** The texts, with merge fields (no values: no PHI). */
  templateEn: string;
  templateEs: string;
}

export interface CampaignDoc {
  id: string;
  name: string;
  status: CampaignStatus;
  /**
   * Appointments starting in [from, to), optionally one provider, location or appointment type
   * ('' = any), or only the appointments of a list of patients (empty = everyone).
   */
  audience: { from: number; to: number; provider: string; location: string; appointmentType: string; patientIds: string[] };
  touches: CampaignTouchDoc[];
  stopAfterConfirm: boolean;
  perDay: number;
  perWeek: number;
  createdBy: string;
  approvedBy: string;
  approvedAt: number;
  createdAt: number;
  updatedAt: number;
  /** What the approved plan queued (counts only). */
  queued: number;
  skipped: number;
}

/**
 * Version 1 (migration 0009): the audience, the touches' texts inline in both languages,
 * stop-after-confirm, the caps, and the approval's counts.
 */
export const campaignSchema: RxJsonSchema<CampaignDoc> = {
  title: 'campaigns',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 120 },
    status: { type: 'string', enum: ['draft', 'approved', 'running', 'finished', 'cancelled'], maxLength: 12 },
    audience: {
      type: 'object',
      properties: {
        from: timeField,
        to: timeField,
        provider: { type: 'string', maxLength: 200 },
        location: { type: 'string', maxLength: 200 },
        appointmentType: { type: 'string', maxLength: 200 },
        patientIds: { type: 'array', maxItems: 5000, items: { type: 'string', maxLength: 64 } },
      },
      required: ['from', 'to', 'provider', 'location', 'appointmentType', 'patientIds'],
    },
    touches: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        properties: { offsetMinutes: { type: 'integer', minimum: -43200, maximum: 0 }, templateEn: { type: 'string', maxLength: 1600 }, templateEs: { type: 'string', maxLength: 1600 } },
        required: ['offsetMinutes', 'templateEn', 'templateEs'],
      },
    },
    stopAfterConfirm: { type: 'boolean' },
    perDay: { type: 'integer', minimum: 1, maximum: 5 },
    perWeek: { type: 'integer', minimum: 1, maximum: 20 },
    createdBy: { type: 'string', maxLength: 64 },
    approvedBy: { type: 'string', maxLength: 64 },
    approvedAt: timeField,
    createdAt: timeField,
    updatedAt: timeField,
    queued: { type: 'integer', minimum: 0 },
    skipped: { type: 'integer', minimum: 0 },
  },
  required: ['id', 'name', 'status', 'audience', 'touches', 'stopAfterConfirm', 'perDay', 'perWeek', 'createdBy', 'approvedBy', 'approvedAt', 'createdAt', 'updatedAt', 'queued', 'skipped'],
  indexes: ['status'],
};

export interface TemplateDoc {
  id: string;
  name: string;
  language: 'en' | 'es';
  purpose: 'care' | 'appointment-reminders' | 'campaigns';
  /** Text with merge fields such as {{firstName}} and {{appointmentTime}}. */
  body: string;
  approved: boolean;
  updatedAt: number;
}

export const templateSchema: RxJsonSchema<TemplateDoc> = {
  title: 'templates',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 120 },
    language: { type: 'string', enum: ['en', 'es'] },
    purpose: { type: 'string', enum: ['care', 'appointment-reminders', 'campaigns'] },
    body: { type: 'string', maxLength: 1600 },
    approved: { type: 'boolean' },
    updatedAt: timeField,
  },
  required: ['id', 'name', 'language', 'purpose', 'body', 'approved', 'updatedAt'],
};
