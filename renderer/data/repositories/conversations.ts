/**
 * Conversations: the one way a message enters a thread (`recordMessage` files it, creates the
 * conversation for a new number with a deterministic id, matches the patient through the blind
 * index and moves the conversation to the top of the queue), the queue's pages, and the workflow
 * a person drives: status (reopened by a new inbound text), assignment, the reply claim (a lease,
 * see shared/inbox/claims.ts), linking an unmatched number to a patient, and clearing the
 * failed-delivery flag once handled.
 */
import { map, type Observable } from 'rxjs';
import type { MangoQuery, RxDocument } from 'rxdb/plugins/core';
import { decideClaim } from '../../../shared/inbox/claims';
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

/** Decrypted conversations by id (the rows on screen), in no particular order. */
/**
 * Several conversations by id, decrypted, as plain records. Read from the storage directly
 * (through the encryption layer) rather than as RxDB documents: the queue reads rows as they
 * scroll past, and RxDB's document cache would keep every one of them alive until lock.
 */
export async function getConversations(db: PracticeDb, ids: readonly string[]): Promise<Map<string, Conversation>> {
  const rows = await db.collections.conversations.storageInstance.findDocumentsById([...ids], false);
  const out = new Map<string, Conversation>();
  for (const row of rows) {
    const { _attachments, _deleted, _meta, _rev, ...doc } = row as typeof row & { _attachments?: unknown };
    void _attachments;
    void _deleted;
    void _meta;
    void _rev;
    out.set(doc.id, doc as Conversation);
  }
  return out;
}

export function observeConversation(db: PracticeDb, id: string): Observable<Conversation | null> {
  return db.collections.conversations.findOne(id).$.pipe(map((doc) => (doc ? (doc.toJSON() as Conversation) : null)));
}

/** The conversation with this number, if there is one (blind index; any format). */
export async function findConversationByPhone(db: PracticeDb, phone: string): Promise<Conversation | null> {
  let hash: string;
  try {
    hash = await db.blind.phone(phone);
  } catch {
    return null;
  }
  const doc = await db.collections.conversations.findOne({ selector: { phoneHash: hash } }).exec();
  return doc ? (doc.toJSON() as Conversation) : null;
}

export interface RecordMessage {
  /** The patient's number (E.164 or anything normalisable). */
  readonly phone: string;
  readonly direction: 'inbound' | 'outbound';
  readonly body: string;
  readonly at: number;
  readonly state?: DeliveryState;
  /** R19/R22: an inbound text staff should look at (opt-out or wrong number), with 0..100 confidence. */
  readonly review?: MessageDoc['review'];
  readonly reviewConfidence?: number;
  readonly gatewaySid?: string;
  readonly clientId?: string;
  readonly staffId?: string;
  readonly campaignId?: string;
  readonly segments?: number;
}

const PREVIEW_CHARS = 120;

/** The id a message gets: from the gateway SID (inbound) or main's client id (outbound), so filing twice is one record. */
export function messageIdFor(input: Pick<RecordMessage, 'direction' | 'gatewaySid' | 'clientId'>): string {
  if (input.direction === 'inbound' && input.gatewaySid) return `m-${input.gatewaySid}`;
  if (input.direction === 'outbound' && input.clientId) return `m-${input.clientId}`;
  return newId('m');
}

/** The id a new conversation gets for a number: its blind hash, so every desk derives the same one. */
export const conversationIdFor = (phoneHash: string) => `c-${phoneHash}`;

