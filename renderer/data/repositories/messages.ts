/**
 * A conversation's messages: the latest N through the ascending [conversationId, threadKey]
 * index (threadKey is the inverted send time), handed to screens oldest first; live; and
 * delivery-state updates by outbox client id or gateway SID.
 */
import { map, type Observable } from 'rxjs';
import type { MangoQuery } from 'rxdb/plugins/core';
import type { PracticeDb } from '../database/open-practice-db';
import type { DeliveryState, MessageDoc } from '../schema';

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
  readonly at: number;
}

export async function updateDelivery(db: PracticeDb, messageId: string, update: DeliveryUpdate): Promise<void> {
  const doc = await db.collections.messages.findOne(messageId).exec();
  if (!doc) throw new Error(`Message ${messageId} was not found.`);
  await doc.incrementalPatch({
    state: update.state,
    ...(update.gatewaySid ? { gatewaySid: update.gatewaySid } : {}),
    errorCode: update.errorCode ?? 0,
    updatedAt: update.at,
  });
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
