/**
 * Owns matching an in-doubt outbox entry to the gateway's own record. Twilio's Message resource
 * has no client reference field (and the body must stay exactly what staff wrote, so no marker
 * is added to it), so a match is: outbound, same To, exactly the same Body, created no earlier
 * than the entry itself (minus clock skew), and not already claimed by another outbox entry;
 * the oldest such message wins. Identical texts to one number are told apart by the claim set,
 * reconciling entries oldest first. An entry with no match is resent only after a grace period
 * since its last attempt, because the gateway's list can lag a create by a moment.
 */
import type { OutboxEntry } from '../../shared/sync/outbox-model';
import type { GatewayMessage } from '../gateway/twilio-parse';

export const CLOCK_SKEW_MS = 5 * 60_000;

export function isCandidate(entry: OutboxEntry, m: GatewayMessage, claimed: ReadonlySet<string>): boolean {
  return (
    m.direction !== 'inbound' &&
    m.to === entry.to &&
    m.body === entry.body &&
    !claimed.has(m.sid) &&
    (m.dateCreated === null || m.dateCreated >= Date.parse(entry.createdAt) - CLOCK_SKEW_MS)
  );
}

/** The oldest unclaimed candidate among messages the gateway listed (newest first). */
export function pickMatch(entry: OutboxEntry, listed: readonly GatewayMessage[], claimed: ReadonlySet<string>): GatewayMessage | null {
  let best: GatewayMessage | null = null;
  for (const m of listed) {
    if (!isCandidate(entry, m, claimed)) continue;
    if (!best || (m.dateCreated ?? 0) < (best.dateCreated ?? 0)) best = m;
  }
  return best;
}

/** Whether listing can stop: this page already reaches before the entry was created. */
export function listedPastEntry(entry: OutboxEntry, page: readonly GatewayMessage[]): boolean {
  const floor = Date.parse(entry.createdAt) - CLOCK_SKEW_MS;
  return page.some((m) => m.dateCreated !== null && m.dateCreated < floor);
}
