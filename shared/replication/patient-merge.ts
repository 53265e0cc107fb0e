/**
 * Owns how two desks' versions of one patient merge (issue 12): field by field, the later edit of
 * each field wins (`mergeFields`), and every losing value goes into the record's edit history
 * instead of disappearing. The number travels as one group (the number, its blind index, type,
 * who gave it and when), so a merge never pairs one desk's number with the other's provenance.
 * Records written before per-field edit times count each field as edited at the record's
 * `updatedAt` (the whole-record rule they had). Symmetric: both desks compute the same record,
 * whichever version each calls "mine". Pure.
 *
 * The history is bounded so a patient record stays inside one replication request: the newest
 * HISTORY_KEPT entries, and no more than HISTORY_MAX_CHARS of JSON (oldest dropped first).
 */
import { mergeFields, type LostEdit } from './merge-rules';

export const PATIENT_FIELD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  givenName: ['givenName'],
  familyName: ['familyName'],
  dateOfBirth: ['dateOfBirth'],
  phone: ['phone', 'phoneHash', 'phoneType', 'phoneSource', 'phoneRecordedAt'],
  otherPhones: ['otherPhones'],
  email: ['email'],
  notes: ['notes'],
  preferredLanguage: ['preferredLanguage'],
  textingPreference: ['textingPreference'],
  preferenceNote: ['preferenceNote'],
  preferenceWritten: ['preferenceWritten'],
  contactWindow: ['contactWindow'],
  addressState: ['addressState'],
  timeZone: ['timeZone'],
};

export const HISTORY_KEPT = 10;
export const HISTORY_MAX_CHARS = 12_000;

type Rec = Record<string, unknown>;

/** The group a record key belongs to (null: not an editable field). */
export function patientFieldGroup(key: string): string | null {
  for (const [group, keys] of Object.entries(PATIENT_FIELD_GROUPS)) if (keys.includes(key)) return group;
  return null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function groupValue(rec: Rec, keys: readonly string[]): unknown {
  if (keys.length === 1) return rec[keys[0]!];
  const value: Rec = {};
  for (const k of keys) if (rec[k] !== undefined) value[k] = rec[k];
  return Object.keys(value).length ? value : undefined;
}

export function parseHistory(value: unknown): LostEdit[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed)
      ? parsed.filter((e): e is LostEdit => !!e && typeof e === 'object' && typeof (e as LostEdit).field === 'string' && typeof (e as LostEdit).editedAt === 'number')
      : [];
  } catch {
    return [];
  }
}

const key = (e: LostEdit) => JSON.stringify([e.editedAt, e.field, e.editedBy ?? '', e.value ?? null]);

/** Union of histories, oldest first, bounded (newest kept). */
export function combineHistory(...lists: readonly LostEdit[][]): LostEdit[] {
  const all = new Map<string, LostEdit>();
  for (const list of lists) for (const e of list) all.set(key(e), e);
  const sorted = [...all.values()].sort((x, y) => x.editedAt - y.editedAt || (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  let kept = sorted.slice(-HISTORY_KEPT);
  while (kept.length && JSON.stringify(kept).length > HISTORY_MAX_CHARS) kept = kept.slice(1);
  return kept;
}

/**
 * Merges two versions of one patient record (both plain). `ancestor` is the version both
 * started from when known (RxDB's assumed master state): a losing value equal to it was not an
 * edit, so it is not history; without it every differing loser is kept (the safe side).
 */
export function mergePatientRecords<T extends Rec>(a: T, b: T, ancestor?: Rec | null): T {
  const side = (r: Rec) => {
    const editedAt = (r.fieldEditedAt && typeof r.fieldEditedAt === 'object' ? r.fieldEditedAt : {}) as Record<string, number>;
    const values: Record<string, unknown> = {};
    const at: Record<string, number> = {};
    for (const [group, keys] of Object.entries(PATIENT_FIELD_GROUPS)) {
      const v = groupValue(r, keys);
      if (v !== undefined) values[group] = v;
      at[group] = num(editedAt[group]) || num(r.updatedAt);
    }
    return { values, editedAt: at };
  };
  const { merged, lost: losers } = mergeFields(side(a), side(b));
  const lost = ancestor
    ? losers.filter((l) => JSON.stringify(l.value ?? null) !== JSON.stringify(groupValue(ancestor, PATIENT_FIELD_GROUPS[l.field] ?? [l.field]) ?? null))
    : losers;
  // Fields outside the groups (id, createdAt, …) come from the later record, ties by content.
  const ua = num(a.updatedAt);
  const ub = num(b.updatedAt);
  const base: Rec = { ...(ua !== ub ? (ua > ub ? a : b) : JSON.stringify(a) <= JSON.stringify(b) ? a : b) };
  for (const [group, keys] of Object.entries(PATIENT_FIELD_GROUPS)) {
    for (const k of keys) delete base[k];
    const v = merged.values[group];
    if (v === undefined) continue;
    if (keys.length === 1) base[keys[0]!] = v;
    else Object.assign(base, v as Rec);
  }
  base.fieldEditedAt = merged.editedAt;
  base.updatedAt = Math.max(ua, ub);
  const history = combineHistory(parseHistory(a.editHistory), parseHistory(b.editHistory), lost);
  if (history.length) base.editHistory = JSON.stringify(history);
  else delete base.editHistory;
  return base as T;
}
