/** Claim leases: expiry, renewal, a colleague's claim, and the merge rule both desks agree on. */
import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, claimHolder, claimedByOther, decideClaim, mergeClaims } from './claims';

const T = 1_800_000_000_000;
const claim = (claimedBy: string, claimedAt: number) => ({ claimedBy, claimedAt });

describe('claim leases', () => {
  it.each([
    ['nobody', claim('', 0), T, null],
    ['fresh', claim('maria', T - 1_000), T, 'maria'],
    ['just before expiry', claim('maria', T - CLAIM_LEASE_MS + 1), T, 'maria'],
    ['expired', claim('maria', T - CLAIM_LEASE_MS), T, null],
    ['from a clock far ahead', claim('maria', T + CLAIM_LEASE_MS + 1), T, null],
  ] as const)('%s', (_label, c, now, holder) => {
    expect(claimHolder(c, now)).toBe(holder);
  });

  it.each([
    ['free', claim('', 0), 'john', false, { action: 'take' }],
    ['expired', claim('maria', T - CLAIM_LEASE_MS - 5), 'john', false, { action: 'take' }],
    ['own', claim('john', T - 10), 'john', false, { action: 'renew' }],
    ["a colleague's", claim('maria', T - 10), 'john', false, { action: 'blocked', holder: 'maria', since: T - 10 }],
    ["a colleague's, taken over after a warning", claim('maria', T - 10), 'john', true, { action: 'take' }],
  ] as const)('deciding a claim: %s', (_label, c, who, force, expected) => {
    expect(decideClaim(c, who, T, force)).toEqual(expected);
  });

  it("names a colleague's live claim, never one's own", () => {
    expect(claimedByOther(claim('maria', T - 10), 'john', T)).toEqual({ staffId: 'maria', since: T - 10 });
    expect(claimedByOther(claim('john', T - 10), 'john', T)).toBeNull();
    expect(claimedByOther(claim('maria', T - CLAIM_LEASE_MS), 'john', T)).toBeNull();
  });

  it.each([
    ['a live claim beats an expired one', claim('a', T - CLAIM_LEASE_MS - 1), claim('b', T - 5), 'b'],
    ['the earlier live claim wins', claim('zed', T - 50), claim('amy', T - 10), 'zed'],
    ['same instant: the smaller staff id', claim('zed', T - 10), claim('amy', T - 10), 'amy'],
    ['neither live: nobody', claim('a', T - CLAIM_LEASE_MS - 1), claim('', 0), ''],
  ] as const)('merge: %s, in either order', (_label, a, b, winner) => {
    expect(mergeClaims(a, b, T).claimedBy).toBe(winner);
    expect(mergeClaims(b, a, T).claimedBy).toBe(winner);
  });
});
