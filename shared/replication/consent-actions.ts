/**
 * The rules for consent actions shared between desks (issue 12; R23, R24, R26, R27, R19). What
 * staff record at one desk — a revocation (every purpose, or some), a documented re-opt-in, a
 * wrong-number review cleared — must hold at every desk's sending queue, whichever desk sends.
 * Each is an append-only event with a deterministic id (the consent event's), applied once per
 * desk, in any order, with the same result:
 *
 *  - per number, the later of revocation and re-opt-in wins (by the server-clock time it was
 *    recorded; equal times: revocation), so a late-arriving older event changes nothing;
 *  - a re-opt-in never lifts an opt-out the patient sent after it (a STOP keyword, or the
 *    carrier's stop list); staff-recorded revocations are ordered by the rule above instead;
 *  - a revocation cancels, at every desk, the sends that were waiting when it was recorded, even
 *    when a later re-opt-in has already been applied (re-opting in does not revive them); sends
 *    queued after it are not touched;
 *  - a revocation for some purposes cancels the waiting sends for those purposes only;
 *  - a cleared wrong-number review lifts that hold (a later wrong-number reply holds again).
 */
export const CONSENT_ACTION_KINDS = ['revoke', 'revoke-purposes', 'restore', 'review-cleared'] as const;
export type ConsentActionKind = (typeof CONSENT_ACTION_KINDS)[number];

export interface ConsentAction {
  /** The consent event's id (deterministic: the same event is the same action everywhere). */
  readonly id: string;
  /** E.164. */
  readonly number: string;
  readonly kind: ConsentActionKind;
  /** For 'revoke-purposes'. */
  readonly purposes?: readonly string[];
  /** When it was recorded (ms, the server's clock as the recording desk knew it). */
  readonly at: number;
}

/** The latest revocation or re-opt-in applied for a number at this desk. */
export interface NumberConsentState {
  readonly at: number;
  readonly kind: 'revoke' | 'restore';
}

export type ConsentEffect =
  | { readonly suppress: boolean; readonly cancelCreatedBefore: number }
  | { readonly unsuppress: true }
  | { readonly cancelPurposes: readonly string[]; readonly cancelCreatedBefore: number }
  | { readonly releaseReview: true }
  | { readonly none: 'superseded' | 'opted-out-later' };

/** Whether `a` is later than `b` by the rule (time, then revocation over re-opt-in). */
const later = (a: { at: number; kind: string }, b: NumberConsentState): boolean => a.at > b.at || (a.at === b.at && a.kind === 'revoke' && b.kind === 'restore');

/**
 * What applying `action` does here, given the latest revocation or re-opt-in applied for its
 * number and when the patient opted out themselves (STOP, carrier stop list: ms, or null).
 */
export function decideConsentAction(action: ConsentAction, latest: NumberConsentState | undefined, patientOptOutSince: number | null): ConsentEffect {
  switch (action.kind) {
    case 'revoke':
      return { suppress: !latest || later(action, latest), cancelCreatedBefore: action.at };
    case 'revoke-purposes':
      return { cancelPurposes: action.purposes ?? [], cancelCreatedBefore: action.at };
    case 'review-cleared':
      return { releaseReview: true };
    case 'restore':
      if (latest && !later(action, latest)) return { none: 'superseded' };
      if (patientOptOutSince !== null && patientOptOutSince > action.at) return { none: 'opted-out-later' };
      return { unsuppress: true };
  }
}

/** The number's state after `action` (unchanged for actions that do not decide it). */
export function nextConsentState(action: ConsentAction, latest: NumberConsentState | undefined): NumberConsentState | undefined {
  if (action.kind !== 'revoke' && action.kind !== 'restore') return latest;
  return !latest || later(action, latest) ? { at: action.at, kind: action.kind } : latest;
}
