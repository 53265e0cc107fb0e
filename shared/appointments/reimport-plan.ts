/**
 * Owns planning a re-import: given the appointments already stored from one source and the rows
 * of a new import from that source, what to create, what to update (and which fields), how many
 * are unchanged, and which stored appointments to cancel because the source no longer lists
 * them. Pure: it plans, the caller writes.
 *
 * The merge rule:
 *   - Rows match stored appointments by `externalId` only. Stored appointments without one
 *     (entered by hand) are never matched, updated or cancelled. The caller passes only the
 *     appointments of the same source (CSV or FHIR, same practice system): ids of different
 *     systems may collide.
 *   - An incoming row with no match is created. A second incoming row with an externalId already
 *     seen is ignored (counted in `ignoredDuplicates`); the importers already reject those.
 *   - A matched row updates startsAt, durationMinutes, status, provider and location when they
 *     differ; `changed` names them and `row` carries the merged values to write. A provider or
 *     location the import does not carry (undefined) keeps the stored one: absent is "no
 *     opinion", not "cleared".
 *   - Status: the source wins, with two exceptions — a stored 'confirmed' or 'cancelled' (the
 *     patient confirmed or cancelled by text, which the source may not know yet) is kept when
 *     the source says 'booked' and the time did not move: a patient who cancelled is not
 *     reminded again because the practice system lags. When the start moved, the answer was for
 *     the old time: the source's status is taken.
 *   - Cancel: only with a `coveredRange` (the dates the export covers, [from, to) in epoch ms).
 *     A stored appointment of this source that starts inside it, is missing from the import,
 *     and is still booked, confirmed or rescheduled is cancelled. Already cancelled, completed
 *     and no-show appointments are history and are left alone. Without a range nothing is
 *     cancelled: a file's first and last appointment do not prove what it covers (one
 *     provider's schedule, one page of a FHIR search), so the screen asks and passes the range.
 *   - Patients are not compared: `unchanged` is about the appointment. The caller matches and
 *     updates the patient (name, phone, language) from `row.patient` on its own rules.
 */
import { TZDate } from '@date-fns/tz';
import type { ImportRow, ImportStatus } from './import-row';

export type StoredStatus = ImportStatus | 'rescheduled';

export interface ExistingAppointment {
  id: string;
  externalId?: string;
  startsAt: number;
  durationMinutes: number;
  status: StoredStatus;
  provider?: string;
  location?: string;
}

export type ChangedField = 'startsAt' | 'durationMinutes' | 'status' | 'provider' | 'location';

export interface ReimportUpdate {
  /** The stored appointment's id. */
  id: string;
  /** The incoming row with the merged status, provider and location. */
  row: ImportRow;
  changed: ChangedField[];
}

export interface ReimportPlan {
  create: ImportRow[];
  update: ReimportUpdate[];
  unchanged: number;
  /** Stored ids to mark cancelled. */
  cancel: string[];
  ignoredDuplicates: number;
}

/** [from, to) in epoch ms. */
export interface CoveredRange {
  from: number;
  to: number;
}

const STILL_HAPPENING: ReadonlySet<StoredStatus> = new Set(['booked', 'confirmed', 'rescheduled']);

export function planReimport(existing: readonly ExistingAppointment[], incoming: readonly ImportRow[], coveredRange?: CoveredRange): ReimportPlan {
  const stored = new Map<string, ExistingAppointment>();
  for (const appointment of existing) {
    if (appointment.externalId && !stored.has(appointment.externalId)) stored.set(appointment.externalId, appointment);
  }

  const plan: ReimportPlan = { create: [], update: [], unchanged: 0, cancel: [], ignoredDuplicates: 0 };
  const seen = new Set<string>();
  for (const row of incoming) {
    if (seen.has(row.externalId)) {
      plan.ignoredDuplicates++;
      continue;
    }
    seen.add(row.externalId);
    const current = stored.get(row.externalId);
    if (!current) {
      plan.create.push(row);
      continue;
    }
    const moved = current.startsAt !== row.startsAt;
    const answer = current.status === 'confirmed' || current.status === 'cancelled' ? current.status : null;
    const status: ImportStatus = answer && row.status === 'booked' && !moved ? answer : row.status;
    const merged: ImportRow = { ...row, status };
    if (row.provider === undefined && current.provider !== undefined) merged.provider = current.provider;
    if (row.location === undefined && current.location !== undefined) merged.location = current.location;

    const changed: ChangedField[] = [];
    if (moved) changed.push('startsAt');
    if (current.durationMinutes !== merged.durationMinutes) changed.push('durationMinutes');
    if (current.status !== merged.status) changed.push('status');
    if (current.provider !== merged.provider) changed.push('provider');
    if (current.location !== merged.location) changed.push('location');
    if (changed.length === 0) plan.unchanged++;
    else plan.update.push({ id: current.id, row: merged, changed });
  }

  if (coveredRange && Number.isFinite(coveredRange.from) && Number.isFinite(coveredRange.to)) {
    for (const appointment of stored.values()) {
      if (seen.has(appointment.externalId ?? '')) continue;
      if (!STILL_HAPPENING.has(appointment.status)) continue;
      if (appointment.startsAt >= coveredRange.from && appointment.startsAt < coveredRange.to) plan.cancel.push(appointment.id);
    }
  }
  return plan;
}

/**
 * The whole local days (in the practice's zone) from the first to the last row's start: the
 * range the screen proposes for `planReimport`, for staff to confirm or correct. Null for no rows.
 */
export function coveredDays(rows: readonly ImportRow[], timeZone: string): CoveredRange | null {
  if (rows.length === 0) return null;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    first = Math.min(first, row.startsAt);
    last = Math.max(last, row.startsAt);
  }
  const start = new TZDate(first, timeZone);
  const end = new TZDate(last, timeZone);
  const from = new TZDate(start.getFullYear(), start.getMonth(), start.getDate(), 0, 0, 0, 0, timeZone).getTime();
  const to = new TZDate(end.getFullYear(), end.getMonth(), end.getDate() + 1, 0, 0, 0, 0, timeZone).getTime();
  return Number.isFinite(from) && Number.isFinite(to) ? { from, to } : null;
}
