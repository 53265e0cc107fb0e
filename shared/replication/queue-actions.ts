/**
 * What one desk does to the practice's sending queue that every desk must do too (issue 12): the
 * consent actions (consent-actions.ts) and withdrawals of reminders (an appointment confirmed,
 * cancelled or moved; a campaign stopped). A reminder waits in the outbox of the desk that
 * approved it, while the patient's "C" may be read at another desk: a withdrawal recorded anywhere
 * is applied at every desk. Rule: it cancels the campaign and appointment sends it names that
 * were waiting when it was recorded; sends queued after it (a new approval) are not touched.
 */
import type { ConsentAction } from './consent-actions';

export const WITHDRAW_REASONS = ['confirmed', 'cancelled', 'rescheduled', 'campaign-stopped'] as const;

export interface WithdrawAction {
  readonly id: string;
  readonly kind: 'withdraw';
  readonly campaignId?: string;
  readonly appointmentId?: string;
  readonly reason: (typeof WITHDRAW_REASONS)[number];
  /** When it was recorded (ms, the server's clock as the recording desk knew it). */
  readonly at: number;
}

export type QueueAction = ConsentAction | WithdrawAction;

interface QueuedLike {
  readonly state: string;
  readonly createdAt: string;
  readonly origin: { readonly kind: string; readonly refs: Readonly<Record<string, string>> };
}

/** Whether a withdrawal (recorded at `at`; Infinity for one recorded here, now) cancels this entry. */
export function withdrawCovers(action: Pick<WithdrawAction, 'campaignId' | 'appointmentId'>, at: number, entry: QueuedLike): boolean {
  if (entry.state !== 'queued' || (entry.origin.kind !== 'campaign' && entry.origin.kind !== 'appointment')) return false;
  if (action.campaignId === undefined && action.appointmentId === undefined) return false;
  if (action.campaignId !== undefined && entry.origin.refs.campaign !== action.campaignId) return false;
  if (action.appointmentId !== undefined && entry.origin.refs.appointment !== action.appointmentId) return false;
  return Date.parse(entry.createdAt) < at;
}
