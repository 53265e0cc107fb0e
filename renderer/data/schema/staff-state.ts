/**
 * What one staff member has done with one conversation, kept apart from the shared
 * conversation record: how far they have read (unread counts are per person) and the reply
 * they are writing (the draft, encrypted, so it survives a lock, a crash and a restart and
 * never shows up on a colleague's screen). `conversationId` 'new' holds the New text form's
 * draft (number and text).
 *
 * One document per person and conversation, with a deterministic id (`staffId:conversationId`):
 * only that person writes it, so replicas merge it simply (read position: the larger; draft:
 * the later edit).
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { idField, optionalText, timeField } from './fields';

export const NEW_TEXT_DRAFT = 'new';

export interface StaffStateDoc {
  id: string;
  staffId: string;
  conversationId: string;
  /** The conversation's inboundCount when this person last had it open. */
  readInboundCount: number;
  draft?: string;
  /** The New text form's number, as typed. */
  draftTo?: string;
  draftAt: number;
  updatedAt: number;
}

export const STAFF_STATE_PHI = ['draft', 'draftTo'] as const;

export const staffStateId = (staffId: string, conversationId: string) => `${staffId}:${conversationId}`;

export const staffStateSchema: RxJsonSchema<StaffStateDoc> = {
  title: 'staff_state',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 140 },
    staffId: idField,
    conversationId: idField,
    readInboundCount: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    draft: optionalText(1600),
    draftTo: optionalText(40),
    draftAt: timeField,
    updatedAt: timeField,
  },
  required: ['id', 'staffId', 'conversationId', 'readInboundCount', 'draftAt', 'updatedAt'],
  encrypted: [...STAFF_STATE_PHI],
  indexes: ['staffId'],
};
