/**
 * Owns the outbox entry's shape and its state machine, shared by main's journal and the IPC
 * views. Fields are chosen so campaigns and consent fit later: an origin with opaque refs
 * (conversation, campaign, appointment, template), a send window, and the purpose the consent
 * ledger will check.
 *
 *   queued ──► sending ──► accepted(sid) ──► sent ──► delivered | undelivered | failed
 *     │   ◄──────┘ (reconciled: never reached the gateway)       ▲
 *     ├──► cancelled (staff, or the number opted out)            │ (status polling)
 *     └──► refused   (compliance gate, or a permanent create-time error)
 */

export const OUTBOX_STATES = ['queued', 'sending', 'accepted', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled', 'refused'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const FINAL_STATES: ReadonlySet<OutboxState> = new Set(['delivered', 'undelivered', 'failed', 'cancelled', 'refused']);
/** Waiting to leave this computer (counts towards the queue depth). */
export const PENDING_STATES: ReadonlySet<OutboxState> = new Set(['queued', 'sending']);

const NEXT: Record<OutboxState, readonly OutboxState[]> = {
  queued: ['sending', 'cancelled', 'refused'],
  sending: ['accepted', 'queued', 'refused', 'failed', 'sent', 'delivered', 'undelivered', 'cancelled'],
  accepted: ['sent', 'delivered', 'undelivered', 'failed'],
  sent: ['delivered', 'undelivered', 'failed'],
  delivered: [],
  undelivered: [],
  failed: [],
  cancelled: [],
  refused: [],
};

export function canTransition(from: OutboxState, to: OutboxState): boolean {
  return from === to || NEXT[from].includes(to);
}

/** 'auto-reply': CareRelay's own answer to a keyword or a desk opt-in (refs.reply names which). */
export type OriginKind = 'inbox-reply' | 'campaign' | 'appointment' | 'auto-reply';

export interface OutboxOrigin {
  readonly kind: OriginKind;
  /** Opaque ids in the practice database (conversation, campaign, appointment, template). */
  readonly refs: Readonly<Record<string, string>>;
}

export interface OutboxEntry {
  readonly clientId: string;
  /** E.164. */
  readonly to: string;
  readonly body: string;
  readonly origin: OutboxOrigin;
  /** Consent purpose the gate checks later ('care' for replies and reminders, 'marketing', ...). */
  readonly purpose: string;
  readonly createdBy: string;
  readonly createdAt: string;
  /** ISO; null = as soon as possible / no deadline. */
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  /** Recipient's IANA zone when known (from the patient's address); else the practice's zone applies. */
  readonly recipientTimeZone: string | null;
  readonly recipientStates: readonly string[];
  /** R17: the patient's preferred contact hours (local minutes), narrowing when automated texts may go. */
  readonly recipientWindow?: { readonly startMinute: number; readonly endMinute: number } | null;
  readonly state: OutboxState;
  readonly sid: string | null;
  readonly attempts: number;
  /** When the latest create request was about to leave (reconciliation looks from here). */
  readonly sendingAt: string | null;
  /** A send whose outcome is unknown (crash, timeout, dropped connection): reconcile before any resend. */
  readonly needsReconcile: boolean;
  /** Deferred by quiet hours, caps or backoff until this time. */
  readonly nextAttemptAt: string | null;
  readonly acceptedAt: string | null;
  readonly finalAt: string | null;
  readonly updatedAt: string;
  /** Gateway error code (number) or a local reason code (e.g. 'CONSENT_REVOKED'). */
  readonly lastError: string | null;
  readonly nextStatusPollAt: string | null;
}

export function isAutomated(origin: OutboxOrigin): boolean {
  return origin.kind !== 'inbox-reply';
}
