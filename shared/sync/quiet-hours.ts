/**
 * Owns quiet hours (R34): the allowed sending window in the recipient's local time, by state
 * (federal 8:00–21:00; FL, OK, MD, WA 8:00–20:00; CT 9:00–20:00) intersected with any narrower
 * practice window, and the next open time when a message must wait.
 *
 * Time zone choice: libphonenumber-js has no area-code geocoding, so the recipient's zone is the
 * per-recipient zone when the caller knows one (the patient's address) and the practice's zone
 * otherwise. The state, when known, narrows the window; when unknown the federal window applies
 * (the practice can narrow it further). Pure: date-fns' TZDate does the zone arithmetic.
 */
import { TZDate } from '@date-fns/tz';

export interface DailyWindow {
  /** Minutes after local midnight the window opens (inclusive). */
  readonly startMinute: number;
  /** Minutes after local midnight the window closes (exclusive). */
  readonly endMinute: number;
}

export const FEDERAL_WINDOW: DailyWindow = { startMinute: 8 * 60, endMinute: 21 * 60 };
const STATE_WINDOWS: Record<string, DailyWindow> = {
  FL: { startMinute: 8 * 60, endMinute: 20 * 60 },
  OK: { startMinute: 8 * 60, endMinute: 20 * 60 },
  MD: { startMinute: 8 * 60, endMinute: 20 * 60 },
  WA: { startMinute: 8 * 60, endMinute: 20 * 60 },
  CT: { startMinute: 9 * 60, endMinute: 20 * 60 },
};

export function intersectWindows(...windows: ReadonlyArray<DailyWindow | undefined>): DailyWindow {
  let start = 0;
  let end = 24 * 60;
  for (const w of windows) {
    if (!w) continue;
    start = Math.max(start, w.startMinute);
    end = Math.min(end, w.endMinute);
  }
  return { startMinute: start, endMinute: Math.max(start, end) };
}

/** The window for a recipient: federal, the states' own (all of them when address and area code differ), and the practice's. */
export function windowFor(states: readonly string[], practiceWindow?: DailyWindow): DailyWindow {
  return intersectWindows(FEDERAL_WINDOW, ...states.map((s) => STATE_WINDOWS[s.toUpperCase()]), practiceWindow);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function minuteOfDay(at: number, zone: string): number {
  const d = new TZDate(at, zone);
  return d.getHours() * 60 + d.getMinutes();
}

/** Whether `at` (epoch ms) is inside the window in `zone`. */
export function isInsideWindow(at: number, zone: string, window: DailyWindow): boolean {
  if (window.endMinute <= window.startMinute) return false;
  const m = minuteOfDay(at, zone);
  return m >= window.startMinute && m < window.endMinute;
}

/** The first moment at or after `at` inside the window (epoch ms); handles DST days. */
export function nextOpenTime(at: number, zone: string, window: DailyWindow): number | null {
  if (window.endMinute <= window.startMinute) return null;
  if (isInsideWindow(at, zone, window)) return at;
  const local = new TZDate(at, zone);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const candidate = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, 0, 0, 0, 0, zone);
    candidate.setHours(Math.floor(window.startMinute / 60), window.startMinute % 60, 0, 0);
    const t = candidate.getTime();
    if (t >= at && isInsideWindow(t, zone, window)) return t;
  }
  return null;
}

/** The last moment at or before `at` inside the window (epoch ms, to the minute), or null within two days. */
export function lastOpenTimeBefore(at: number, zone: string, window: DailyWindow): number | null {
  if (window.endMinute <= window.startMinute) return null;
  if (isInsideWindow(at, zone, window)) return at;
  const local = new TZDate(at, zone);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const candidate = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - dayOffset, 0, 0, 0, 0, zone);
    candidate.setHours(Math.floor((window.endMinute - 1) / 60), (window.endMinute - 1) % 60, 0, 0);
    const t = candidate.getTime();
    if (t <= at && isInsideWindow(t, zone, window)) return t;
  }
  return null;
}
