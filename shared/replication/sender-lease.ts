/**
 * Owns which desk talks to the gateway (issue 12: one sender, many desks). One lease document
 * per practice names the holder, a term that grows by one with every change of holder, and an
 * expiry. The holder renews it well before it runs out; any desk may take it once it has
 * expired (the holder went offline or shut down), so another desk takes over within one lease
 * period. Two desks taking it at once both write term n+1: the merge keeps one of them by a rule
 * both compute alike (the higher term; in one term, the smaller desk id), and the desk
 * that lost stops sending at its next check — a send both made meanwhile is de-duplicated by its
 * client id. Pure.
 */

export const SENDER_LEASE_MS = 30_000;
/** The holder renews when less than this is left (so a late renewal still lands in time). */
export const SENDER_RENEW_BEFORE_MS = 20_000;

export interface SenderLease {
  readonly holder: string;
  readonly term: number;
  readonly expiresAt: number;
}

export const NO_LEASE: SenderLease = { holder: '', term: 0, expiresAt: 0 };

export type LeaseDecision =
  | { readonly action: 'send'; readonly renew: SenderLease | null }
  | { readonly action: 'take'; readonly lease: SenderLease }
  | { readonly action: 'wait'; readonly holder: string; readonly until: number };

export function leaseLive(lease: SenderLease, now: number, leaseMs = SENDER_LEASE_MS): boolean {
  return lease.holder !== '' && now < lease.expiresAt && lease.expiresAt - now <= 2 * leaseMs;
}

/**
 * What `desk` does now: send (renewing when due), take an expired or absent lease, or wait for
 * the live holder. A lease that claims to run far into the future (a desk with a wrong clock) is
 * treated as expired rather than trusted.
 */
export function decideLease(lease: SenderLease, desk: string, now: number, leaseMs = SENDER_LEASE_MS): LeaseDecision {
  if (leaseLive(lease, now, leaseMs)) {
    if (lease.holder !== desk) return { action: 'wait', holder: lease.holder, until: lease.expiresAt };
    const due = lease.expiresAt - now < (leaseMs * SENDER_RENEW_BEFORE_MS) / SENDER_LEASE_MS;
    return { action: 'send', renew: due ? { holder: desk, term: lease.term, expiresAt: now + leaseMs } : null };
  }
  return { action: 'take', lease: { holder: desk, term: lease.term + 1, expiresAt: now + leaseMs } };
}

/**
 * A desk giving the lease up on shutdown: it expires at once, so another desk takes over now.
 * "At once" is the epoch, not the releasing desk's estimate of the server's time: each desk
 * estimates it from whole-second Date headers, so another desk's estimate can be up to a second
 * behind and would still see a lease that expired "now" as live (CI caught this).
 */
export function releaseLease(lease: SenderLease, desk: string, _now?: number): SenderLease {
  return lease.holder === desk ? { holder: desk, term: lease.term, expiresAt: 0 } : lease;
}

/** Two versions of the lease document: the same winner on every desk, whatever the order. */
export function mergeLeases(a: SenderLease, b: SenderLease): SenderLease {
  if (a.term !== b.term) return a.term > b.term ? a : b;
  if (a.holder === b.holder) return a.expiresAt >= b.expiresAt ? a : b;
  return a.holder < b.holder ? a : b;
}
