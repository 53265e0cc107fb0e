/**
 * Retention of the audit trail: HIPAA documentation is kept six years, so nothing younger
 * than six years (calendar, UTC) is ever purged. Pure functions; the trail enforces them.
 */
export const RETENTION_YEARS = 6;

export class RetentionError extends Error {
  override readonly name = 'RetentionError';
}

/** The latest cutoff allowed at `now`: records strictly older than this may be purged. */
export function oldestProtectedInstant(now: Date): Date {
  const cutoff = new Date(now.getTime());
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - RETENTION_YEARS);
  return cutoff;
}

export function assertPurgeAllowed(cutoff: Date, now: Date): void {
  if (Number.isNaN(cutoff.getTime())) throw new RetentionError('The purge cutoff is not a valid date.');
  if (cutoff.getTime() > oldestProtectedInstant(now).getTime()) {
    throw new RetentionError(`Audit records younger than ${RETENTION_YEARS} years are kept; the cutoff must be on or before ${oldestProtectedInstant(now).toISOString()}.`);
  }
}
