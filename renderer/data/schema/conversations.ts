/**
 * Conversations: one per patient phone number, the rows of the front desk's queue. The queue is
 * newest first through an ascending index on `queueKey` (inverted last-activity time): the Dexie
 * storage cannot walk an index backwards. Status and claim fields are plain so the queue can
 * filter and a later CouchDB replication can merge them field by field; the last-message
 * preview and the draft are PHI.
 *
 * Version 1 (migration 0001) added `queueKey`, `status` and the claim; version 0 sorted on
 * `lastActivityAt` descending, which scanned the whole table.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { blindHashField, idField, optionalText, timeField } from './fields';

export type ConversationStatus = 'open' | 'waiting' | 'closed';

export interface ConversationDoc {
  id: string;
  /** '' while the number is not matched to a patient. */
  patientId: string;
  phoneHash: string;
  /** The number itself (E.164), encrypted: the reply goes here. Absent on conversations filed before v2. */
  phone?: string;
  status: ConversationStatus;
  /** Staff id of the person answering it, '' when unclaimed. */
  claimedBy: string;
  claimedAt: number;
  unreadCount: number;
  lastActivityAt: number;
  /** invertTime(lastActivityAt): ascending = newest first. */
  queueKey: number;
  lastDirection: 'inbound' | 'outbound';
  lastMessagePreview?: string;
  /** Encrypted compose draft that survives a crash. */
  draft?: string;
  updatedAt: number;
}

export const CONVERSATION_PHI = ['phone', 'lastMessagePreview', 'draft'] as const;

export const conversationSchema: RxJsonSchema<ConversationDoc> = {
  title: 'conversations',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    patientId: { type: 'string', maxLength: 64 },
    phoneHash: blindHashField,
    phone: optionalText(20),
    status: { type: 'string', enum: ['open', 'waiting', 'closed'], maxLength: 8 },
    claimedBy: { type: 'string', maxLength: 64 },
    claimedAt: timeField,
    unreadCount: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    lastActivityAt: timeField,
    queueKey: timeField,
    lastDirection: { type: 'string', enum: ['inbound', 'outbound'] },
    lastMessagePreview: optionalText(320),
    draft: optionalText(1600),
    updatedAt: timeField,
  },
  required: ['id', 'patientId', 'phoneHash', 'status', 'claimedBy', 'claimedAt', 'unreadCount', 'lastActivityAt', 'queueKey', 'lastDirection', 'updatedAt'],
  encrypted: [...CONVERSATION_PHI],
  indexes: ['queueKey', ['status', 'queueKey'], 'phoneHash'],
};
