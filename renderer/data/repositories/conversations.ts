/**
 * The front desk's queue: conversations newest first (ascending index on the inverted
 * last-activity key), optionally by status; claiming, status changes and encrypted drafts.
 * `recordMessage` is the one way a message enters a thread: it files the message, creates the
 * conversation for a new number (matching the patient through the blind index) and moves the
 * conversation to the top of the queue.
 */
import { map, type Observable } from 'rxjs';
import type { MangoQuery } from 'rxdb/plugins/core';
import type { PracticeDb } from '../database/open-practice-db';
import { invertTime, type ConversationDoc, type ConversationStatus, type DeliveryState, type MessageDoc } from '../schema';
import { newId } from './ids';

export type Conversation = Readonly<ConversationDoc>;

export interface QueueOptions {
  readonly status?: ConversationStatus;
  readonly limit?: number;
  /** The queueKey of the last row of the previous page, for the next page. */
  readonly after?: number;
}

export const QUEUE_PAGE = 50;

export function queueSelector(options: QueueOptions = {}): MangoQuery<ConversationDoc> {
  const queueKey = options.after !== undefined ? { $gt: options.after } : { $gte: 0 };
  if (options.status) {
    return { selector: { status: options.status, queueKey }, sort: [{ status: 'asc' }, { queueKey: 'asc' }], limit: options.limit ?? QUEUE_PAGE };
  }
  return { selector: { queueKey }, sort: [{ queueKey: 'asc' }], limit: options.limit ?? QUEUE_PAGE };
}

const toView = (docs: { toJSON(): unknown }[]) => docs.map((d) => d.toJSON() as Conversation);

export async function queuePage(db: PracticeDb, options: QueueOptions = {}): Promise<Conversation[]> {
  return toView(await db.collections.conversations.find(queueSelector(options)).exec());
}

export function observeQueue(db: PracticeDb, options: QueueOptions = {}): Observable<Conversation[]> {
  return db.collections.conversations.find(queueSelector(options)).$.pipe(map(toView));
}

export async function getConversation(db: PracticeDb, id: string): Promise<Conversation | null> {
  const doc = await db.collections.conversations.findOne(id).exec();
  return doc ? (doc.toJSON() as Conversation) : null;
}

export interface RecordMessage {
  /** The patient's number (E.164 or anything normalisable). */
  readonly phone: string;
  readonly direction: 'inbound' | 'outbound';
  readonly body: string;
  readonly at: number;
  readonly state?: DeliveryState;
  readonly gatewaySid?: string;
  readonly clientId?: string;
  readonly staffId?: string;
  readonly campaignId?: string;
  readonly segments?: number;
}

const PREVIEW_CHARS = 120;

export async function recordMessage(db: PracticeDb, input: RecordMessage): Promise<{ conversationId: string; messageId: string }> {
  const { e164: phone, hash: phoneHash } = await db.blind.phoneWithHash(input.phone);
  // What this message does to its conversation: queue position, preview, unread count, status.
  const apply = (doc: ConversationDoc): ConversationDoc => {
    if (!doc.phone) doc.phone = phone;
    if (input.at >= doc.lastActivityAt) {
      doc.lastActivityAt = input.at;
      doc.queueKey = invertTime(input.at);
      doc.lastDirection = input.direction;
      doc.lastMessagePreview = input.body.slice(0, PREVIEW_CHARS);
    }
    if (input.direction === 'inbound') {
      doc.unreadCount += 1;
      if (doc.status === 'closed' || doc.status === 'waiting') doc.status = 'open';
    } else if (doc.status === 'open') {
      doc.status = 'waiting';
    }
    doc.updatedAt = Math.max(doc.updatedAt, input.at);
    return doc;
  };
  const conversations = db.collections.conversations;
  let conversation = await conversations.findOne({ selector: { phoneHash } }).exec();
  const isNew = !conversation;
  if (!conversation) {
    const patient = await db.collections.patients.findOne({ selector: { phoneHash } }).exec();
    const doc: ConversationDoc = {
      id: newId('c'),
      patientId: patient?.id ?? '',
      phoneHash,
      phone,
      status: 'open',
      claimedBy: '',
      claimedAt: 0,
      unreadCount: 0,
      lastActivityAt: input.at,
      queueKey: invertTime(input.at),
      lastDirection: input.direction,
      updatedAt: input.at,
    };
    // A new conversation is written once, already carrying this message.
    conversation = await conversations.insert(apply(doc));
  }
  const message: MessageDoc = {
    id: newId('m'),
    conversationId: conversation.id,
    direction: input.direction,
    body: input.body,
    sentAt: input.at,
    threadKey: invertTime(input.at),
    state: input.state ?? (input.direction === 'inbound' ? 'received' : 'queued'),
    clientId: input.clientId ?? '',
    gatewaySid: input.gatewaySid ?? '',
    errorCode: 0,
    segments: input.segments ?? 1,
    staffId: input.staffId ?? '',
    campaignId: input.campaignId ?? '',
    updatedAt: input.at,
  };
  await db.collections.messages.insert(message);
  if (!isNew) await conversation.incrementalModify(apply);
  return { conversationId: conversation.id, messageId: message.id };
}

export class ClaimedElsewhereError extends Error {
  override readonly name = 'ClaimedElsewhereError';
  constructor(readonly claimedBy: string) {
    super('Someone else is already answering this conversation.');
  }
}

/** Claims the conversation for `staffId`; refuses when another person holds it. */
export async function claimConversation(db: PracticeDb, id: string, staffId: string, now = Date.now()): Promise<Conversation> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (!doc) throw new Error(`Conversation ${id} was not found.`);
  if (doc.claimedBy && doc.claimedBy !== staffId) throw new ClaimedElsewhereError(doc.claimedBy);
  const updated = await doc.incrementalModify((d) => {
    if (d.claimedBy && d.claimedBy !== staffId) return d;
    d.claimedBy = staffId;
    d.claimedAt = now;
    d.updatedAt = now;
    return d;
  });
  if (updated.claimedBy !== staffId) throw new ClaimedElsewhereError(updated.claimedBy);
  return updated.toJSON() as Conversation;
}

export async function releaseConversation(db: PracticeDb, id: string, staffId: string, now = Date.now()): Promise<void> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (!doc || doc.claimedBy !== staffId) return;
  await doc.incrementalPatch({ claimedBy: '', claimedAt: 0, updatedAt: now });
}

export async function setConversationStatus(db: PracticeDb, id: string, status: ConversationStatus, now = Date.now()): Promise<void> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (!doc) throw new Error(`Conversation ${id} was not found.`);
  await doc.incrementalPatch(status === 'closed' ? { status, unreadCount: 0, claimedBy: '', claimedAt: 0, updatedAt: now } : { status, updatedAt: now });
}

export async function markRead(db: PracticeDb, id: string, now = Date.now()): Promise<void> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (doc && doc.unreadCount > 0) await doc.incrementalPatch({ unreadCount: 0, updatedAt: now });
}

/** Saves (or with '' clears) the compose draft; it is encrypted like every other PHI field. */
export async function saveDraft(db: PracticeDb, id: string, draft: string, now = Date.now()): Promise<void> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (!doc) throw new Error(`Conversation ${id} was not found.`);
  await doc.incrementalModify((d) => {
    if (draft) d.draft = draft;
    else delete d.draft;
    d.updatedAt = now;
    return d;
  });
}
