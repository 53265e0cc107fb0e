/**
 * Migration 0001 (conversations v0 -> v1): adds the inverted time key the newest-first queue
 * walks ascending (`queueKey`), the queue status and the claim. Version 0 listed the queue by
 * sorting `lastActivityAt` descending, which made the Dexie storage scan and sort the whole
 * table. Runs on decrypted documents (the PHI storage opens them on the way in and seals them
 * again on the way out), so it may read every field.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import type { ConversationDocV2 } from './0004-conversation-inbox';
import { blindHashField, idField, invertTime, optionalText, timeField } from '../schema/fields';

/** A conversation as version 0 stored it. */
export interface ConversationDocV0 {
  id: string;
  patientId: string;
  phoneHash: string;
  unreadCount: number;
  lastActivityAt: number;
  lastDirection: 'inbound' | 'outbound';
  lastMessagePreview?: string;
  draft?: string;
  updatedAt: number;
}

/** Version 0's schema, kept so the migration test can write a database as the previous release did. */
export const conversationSchemaV0: RxJsonSchema<ConversationDocV0> = {
  title: 'conversations',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    patientId: { type: 'string', maxLength: 64 },
    phoneHash: blindHashField,
    unreadCount: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    lastActivityAt: timeField,
    lastDirection: { type: 'string', enum: ['inbound', 'outbound'] },
    lastMessagePreview: optionalText(320),
    draft: optionalText(1600),
    updatedAt: timeField,
  },
  required: ['id', 'patientId', 'phoneHash', 'unreadCount', 'lastActivityAt', 'lastDirection', 'updatedAt'],
  encrypted: ['lastMessagePreview', 'draft'],
  indexes: ['lastActivityAt', 'phoneHash'],
};

/** Version 1: version 2 without the number. */
export type ConversationDocV1 = Omit<ConversationDocV2, 'phone'>;

export function migrateConversationV0ToV1(old: ConversationDocV0): ConversationDocV1 {
  return {
    ...old,
    status: old.unreadCount > 0 ? 'open' : 'waiting',
    claimedBy: '',
    claimedAt: 0,
    queueKey: invertTime(old.lastActivityAt),
  };
}
