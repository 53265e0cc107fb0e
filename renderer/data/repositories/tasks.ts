/**
 * Staff tasks from patients' replies (reschedule requests, questions, unclear answers to a
 * reminder): created once per message (deterministic id), listed open for the inbox's Tasks
 * filter and per conversation for the thread, and finished by a person with what they did.
 * Finishing is first-wins: a task already done stays as the first person left it.
 */
import type { Observable } from 'rxjs';
import { map } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import { taskId, type TaskDoc, type TaskKind, type TaskOutcome } from '../schema';

export type Task = Readonly<TaskDoc>;

export interface NewTask {
  readonly kind: TaskKind;
  readonly conversationId: string;
  readonly messageId: string;
  readonly appointmentId: string;
  readonly campaignId: string;
  /** 0–1, from the reply interpreter. */
  readonly confidence: number;
}

/** Creates the message's task unless it exists (a re-filed reply, another desk): returns it either way. */
export async function openTask(db: PracticeDb, input: NewTask, now = Date.now()): Promise<Task> {
  const id = taskId(input.messageId);
  const existing = await db.collections.tasks.findOne(id).exec();
  if (existing) return existing.toJSON() as Task;
  const doc: TaskDoc = {
    id,
    kind: input.kind,
    conversationId: input.conversationId,
    messageId: input.messageId,
    appointmentId: input.appointmentId,
    campaignId: input.campaignId,
    confidence: Math.max(0, Math.min(100, Math.round(input.confidence * 100))),
    state: 'open',
    outcome: '',
    createdAt: now,
    doneBy: '',
    doneAt: 0,
    updatedAt: now,
  };
  try {
    await db.collections.tasks.insert(doc);
  } catch (error) {
    // Filed at the same moment elsewhere (another pass, a replicated copy): that one stands.
    const now = await db.collections.tasks.findOne(id).exec();
    if (now) return now.toJSON() as Task;
    throw error;
  }
  return doc;
}

/** Marks a task done; false when it was done already (by someone else) or is gone. */
export async function finishTask(db: PracticeDb, id: string, staffId: string, outcome: Exclude<TaskOutcome, ''>, now = Date.now()): Promise<boolean> {
  const doc = await db.collections.tasks.findOne(id).exec();
  if (!doc || doc.state === 'done') return false;
  await doc.incrementalModify((d) => (d.state === 'done' ? d : { ...d, state: 'done', outcome, doneBy: staffId, doneAt: now, updatedAt: now }));
  return true;
}

/** Every open task, oldest first (the inbox's Tasks filter and count). */
export function observeOpenTasks(db: PracticeDb): Observable<Task[]> {
  return db.collections.tasks
    .find({ selector: { state: 'open' }, sort: [{ createdAt: 'asc' }] })
    .$.pipe(map((docs) => docs.map((d) => d.toJSON() as Task)));
}

/** A conversation's tasks, open and done (the thread shows each on its message). */
export function observeConversationTasks(db: PracticeDb, conversationId: string): Observable<Task[]> {
  return db.collections.tasks.find({ selector: { conversationId } }).$.pipe(map((docs) => docs.map((d) => d.toJSON() as Task)));
}

export async function tasksForCampaign(db: PracticeDb, campaignId: string): Promise<Task[]> {
  const docs = await db.collections.tasks.find({ selector: { campaignId } }).exec();
  return docs.map((d) => d.toJSON() as Task);
}
