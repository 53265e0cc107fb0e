/**
 * Each person's own state per conversation (staff_state): the reply draft, encrypted, saved as
 * they type so it survives a lock, a crash and a restart; the New text form's draft; and how
 * far they have read, which makes unread counts per person. Only the person themself writes
 * their documents.
 */
import { map, type Observable } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import { staffStateId, type StaffStateDoc } from '../schema';

export type StaffState = Readonly<StaffStateDoc>;

export interface Draft {
  readonly text: string;
  /** The New text form's number as typed. */
  readonly to?: string;
  readonly at: number;
}

export async function getStaffState(db: PracticeDb, staffId: string, conversationId: string): Promise<StaffState | null> {
  const doc = await db.collections.staff_state.findOne(staffStateId(staffId, conversationId)).exec();
  return doc ? (doc.toJSON() as StaffState) : null;
}

export async function getDraft(db: PracticeDb, staffId: string, conversationId: string): Promise<Draft | null> {
  const state = await getStaffState(db, staffId, conversationId);
  if (!state || (!state.draft && !state.draftTo)) return null;
  return { text: state.draft ?? '', ...(state.draftTo ? { to: state.draftTo } : {}), at: state.draftAt };
}

function blank(staffId: string, conversationId: string, now: number): StaffStateDoc {
  return { id: staffStateId(staffId, conversationId), staffId, conversationId, readInboundCount: 0, draftAt: 0, updatedAt: now };
}

/** Saves the draft ('' text and no number clears it). */
export async function saveDraft(db: PracticeDb, staffId: string, conversationId: string, draft: { text: string; to?: string }, now = Date.now()): Promise<void> {
  const collection = db.collections.staff_state;
  const id = staffStateId(staffId, conversationId);
  const existing = await collection.findOne(id).exec();
  const empty = draft.text === '' && !draft.to;
  if (!existing && empty) return;
  const change = (d: StaffStateDoc): StaffStateDoc => {
    if (draft.text) d.draft = draft.text;
    else delete d.draft;
    if (draft.to) d.draftTo = draft.to;
    else delete d.draftTo;
    d.draftAt = empty ? 0 : now;
    d.updatedAt = now;
    return d;
  };
  if (existing) await existing.incrementalModify(change);
  else await collection.insert(change(blank(staffId, conversationId, now))).catch(async () => (await collection.findOne(id).exec())?.incrementalModify(change));
}

/** Records that `staffId` has read the conversation up to `inboundCount` inbound messages (never goes back). */
export async function markRead(db: PracticeDb, staffId: string, conversationId: string, inboundCount: number, now = Date.now()): Promise<void> {
  const collection = db.collections.staff_state;
  const id = staffStateId(staffId, conversationId);
  const existing = await collection.findOne(id).exec();
  if (existing && existing.readInboundCount >= inboundCount) return;
  const change = (d: StaffStateDoc): StaffStateDoc => {
    d.readInboundCount = Math.max(d.readInboundCount, inboundCount);
    d.updatedAt = now;
    return d;
  };
  if (existing) await existing.incrementalModify(change);
  else await collection.insert(change(blank(staffId, conversationId, now))).catch(async () => (await collection.findOne(id).exec())?.incrementalModify(change));
}

/** Every state document of one person (read positions and drafts), live. */
export function observeStaffStates(db: PracticeDb, staffId: string): Observable<StaffState[]> {
  return db.collections.staff_state.find({ selector: { staffId } }).$.pipe(map((docs) => docs.map((d) => d.toJSON() as StaffState)));
}
