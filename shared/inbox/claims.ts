/**
 * Owns the rules of claiming a conversation: a claim is a short lease ("Maria is replying")
 * taken when someone opens the reply box and renewed while they type. It expires on its own,
 * so a receptionist who walks away never blocks the queue. Anyone may still send, but a
 * colleague's live claim must be acknowledged first. Two claims made at once (two desks,
 * issue 12) resolve to one owner by a rule both sides compute alike: the earlier claim wins,
 * ties by staff id. Pure.
 */

/** A claim lasts this long after it was taken or last renewed. */
export const CLAIM_LEASE_MS = 3 * 60_000;
/** How often an active reply box renews its claim. */
export const CLAIM_RENEW_MS = 45_000;

export interface ClaimFields {
  readonly claimedBy: string;
  readonly claimedAt: number;
}

/** Who holds the claim now, or null when nobody does (none taken, or expired). */
export function claimHolder(c: ClaimFields, now: number): string | null {
  if (!c.claimedBy) return null;
  if (now - c.claimedAt >= CLAIM_LEASE_MS || c.claimedAt - now > CLAIM_LEASE_MS) return null;
  return c.claimedBy;
}

/** A colleague's live claim that `staffId` must acknowledge before sending, or null. */
export function claimedByOther(c: ClaimFields, staffId: string, now: number): { staffId: string; since: number } | null {
  const holder = claimHolder(c, now);
  return holder && holder !== staffId ? { staffId: holder, since: c.claimedAt } : null;
}

export type ClaimDecision =
  | { readonly action: 'take' | 'renew' }
  | { readonly action: 'blocked'; readonly holder: string; readonly since: number };

/** What a claim attempt by `staffId` does: take a free or expired claim, renew one's own, or meet a colleague's. */
export function decideClaim(c: ClaimFields, staffId: string, now: number, force = false): ClaimDecision {
  const holder = claimHolder(c, now);
  if (holder === staffId) return { action: 'renew' };
  if (holder === null || force) return { action: 'take' };
  return { action: 'blocked', holder, since: c.claimedAt };
}

/**
 * Merge rule for two replicas' claims of one conversation: a live claim beats an expired or
 * absent one; of two live claims the earlier wins, then the smaller staff id. Both desks compute
 * the same owner whatever order the versions arrive in.
 */
export function mergeClaims(a: ClaimFields, b: ClaimFields, now: number): ClaimFields {
  const liveA = claimHolder(a, now) !== null;
  const liveB = claimHolder(b, now) !== null;
  if (liveA !== liveB) return liveA ? a : b;
  if (!liveA) return { claimedBy: '', claimedAt: 0 };
  if (a.claimedAt !== b.claimedAt) return a.claimedAt < b.claimedAt ? a : b;
  return a.claimedBy <= b.claimedBy ? a : b;
}