export async function recordMessage(db: PracticeDb, input: RecordMessage): Promise<{ conversationId: string; messageId: string; duplicate: boolean }> {
  const { e164: phone, hash: phoneHash } = await db.blind.phoneWithHash(input.phone);
  const messageId = messageIdFor(input);
  const messages = db.collections.messages;
  const existing = await messages.findOne(messageId).exec();
  if (existing) return { conversationId: existing.conversationId, messageId, duplicate: true };

  // What this message does to its conversation: queue position, preview, counts, status.
  const apply = (doc: ConversationDoc): ConversationDoc => {
    if (!doc.phone) doc.phone = phone;
    if (input.at >= doc.lastActivityAt) {
      doc.lastActivityAt = input.at;
      doc.queueKey = invertTime(input.at);
      doc.lastDirection = input.direction;
      doc.lastMessagePreview = input.body.slice(0, PREVIEW_CHARS);
    }
    if (input.direction === 'inbound') {
      doc.inboundCount += 1;
      doc.lastInboundAt = Math.max(doc.lastInboundAt, input.at);
      // A new text from the patient reopens the conversation.
      if (doc.status !== 'open') {
        doc.status = 'open';
        doc.statusAt = input.at;
      }
    } else if (doc.status === 'open') {
      doc.status = 'waiting';
      doc.statusAt = input.at;
    }
    doc.updatedAt = Math.max(doc.updatedAt, input.at);
    return doc;
  };
  const conversations = db.collections.conversations;
  let conversation = await conversations.findOne({ selector: { phoneHash } }).exec();
  let isNew = !conversation;
  if (!conversation) {
    const patient = await db.collections.patients.findOne({ selector: { phoneHash } }).exec();
    const doc: ConversationDoc = {
      id: conversationIdFor(phoneHash),
      patientId: patient?.id ?? '',
      phoneHash,
      phone,
      status: 'open',
      statusAt: input.at,
      assignedTo: '',
      assignedAt: 0,
      claimedBy: '',
      claimedAt: 0,
      inboundCount: 0,
      lastInboundAt: 0,
      failedCount: 0,
      lastActivityAt: input.at,
      queueKey: invertTime(input.at),
      lastDirection: input.direction,
      updatedAt: input.at,
    };
    // A new conversation is written once, already carrying this message. Another write may have
    // created it meanwhile (same deterministic id): then this message is applied to that one.
    try {
      conversation = await conversations.insert(apply(doc));
    } catch (error) {
      const raced = await conversations.findOne(doc.id).exec();
      if (!raced) throw error;
      conversation = raced;
      isNew = false;
    }
  }
  const message: MessageDoc = {
    id: messageId,
    conversationId: conversation.id,
    direction: input.direction,
    body: input.body,
    sentAt: input.at,
    threadKey: invertTime(input.at),
    state: input.state ?? (input.direction === 'inbound' ? 'received' : 'queued'),
    clientId: input.clientId ?? '',
    gatewaySid: input.gatewaySid ?? '',
    errorCode: 0,
    failureCode: '',
    review: input.review ?? '',
    reviewConfidence: input.reviewConfidence ?? 0,
    segments: input.segments ?? 1,
    staffId: input.staffId ?? '',
    campaignId: input.campaignId ?? '',
    updatedAt: input.at,
  };
  await messages.insert(message);
  if (!isNew) await conversation.incrementalModify(apply);
  return { conversationId: conversation.id, messageId, duplicate: false };
}

async function need(db: PracticeDb, id: string): Promise<RxDocument<ConversationDoc>> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (!doc) throw new Error(`Conversation ${id} was not found.`);
  return doc as RxDocument<ConversationDoc>;
}

export class ClaimedElsewhereError extends Error {
  override readonly name = 'ClaimedElsewhereError';
  constructor(
    readonly claimedBy: string,
    readonly since: number,
  ) {
    super('Someone else is replying to this conversation.');
  }
}

/**
 * Claims (or renews the claim on) the conversation for `staffId`. A colleague's live claim
 * refuses with ClaimedElsewhereError unless `force` (the person saw the warning and goes ahead).
 */
