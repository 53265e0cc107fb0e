/**
 * The retention policy for the practice database: how long messages are kept (default six
 * years, HIPAA's documentation period) and the cut-off it gives for a moment. Pure.
 * Consent events are never purged here: they are the record that texting was allowed.
 */
export interface RetentionPolicy {
  /** Whole years to keep messages (1..25). */
  readonly messageYears: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = Object.freeze({ messageYears: 6 });

export function validRetention(policy: RetentionPolicy): boolean {
  return Number.isInteger(policy.messageYears) && policy.messageYears >= 1 && policy.messageYears <= 25;
}

/** Messages sent before this instant are past retention (calendar years, UTC). */
export function messageCutoff(policy: RetentionPolicy, now: number): number {
  if (!validRetention(policy)) throw new RangeError('Messages must be kept between 1 and 25 years.');
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - policy.messageYears);
  return d.getTime();
}
