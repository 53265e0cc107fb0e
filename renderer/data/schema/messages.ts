/**
 * Messages of a conversation. The body is PHI. A thread's latest messages come from an ascending
 * index on [conversationId, threadKey] (threadKey = inverted sent time); retention finds old
 * messages by `sentAt`. Delivery state, the outbox client id and the gateway's message SID are
 * plain so main's sync can update them without the key.
 *
 * Ids are deterministic: `m-` + the gateway SID for inbound messages and `m-` + main's outbox
 * client id for outbound ones, so filing the same message twice (a crash before the
 * acknowledgement, or two desks) is one record. A message never changes after it is filed except
 * its delivery state, which only moves forward (DELIVERY_ORDER).
 *
 * Version 2 (migration 0005) added `failureCode`; version 3 (migration 0008) added `review`: an
 * inbound text that may be an opt-out or a wrong-number reply waits for staff to confirm or
 * dismiss it (R19, R22). Review only moves forward: '' → flagged → confirmed / dismissed.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import type { DeliveryState } from '../../../shared/inbox/delivery-order';
import { idField, optionalText, timeField } from './fields';

export { DELIVERY_ORDER, type DeliveryState } from '../../../shared/inbox/delivery-order';

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
  /**
   * Why it failed, as main's outbox reports it: a gateway code ('30006') or a local reason
   * ('RECIPIENT_OPTED_OUT', 'CANCELLED_BY_STAFF'); '' when nothing failed. The screens explain it.
   */
  failureCode: string;
  segments: number;
  /** Staff who sent it, campaign or template it came from ('' when none). */
  staffId: string;
  campaignId: string;
  /** R22/R19: '' (nothing to review), 'opt-out' or 'wrong-number' (flagged), 'confirmed' or 'dismissed' (staff decided). */
  review: MessageReview;
  /** The classifier's confidence in the flag, 0..100. */
  reviewConfidence: number;
  updatedAt: number;
}

export type MessageReview = '' | 'opt-out' | 'wrong-number' | 'confirmed' | 'dismissed';

export const MESSAGE_PHI = ['body'] as const;

export const messageSchema: RxJsonSchema<MessageDoc> = {
  title: 'messages',
  version: 3,
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
    failureCode: { type: 'string', maxLength: 48 },
    segments: { type: 'integer', minimum: 0, maximum: 100 },
    staffId: { type: 'string', maxLength: 64 },
    campaignId: { type: 'string', maxLength: 64 },
    review: { type: 'string', enum: ['', 'opt-out', 'wrong-number', 'confirmed', 'dismissed'] },
    reviewConfidence: { type: 'integer', minimum: 0, maximum: 100 },
    updatedAt: timeField,
  },
  required: ['id', 'conversationId', 'direction', 'body', 'sentAt', 'threadKey', 'state', 'clientId', 'gatewaySid', 'errorCode', 'failureCode', 'segments', 'staffId', 'campaignId', 'review', 'reviewConfidence', 'updatedAt'],
  encrypted: [...MESSAGE_PHI],
  indexes: [['conversationId', 'threadKey'], 'sentAt', 'clientId', 'gatewaySid'],
};