export async function claimConversation(db: PracticeDb, id: string, staffId: string, options: { now?: number; force?: boolean } = {}): Promise<Conversation> {
  const now = options.now ?? Date.now();
  const doc = await need(db, id);
  const first = decideClaim(doc, staffId, now, options.force);
  if (first.action === 'blocked') throw new ClaimedElsewhereError(first.holder, first.since);
  let blocked: ClaimedElsewhereError | null = null;
  const updated = await doc.incrementalModify((d) => {
    const decision = decideClaim(d, staffId, now, options.force);
    if (decision.action === 'blocked') {
      blocked = new ClaimedElsewhereError(decision.holder, decision.since);
      return d;
    }
    d.claimedBy = staffId;
    d.claimedAt = now;
    d.updatedAt = Math.max(d.updatedAt, now);
    return d;
  });
  if (blocked) throw blocked;
  return updated.toJSON() as Conversation;
}

/** Lets go of `staffId`'s own claim (a colleague's claim is never touched). */
export async function releaseConversation(db: PracticeDb, id: string, staffId: string, now = Date.now()): Promise<void> {
  const doc = await db.collections.conversations.findOne(id).exec();
  if (!doc || doc.claimedBy !== staffId) return;
  await doc.incrementalModify((d) => {
    if (d.claimedBy !== staffId) return d;
    d.claimedBy = '';
    d.claimedAt = 0;
    d.updatedAt = Math.max(d.updatedAt, now);
    return d;
  });
}

export async function setConversationStatus(db: PracticeDb, id: string, status: ConversationStatus, now = Date.now()): Promise<void> {
  const doc = await need(db, id);
  await doc.incrementalModify((d) => {
    d.status = status;
    d.statusAt = now;
    if (status === 'closed') {
      d.claimedBy = '';
      d.claimedAt = 0;
    }
    d.updatedAt = Math.max(d.updatedAt, now);
    return d;
  });
}

/** Assigns the conversation to a person ('' to unassign). */
export async function assignConversation(db: PracticeDb, id: string, staffId: string, now = Date.now()): Promise<void> {
  const doc = await need(db, id);
  await doc.incrementalModify((d) => {
    d.assignedTo = staffId;
    d.assignedAt = now;
    d.updatedAt = Math.max(d.updatedAt, now);
    return d;
  });
}

/** A person replied: the conversation becomes theirs if nobody had it. */
export async function assignIfUnassigned(db: PracticeDb, id: string, staffId: string, now = Date.now()): Promise<void> {
  const doc = await need(db, id);
  if (doc.assignedTo) return;
  await doc.incrementalModify((d) => {
    if (d.assignedTo) return d;
    d.assignedTo = staffId;
    d.assignedAt = now;
    d.updatedAt = Math.max(d.updatedAt, now);
    return d;
  });
}

/** Staff dealt with the failed deliveries (called the patient, corrected the number). */
export async function clearFailures(db: PracticeDb, id: string, now = Date.now()): Promise<void> {
  const doc = await need(db, id);
  if (doc.failedCount === 0) return;
  await doc.incrementalPatch({ failedCount: 0, updatedAt: Math.max(doc.updatedAt, now) });
}

/** Links an unmatched conversation's number to a patient (their record keeps its own number). */
export async function linkConversationToPatient(db: PracticeDb, id: string, patientId: string, now = Date.now()): Promise<void> {
  const doc = await need(db, id);
  const patient = await db.collections.patients.findOne(patientId).exec();
  if (!patient) throw new Error(`Patient ${patientId} was not found.`);
  await doc.incrementalPatch({ patientId, updatedAt: Math.max(doc.updatedAt, now) });
}

/** Conversations of a patient (their texting number's and any linked to them), newest first. */
export async function conversationsForPatient(db: PracticeDb, patientId: string, phoneHash: string): Promise<Conversation[]> {
  const docs = await db.collections.conversations.find({ selector: { $or: [{ patientId }, { phoneHash }] } }).exec();
  return toView(docs).sort((a, b) => b.lastActivityAt - a.lastActivityAt);
}
