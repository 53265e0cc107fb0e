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

/** Revocations that arrive by themselves are entered the moment they arrive: no lag to watch. */
const AUTOMATIC_METHODS: ReadonlySet<string> = new Set(['sms-keyword', 'gateway-21610']);

export interface RevocationFacts {
  readonly id: string;
  readonly patientId: string;
  readonly phoneHash: string;
  readonly purpose: string;
  readonly action: 'grant' | 'revoke';
  readonly method: string;
  readonly staffId: string;
  readonly recordedAt: number;
  readonly receivedAt: number;
}

export interface LateEntry {
  /** The first event of the request (a request covering several purposes is one entry). */
  readonly id: string;
  readonly patientId: string;
  readonly method: string;
  readonly staffId: string;
  readonly purposes: readonly string[];
  readonly received: string;
  readonly entered: string;
  readonly days: number;
  readonly level: Exclude<LagLevel, 'ok'>;
}

/**
 * R23's dashboard: every staff-entered revocation whose entry came more than 5 business days
 * after the patient asked (warning) or more than 10 (error), one row per request (the events a
 * request wrote for each purpose share patient, number, method, staff, receipt time and entry day), worst
 * first, then the newest. `dayOf` turns a time into the calendar date the screens use.
 */
export function lateRevocationEntries(events: readonly RevocationFacts[], dayOf: (t: number) => string): LateEntry[] {
  const requests = new Map<string, { first: RevocationFacts; purposes: string[] }>();
  for (const e of events) {
    if (e.action !== 'revoke' || AUTOMATIC_METHODS.has(e.method)) continue;
    // One request writes an event per purpose, moments apart: same person, number, method, staff, receipt and entry day.
    const key = [e.patientId, e.phoneHash, e.method, e.staffId, e.receivedAt, dayOf(e.recordedAt)].join('|');
    const found = requests.get(key);
    if (!found) requests.set(key, { first: e, purposes: [e.purpose] });
    else {
      found.purposes.push(e.purpose);
      if (e.id < found.first.id) found.first = e;
    }
  }
  const late: LateEntry[] = [];
  for (const { first, purposes } of requests.values()) {
    const received = dayOf(first.receivedAt);
    const entered = dayOf(first.recordedAt);
    const { days, level } = revocationLag(received, entered);
    if (level === 'ok') continue;
    late.push({ id: first.id, patientId: first.patientId, method: first.method, staffId: first.staffId, purposes: [...purposes].sort(), received, entered, days, level });
  }
  return late.sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1) || (a.entered < b.entered ? 1 : a.entered > b.entered ? -1 : 0) || (a.id < b.id ? -1 : 1));
}
