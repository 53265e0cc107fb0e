/**
 * Owns R23's clock: a revocation received by phone, in person, by letter, e-mail or portal must
 * be entered within 10 business days of its receipt; CareRelay warns after 5 and calls it an
 * error after 10. Business days skip Saturdays and Sundays (holidays are the practice's to
 * know). Dates are calendar dates (YYYY-MM-DD) in the practice's time zone.
 */

export type LagLevel = 'ok' | 'warning' | 'error';

export const LAG_WARNING_DAYS = 5;
export const LAG_ERROR_DAYS = 10;

const toUtc = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** Business days after `received` up to and including `entered` (0 when entered the same day or earlier). */
export function businessDaysBetween(received: string, entered: string): number {
  let t = toUtc(received);
  const end = toUtc(entered);
  if (!Number.isFinite(t) || !Number.isFinite(end) || end <= t) return 0;
  let days = 0;
  while (t < end) {
    t += 86_400_000;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return days;
}

export function revocationLag(received: string, entered: string): { days: number; level: LagLevel } {
  const days = businessDaysBetween(received, entered);
  return { days, level: days > LAG_ERROR_DAYS ? 'error' : days > LAG_WARNING_DAYS ? 'warning' : 'ok' };
}
