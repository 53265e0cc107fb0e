/**
 * A conversation's messages: the latest N through the ascending [conversationId, threadKey]
 * index (threadKey is the inverted send time), handed to screens oldest first; live; and
 * delivery-state updates by outbox client id or gateway SID. Delivery states only move forward,
 * and a message that fails (or is later delivered) updates its conversation's failed-delivery
 * count, which puts it under "needs attention".
 */
import { map, type Observable } from 'rxjs';
import type { MangoQuery } from 'rxdb/plugins/core';
import type { PracticeDb } from '../database/open-practice-db';
import { DELIVERY_ORDER, type DeliveryState, type MessageDoc } from '../schema';

export type Message = Readonly<MessageDoc>;

export const THREAD_PAGE = 100;

export function threadSelector(conversationId: string, limit = THREAD_PAGE, before?: number): MangoQuery<MessageDoc> {
  return {
    selector: { conversationId, threadKey: before !== undefined ? { $gt: before } : { $gte: 0 } },
    sort: [{ conversationId: 'asc' }, { threadKey: 'asc' }],
    limit,
  };
}

/** Newest-first rows from the index, reversed for reading order. */
const chronological = (docs: { toJSON(): unknown }[]) => docs.map((d) => d.toJSON() as Message).reverse();

export async function latestMessages(db: PracticeDb, conversationId: string, limit = THREAD_PAGE): Promise<Message[]> {
  return chronological(await db.collections.messages.find(threadSelector(conversationId, limit)).exec());
}

/** The page of older messages before the oldest one on screen (pass its threadKey). */
export async function olderMessages(db: PracticeDb, conversationId: string, oldestThreadKey: number, limit = THREAD_PAGE): Promise<Message[]> {
  return chronological(await db.collections.messages.find(threadSelector(conversationId, limit, oldestThreadKey)).exec());
}

export function observeThread(db: PracticeDb, conversationId: string, limit = THREAD_PAGE): Observable<Message[]> {
  return db.collections.messages.find(threadSelector(conversationId, limit)).$.pipe(map(chronological));
}

export interface DeliveryUpdate {
  readonly state: DeliveryState;
  readonly gatewaySid?: string;
  readonly errorCode?: number;
  /** Gateway code or main's local reason ('' or absent when none). */
  readonly failureCode?: string;
  readonly at: number;
}

const FAILED: ReadonlySet<DeliveryState> = new Set(['failed', 'undelivered']);

/** Applies a delivery report; an older state than the one stored is ignored (states only move forward). */
export async function updateDelivery(db: PracticeDb, messageId: string, update: DeliveryUpdate): Promise<void> {
  const doc = await db.collections.messages.findOne(messageId).exec();
  if (!doc) throw new Error(`Message ${messageId} was not found.`);
  const before = doc.state;
  if (DELIVERY_ORDER[update.state] < DELIVERY_ORDER[before]) return;
  const failureCode = update.failureCode ?? (update.errorCode ? String(update.errorCode) : '');
  if (update.state === before && (update.gatewaySid ?? doc.gatewaySid) === doc.gatewaySid && failureCode === doc.failureCode) return;
  await doc.incrementalPatch({
    state: update.state,
    ...(update.gatewaySid ? { gatewaySid: update.gatewaySid } : {}),
    errorCode: update.errorCode ?? 0,
    failureCode: FAILED.has(update.state) || update.state === 'queued' ? failureCode : '',
    updatedAt: update.at,
  });
  if (before === update.state) return;
  const conversation = await db.collections.conversations.findOne(doc.conversationId).exec();
  if (!conversation) return;
  if (FAILED.has(update.state)) {
    await conversation.incrementalModify((c) => {
      c.failedCount += 1;
      c.updatedAt = Math.max(c.updatedAt, update.at);
      return c;
    });
  } else if (update.state === 'delivered' && conversation.failedCount > 0) {
    await conversation.incrementalModify((c) => {
      c.failedCount = 0;
      c.updatedAt = Math.max(c.updatedAt, update.at);
      return c;
    });
  }
}

export async function findMessageByClientId(db: PracticeDb, clientId: string): Promise<Message | null> {
  if (!clientId) return null;
  const doc = await db.collections.messages.findOne({ selector: { clientId } }).exec();
  return doc ? (doc.toJSON() as Message) : null;
}

export async function findMessageByGatewaySid(db: PracticeDb, gatewaySid: string): Promise<Message | null> {
  if (!gatewaySid) return null;
  const doc = await db.collections.messages.findOne({ selector: { gatewaySid } }).exec();
  return doc ? (doc.toJSON() as Message) : null;
}

const REVIEW_ORDER: Readonly<Record<MessageDoc['review'], number>> = { '': 0, 'opt-out': 1, 'wrong-number': 1, confirmed: 2, dismissed: 2 };

/** Staff's decision on a flagged text (forward only: a decision is never undone by a later flag). */
export async function resolveReview(db: PracticeDb, messageId: string, decision: 'confirmed' | 'dismissed', now = Date.now()): Promise<void> {
  const doc = await db.collections.messages.findOne(messageId).exec();
  if (!doc) throw new Error(`Message ${messageId} was not found.`);
  await doc.incrementalModify((d) => {
    if (REVIEW_ORDER[d.review] >= REVIEW_ORDER[decision]) return d;
    d.review = decision;
    d.updatedAt = Math.max(d.updatedAt, now);
    return d;
  });
}
