/**
 * Conversations: one per patient phone number, the rows of the front desk's queue. The queue is
 * newest first through an ascending index on `queueKey` (inverted last-activity time): the Dexie
 * storage cannot walk an index backwards. Workflow fields are plain so the queue can filter
 * without decrypting anyone and a later CouchDB replication can merge them field by field (each
 * carries the time of its last change); the number and the last-message preview are PHI.
 *
 * Ids are deterministic for new conversations (`c-` + the number's blind hash), so two desks
 * filing the first text from a number create the same record instead of two.
 *
 * Version 1 (migration 0001) added `queueKey`, `status` and the claim; version 2 (0003) the
 * number; version 3 (0004) the assignment, per-person unread counting (`inboundCount` here,
 * each person's read position in `staff_state`), failed-delivery counting and status times, and
 * dropped the shared `unreadCount` and the shared draft (drafts now belong to one person).
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { blindHashField, idField, optionalText, timeField } from './fields';

export type ConversationStatus = 'open' | 'waiting' | 'closed';

export interface ConversationDoc {
  id: string;
  /** '' while the number is not matched to a patient ("unmatched"). */
  patientId: string;
  phoneHash: string;
  /** The number itself (E.164), encrypted: the reply goes here. Absent on conversations filed before v2. */
  phone?: string;
  status: ConversationStatus;
  /** When the status last changed (a person's action or a new inbound text). */
  statusAt: number;
  /** Staff id the conversation is assigned to ('' unassigned): "Mine" and "Unassigned". */
  assignedTo: string;
  assignedAt: number;
  /** A short lease: the person typing a reply right now ('' none); expires CLAIM_LEASE_MS after claimedAt. */
  claimedBy: string;
  claimedAt: number;
  /** Inbound messages ever filed here (only grows); unread = this minus a person's read position. */
  inboundCount: number;
  lastInboundAt: number;
  /** Outbound messages that failed since the last delivered one (0 when none): "needs attention". */
  failedCount: number;
  lastActivityAt: number;
  /** invertTime(lastActivityAt): ascending = newest first. */
  queueKey: number;
  lastDirection: 'inbound' | 'outbound';
  lastMessagePreview?: string;
  updatedAt: number;
}

export const CONVERSATION_PHI = ['phone', 'lastMessagePreview'] as const;

export const conversationSchema: RxJsonSchema<ConversationDoc> = {
  title: 'conversations',
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    patientId: { type: 'string', maxLength: 64 },
    phoneHash: blindHashField,
    phone: optionalText(20),
    status: { type: 'string', enum: ['open', 'waiting', 'closed'], maxLength: 8 },
    statusAt: timeField,
    assignedTo: { type: 'string', maxLength: 64 },
    assignedAt: timeField,
    claimedBy: { type: 'string', maxLength: 64 },
    claimedAt: timeField,
    inboundCount: { type: 'integer', minimum: 0, maximum: 100_000_000 },
    lastInboundAt: timeField,
    failedCount: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    lastActivityAt: timeField,
    queueKey: timeField,
    lastDirection: { type: 'string', enum: ['inbound', 'outbound'] },
    lastMessagePreview: optionalText(320),
    updatedAt: timeField,
  },
  required: [
    'id', 'patientId', 'phoneHash', 'status', 'statusAt', 'assignedTo', 'assignedAt', 'claimedBy', 'claimedAt',
    'inboundCount', 'lastInboundAt', 'failedCount', 'lastActivityAt', 'queueKey', 'lastDirection', 'updatedAt',
  ],
  encrypted: [...CONVERSATION_PHI],
  indexes: ['queueKey', ['status', 'queueKey'], 'phoneHash'],
};
