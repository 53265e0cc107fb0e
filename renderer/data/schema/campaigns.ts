/**
 * Reminder campaigns and message templates. Neither holds PHI (templates hold merge fields, not
 * values), so neither is encrypted.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { idField, timeField } from './fields';

export interface CampaignDoc {
  id: string;
  name: string;
  status: 'draft' | 'approved' | 'running' | 'finished' | 'cancelled';
  /** Relative touches, e.g. [{ offsetMinutes: -2880, templateId }]. */
  touches: { offsetMinutes: number; templateId: string }[];
  createdBy: string;
  approvedBy: string;
  createdAt: number;
  updatedAt: number;
}

export const campaignSchema: RxJsonSchema<CampaignDoc> = {
  title: 'campaigns',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    name: { type: 'string', maxLength: 120 },
    status: { type: 'string', enum: ['draft', 'approved', 'running', 'finished', 'cancelled'], maxLength: 12 },
    touches: {
      type: 'array',
      maxItems: 10,
      items: { type: 'object', properties: { offsetMinutes: { type: 'integer' }, templateId: { type: 'string', maxLength: 64 } }, required: ['offsetMinutes', 'templateId'] },
    },
    createdBy: { type: 'string', maxLength: 64 },
    approvedBy: { type: 'string', maxLength: 64 },
    createdAt: timeField,
    updatedAt: timeField,
  },
  required: ['id', 'name', 'status', 'touches', 'createdBy', 'approvedBy', 'createdAt', 'updatedAt'],
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
