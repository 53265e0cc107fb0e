/**
 * Owns R28's "other permanent carrier errors: suspend the number after N failures": which
 * gateway error codes say something about the recipient's number (not the message, not our
 * sender registration, not an opt-out), and how a number's run of such failures grows, resets
 * and suspends it. Pure: main keeps the state durably and asks these functions what it means.
 *
 * Chosen rule: three consecutive number-level permanent failures suspend automated sends to that
 * number; a delivery (or an administrator) clears it. Staff replies from the inbox still go out,
 * with a warning, because a person chose to write and the failures may have been transient.
 */
import { explainGatewayError } from './gateway-errors';

/** Consecutive number-level permanent failures that suspend automated sends to a number. */
export const SUSPEND_AFTER_FAILURES = 3;

/** Codes handled by their own rule, never counted here: 21610 (opt-out), 30032/30034 (our sender). */
const OWN_RULE = new Set([21610, 30032, 30034]);

/** True when a permanent error says the number itself cannot take texts (invalid, landline, unreachable, blocked, carrier failure). */
export function isNumberLevelFailure(code: number | null): boolean {
  if (code === null || OWN_RULE.has(code)) return false;
  const info = explainGatewayError(code);
  if (!info.permanent) return false;
  if (info.kind === 'invalid-recipient' && code !== 21604) return true;
  if (info.kind === 'landline' || info.kind === 'unreachable' || info.kind === 'blocked') return true;
  // Unlisted 30xxx codes are carrier delivery failures.
  return info.kind === 'unknown' && code >= 30000 && code < 31000;
}

export interface NumberHealth {
  /** Number-level permanent failures in a row, since the last delivery or clearing. */
  readonly consecutiveFailures: number;
  readonly lastCode: number | null;
  /** ISO time the number was suspended, or null. */
  readonly suspendedSince: string | null;
}

export const HEALTHY: NumberHealth = { consecutiveFailures: 0, lastCode: null, suspendedSince: null };

export type NumberEvent =
  | { readonly kind: 'failure'; readonly code: number | null; readonly at: string }
  | { readonly kind: 'delivered' }
  | { readonly kind: 'cleared' };

/** The number's health after an event; returns the same object when nothing changes. */
export function nextNumberHealth(current: NumberHealth, event: NumberEvent): NumberHealth {
  if (event.kind === 'delivered' || event.kind === 'cleared') return current.consecutiveFailures === 0 && current.suspendedSince === null ? current : HEALTHY;
  if (!isNumberLevelFailure(event.code)) return current;
  const consecutiveFailures = current.consecutiveFailures + 1;
  const suspendedSince = current.suspendedSince ?? (consecutiveFailures >= SUSPEND_AFTER_FAILURES ? event.at : null);
  return { consecutiveFailures, lastCode: event.code, suspendedSince };
}
