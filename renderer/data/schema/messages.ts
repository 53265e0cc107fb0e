/**
 * Messages of a conversation. The body is PHI. A thread's latest messages come from an ascending
 * index on [conversationId, threadKey] (threadKey = inverted sent time); retention finds old
 * messages by `sentAt`. Delivery state, the outbox client id and the gateway's message SID are
 * plain so main's sync can update them without the key.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { idField, optionalText, timeField } from './fields';

export type DeliveryState = 'draft' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

export interface MessageDoc {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  body: string;
  sentAt: number;
  /** invertTime(sentAt). */
  threadKey: number;
  state: DeliveryState;
  /** Outbox client id (outbound) for exactly-once reconciliation; '' for inbound. */
  clientId: string;
  /** Twilio-style message SID once the gateway knows it. */
  gatewaySid: string;
  /** Gateway error code (e.g. 30006) when undelivered or failed; 0 when none. */
  errorCode: number;
  segments: number;
  /** Staff who sent it, campaign or template it came from ('' when none). */
  staffId: string;
  campaignId: string;
  updatedAt: number;
}

export const MESSAGE_PHI = ['body'] as const;

export const messageSchema: RxJsonSchema<MessageDoc> = {
  title: 'messages',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    conversationId: idField,
    direction: { type: 'string', enum: ['inbound', 'outbound'] },
    body: optionalText(1600),
    sentAt: timeField,
    threadKey: timeField,
    state: { type: 'string', enum: ['draft', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received'] },
    clientId: { type: 'string', maxLength: 64 },
    gatewaySid: { type: 'string', maxLength: 64 },
    errorCode: { type: 'integer', minimum: 0, maximum: 99_999 },
    segments: { type: 'integer', minimum: 0, maximum: 100 },
    staffId: { type: 'string', maxLength: 64 },
    campaignId: { type: 'string', maxLength: 64 },
    updatedAt: timeField,
  },
  required: ['id', 'conversationId', 'direction', 'body', 'sentAt', 'threadKey', 'state', 'clientId', 'gatewaySid', 'errorCode', 'segments', 'staffId', 'campaignId', 'updatedAt'],
  encrypted: [...MESSAGE_PHI],
  indexes: [['conversationId', 'threadKey'], 'sentAt', 'clientId', 'gatewaySid'],
};
