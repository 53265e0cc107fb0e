/**
 * Tasks for staff that a patient's text created: a reply to a reminder asking to reschedule, a
 * question, or an answer the reply interpreter could not read confidently (issue 11: "land in the
 * inbox as a task for staff"). A task points at the message, its conversation and the appointment
 * the reminder was for; it holds no PHI itself (the wording is the message's, the time the
 * appointment's).
 *
 * Ids are deterministic (`task-` + the message id, itself derived from the gateway SID), so two
 * desks filing the same reply create one task. Merge rule for replicas: `state` only moves from
 * open to done; of two "done" versions the earlier `doneAt` wins (the first person to finish it),
 * its `doneBy` and `outcome` with it.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { idField, timeField } from './fields';

export type TaskKind = 'reschedule' | 'question' | 'unclear';
export type TaskState = 'open' | 'done';
/** What staff did: moved or cancelled or confirmed the appointment, answered, or nothing needed. */
export type TaskOutcome = '' | 'moved' | 'cancelled' | 'confirmed' | 'answered' | 'no-action';

export interface TaskDoc {
  id: string;
  kind: TaskKind;
  conversationId: string;
  messageId: string;
  /** '' when the reminder's appointment is not known here. */
  appointmentId: string;
  /** The campaign the reminder came from; '' for a one-off reminder. */
  campaignId: string;
  /** The reply interpreter's confidence, 0–100. */
  confidence: number;
  state: TaskState;
  outcome: TaskOutcome;
  createdAt: number;
  doneBy: string;
  doneAt: number;
  updatedAt: number;
}

export const taskId = (messageId: string) => `task-${messageId}`.slice(0, 64);

export const taskSchema: RxJsonSchema<TaskDoc> = {
  title: 'tasks',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    kind: { type: 'string', enum: ['reschedule', 'question', 'unclear'] },
    conversationId: idField,
    messageId: idField,
    appointmentId: idField,
    campaignId: idField,
    confidence: { type: 'integer', minimum: 0, maximum: 100 },
    state: { type: 'string', enum: ['open', 'done'], maxLength: 8 },
    outcome: { type: 'string', enum: ['', 'moved', 'cancelled', 'confirmed', 'answered', 'no-action'] },
    createdAt: timeField,
    doneBy: idField,
    doneAt: timeField,
    updatedAt: timeField,
  },
  required: ['id', 'kind', 'conversationId', 'messageId', 'appointmentId', 'campaignId', 'confidence', 'state', 'outcome', 'createdAt', 'doneBy', 'doneAt', 'updatedAt'],
  indexes: [['state', 'createdAt'], 'conversationId', 'campaignId'],
};
