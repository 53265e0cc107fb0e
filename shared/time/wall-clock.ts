/**
 * Owns turning what a person types into a date and a time input (a wall-clock day and time in a
 * practice's or appointment's time zone) into an instant. `new TZDate("2026-12-09T09:30:00",
 * zone)` would read the string in the computer's own zone, not `zone`; the numeric constructor
 * reads it in `zone`, including across daylight-saving changes. Pure.
 */
import { TZDate } from '@date-fns/tz';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** Epoch ms of `day` (YYYY-MM-DD) at `time` (HH:MM, default midnight) in `zone`; NaN when either is malformed. */
export function wallClockToInstant(day: string, zone: string, time = '00:00'): number {
  const d = DAY.exec(day);
  const t = TIME.exec(time);
  if (!d || !t) return NaN;
  const [y, m, dd, hh, mm] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (m < 1 || m > 12 || dd < 1 || dd > 31 || hh > 23 || mm > 59) return NaN;
  const at = new TZDate(y, m - 1, dd, hh, mm, zone);
  // A day that does not exist (31 April) rolls over: refuse it rather than move it.
  return at.getDate() === dd && at.getMonth() === m - 1 ? at.getTime() : NaN;
}
