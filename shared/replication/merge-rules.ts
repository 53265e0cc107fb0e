/**
 * Owns how two desks' versions of one record become one (issue 12, several desks sharing a
 * practice through CouchDB). Every rule is commutative (merge(a, b) = merge(b, a)) and
 * idempotent (merge(a, a) = a), so every desk reaches the same record whatever order versions
 * arrive in, and none silently drops a person's action. Written down:
 *
 * - **Messages** are immutable except their delivery state, which only moves forward
 *   (DELIVERY_ORDER; between two final states the later report), its error code going with it;
 *   a staff review only moves forward ('' → flagged → confirmed or dismissed).
 * - **Conversations**: status by the later human action (statusAt), assignment by the later
 *   assignment (assignedAt), the claim by the claim lease rule (shared/inbox/claims.ts: a live
 *   claim beats none, the earlier of two live claims wins); counts that only grow take the
 *   larger; the newest activity brings its preview, direction and queue position; a link to a
 *   patient beats none.
 * - **Staff state** (one person's own): the furthest read position; the later draft.
 * - **Tasks**: done beats open; of two done, the first to finish.
 * - **Patient edits**: field by field, the later edit of each field wins, and every losing
 *   value is kept in the record's history (mergeFields) — nothing is lost silently.
 * - **Consent events** are append-only: two versions of one id are the same event; the one
 *   recorded first is kept if they ever differ.
 * - Ties (same times) break by a fixed order of the values, so both desks still agree.
 * Pure.
 */
import { mergeClaims } from '../inbox/claims';
import { DELIVERY_ORDER, type DeliveryState } from '../inbox/delivery-order';

