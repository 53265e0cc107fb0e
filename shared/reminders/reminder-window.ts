/**
 * Owns when one appointment's reminder may go out: from `leadHours` before the appointment (or
 * now, when that has passed) until `cutoffMinutes` before it starts — a reminder that would land
 * as the patient walks in is dropped, not sent late. Quiet hours and the frequency cap are
 * applied later by main's compliance gate, which defers inside this window or refuses when the
 * window closes first. Pure; campaigns use the same rule per step.
 */

export interface ReminderWindow {
  readonly notBefore: number;
  readonly notAfter: number;
}

export interface ReminderTiming {
  readonly leadHours: number;
  readonly cutoffMinutes: number;
}

export const DEFAULT_REMINDER_TIMING: ReminderTiming = { leadHours: 24, cutoffMinutes: 60 };

/** The window, or null when the appointment is too close (or past) for any reminder. */
export function reminderWindow(startsAt: number, now: number, timing: ReminderTiming = DEFAULT_REMINDER_TIMING): ReminderWindow | null {
  const notAfter = startsAt - timing.cutoffMinutes * 60_000;
  const notBefore = Math.max(now, startsAt - timing.leadHours * 3_600_000);
  return notAfter > notBefore ? { notBefore, notAfter } : null;
}