/** A fixed, total order over JSON values: the tie-break both desks compute alike. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v,
  ) ?? '';
}

/** The version with the larger `key`; on a tie the one with the smaller stable key (deterministic). */
function later<T extends object>(a: T, b: T, key: (d: T) => number): T {
  const ka = key(a);
  const kb = key(b);
  if (ka !== kb) return ka > kb ? a : b;
  return stableKey(a) <= stableKey(b) ? a : b;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

// ---- messages ----------------------------------------------------------------------------

export interface MessageMergeFields {
  readonly state: DeliveryState;
  readonly errorCode: number;
  readonly failureCode: string;
  readonly review: '' | 'opt-out' | 'wrong-number' | 'confirmed' | 'dismissed';
  readonly reviewConfidence: number;
  readonly updatedAt: number;
}

const REVIEW_ORDER: Readonly<Record<MessageMergeFields['review'], number>> = { '': 0, 'opt-out': 1, 'wrong-number': 1, confirmed: 2, dismissed: 2 };

export function mergeMessage<T extends MessageMergeFields>(a: T, b: T): T {
  const delivery = DELIVERY_ORDER[a.state] !== DELIVERY_ORDER[b.state] ? (DELIVERY_ORDER[a.state] > DELIVERY_ORDER[b.state] ? a : b) : later(a, b, (d) => d.updatedAt);
  const review = REVIEW_ORDER[a.review] !== REVIEW_ORDER[b.review] ? (REVIEW_ORDER[a.review] > REVIEW_ORDER[b.review] ? a : b) : later(a, b, (d) => d.updatedAt);
  // Everything else is immutable: take it from one fixed side.
  const base = stableKey(a) <= stableKey(b) ? a : b;
  return {
    ...base,
    state: delivery.state,
    errorCode: delivery.errorCode,
    failureCode: delivery.failureCode,
    review: review.review,
    reviewConfidence: review.reviewConfidence,
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
}

// ---- conversations -----------------------------------------------------------------------

export interface ConversationMergeFields {
  readonly patientId: string;
  readonly status: string;
  readonly statusAt: number;
  readonly assignedTo: string;
  readonly assignedAt: number;
  readonly claimedBy: string;
  readonly claimedAt: number;
  readonly inboundCount: number;
  readonly lastInboundAt: number;
  readonly failedCount: number;
  readonly lastActivityAt: number;
  readonly queueKey: number;
  readonly lastDirection: string;
  readonly updatedAt: number;
}

export function mergeConversation<T extends ConversationMergeFields>(a: T, b: T, now: number): T {
  const status = later(a, b, (d) => d.statusAt);
  const assignment = later(a, b, (d) => d.assignedAt);
  const activity = later(a, b, (d) => d.lastActivityAt);
  const claim = mergeClaims(a, b, now);
  const patient = a.patientId && b.patientId ? later(a, b, (d) => d.updatedAt) : a.patientId ? a : b;
  return {
    ...activity,
    patientId: patient.patientId,
    status: status.status,
    statusAt: status.statusAt,
    assignedTo: assignment.assignedTo,
    assignedAt: assignment.assignedAt,
    claimedBy: claim.claimedBy,
    claimedAt: claim.claimedAt,
    inboundCount: Math.max(a.inboundCount, b.inboundCount),
    lastInboundAt: Math.max(a.lastInboundAt, b.lastInboundAt),
    // Failures since the last delivery: as of the newest activity.
    failedCount: activity.failedCount,
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
}

// ---- staff state, tasks, consent ---------------------------------------------------------

export interface StaffStateMergeFields {
  readonly readInboundCount: number;
  readonly draftAt: number;
  readonly updatedAt: number;
}

export function mergeStaffState<T extends StaffStateMergeFields>(a: T, b: T): T {
  const draft = later(a, b, (d) => d.draftAt);
  return { ...draft, readInboundCount: Math.max(a.readInboundCount, b.readInboundCount), updatedAt: Math.max(a.updatedAt, b.updatedAt) };
}

export interface TaskMergeFields {
  readonly state: 'open' | 'done';
  readonly doneAt: number;
  readonly updatedAt: number;
}

export function mergeTask<T extends TaskMergeFields>(a: T, b: T): T {
  if (a.state !== b.state) return a.state === 'done' ? a : b;
  if (a.state === 'done') return later(a, b, (d) => -d.doneAt); // the first to finish
  return later(a, b, (d) => d.updatedAt);
}

export function mergeConsentEvent<T extends { readonly recordedAt: number }>(a: T, b: T): T {
  return later(a, b, (d) => -d.recordedAt);
}

// ---- field-by-field records (patients) ---------------------------------------------------

/** A record's values with, per field, when it was last edited and by whom. */
export interface FieldVersions {
  readonly values: Readonly<Record<string, unknown>>;
  readonly editedAt: Readonly<Record<string, number>>;
  readonly editedBy?: Readonly<Record<string, string>>;
}

/** A value that lost a merge: kept in the record's history, never dropped. */
export interface LostEdit {
  readonly field: string;
  readonly value: unknown;
  readonly editedAt: number;
  readonly editedBy: string;
}

/**
 * Field by field, the later edit wins (ties: the fixed order of the values); every losing value
 * that differs from the winner is returned so the record's history keeps it.
 */
export function mergeFields(a: FieldVersions, b: FieldVersions): { merged: FieldVersions; lost: LostEdit[] } {
  const fields = [...new Set([...Object.keys(a.values), ...Object.keys(b.values), ...Object.keys(a.editedAt), ...Object.keys(b.editedAt)])].sort();
  const values: Record<string, unknown> = {};
  const editedAt: Record<string, number> = {};
  const editedBy: Record<string, string> = {};
  const lost: LostEdit[] = [];
  for (const field of fields) {
    const sides = [a, b].map((v) => ({ value: v.values[field], at: num(v.editedAt[field]), by: v.editedBy?.[field] ?? '' }));
    const [x, y] = sides as [(typeof sides)[0], (typeof sides)[0]];
    const winner = x.at !== y.at ? (x.at > y.at ? x : y) : stableKey([x.value, x.by]) <= stableKey([y.value, y.by]) ? x : y;
    const loser = winner === x ? y : x;
    if (winner.value !== undefined) values[field] = winner.value;
    editedAt[field] = winner.at;
    if (winner.by) editedBy[field] = winner.by;
    if (stableKey(loser.value) !== stableKey(winner.value) && loser.value !== undefined) lost.push({ field, value: loser.value, editedAt: loser.at, editedBy: loser.by });
  }
  return { merged: { values, editedAt, editedBy }, lost };
}
