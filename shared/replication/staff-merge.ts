/**
 * Owns the merge rules for practice-wide staff accounts and settings (issue 12: an account
 * created on one desk signs in on every desk; disabling it signs it out everywhere). Each desk
 * keeps the accounts in its own encrypted store and exchanges them, sealed, through the practice
 * server; these rules decide what two copies of the same account become. Pure; written down:
 *
 * 1. An account's fields fall in groups, each stamped with the (server-estimated) time of the
 *    last change to it on whichever desk made it:
 *      access       — username, full name, role, disabled        (an administrator's action)
 *      credentials  — password, must-change flag, authenticator secret, recovery codes
 *      lockout      — failed attempts and lock time
 *    Per group, the copy changed later wins whole (a reset password never mixes with an older
 *    authenticator secret). Equal times (copies never edited since they met): the server's copy.
 * 2. The last sign-in is the later of the two; the last authenticator time step used is the
 *    larger when both copies hold the same secret, so a code used at one desk cannot be replayed
 *    at another. Neither counts as an edit (signing in never overrides an administrator).
 * 3. The creation time is the earlier of the two.
 * 4. Accounts are never deleted, only disabled: two desks' lists merge as a union by id.
 * 5. Two different accounts with the same username (made on two desks while apart): the one
 *    created first keeps it; the other is disabled on every desk, for an administrator to rename.
 * 6. Practice settings (name, phone, time zone, idle lock, unlock code time) are one group:
 *    the later change wins; equal times: the server's copy (so a desk that joins takes the
 *    practice's settings, not those of its own first-run set-up).
 * Merging is commutative (but for ties, which the server settles), associative and idempotent:
 * every desk reaches the same accounts in any order of rounds.
 */

export const STAFF_GROUPS = {
  access: ['username', 'fullName', 'role', 'disabled'],
  credentials: ['passwordHash', 'mustChangePassword', 'totp', 'recovery'],
  lockout: ['lockout'],
} as const;
export type StaffGroup = keyof typeof STAFF_GROUPS;
const GROUPS = Object.keys(STAFF_GROUPS) as StaffGroup[];

export interface StaffRecordLike {
  readonly id: string;
  readonly username: string;
  readonly createdAt: string;
  readonly disabled: boolean;
  readonly lastSignInAt: string | null;
  readonly totp: { readonly secret: string; readonly lastTimeStep: number | null } | null;
  readonly editedAt?: Partial<Record<StaffGroup, number>> | undefined;
}

type Rec = StaffRecordLike & Record<string, unknown>;

/** A group's fields as compared for edits: the time step of the last code used is not an edit. */
function groupValue(rec: Rec, group: StaffGroup): string {
  return JSON.stringify(STAFF_GROUPS[group].map((f) => (f === 'totp' && rec.totp ? { secret: rec.totp.secret } : (rec[f] ?? null))));
}

/**
 * Stamps the groups an edit changed with `at`: every group of a new account, and each group of
 * an existing one whose fields differ from before. Called on every local write of the accounts.
 */
export function stampStaffEdits<T extends StaffRecordLike>(before: readonly T[], after: readonly T[], at: number): T[] {
  const old = new Map(before.map((r) => [r.id, r as unknown as Rec]));
  return after.map((r) => {
    const prev = old.get(r.id);
    const rec = r as unknown as Rec;
    const changed = GROUPS.filter((g) => !prev || groupValue(prev, g) !== groupValue(rec, g));
    if (changed.length === 0) return r;
    return { ...r, editedAt: { ...(r.editedAt ?? {}), ...Object.fromEntries(changed.map((g) => [g, at])) } };
  });
}

const laterIso = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

/** Rules 1–3 for two copies of one account (`remote`: the server's). */
export function mergeStaffRecord<T extends StaffRecordLike>(local: T, remote: T): T {
  const l = local as unknown as Rec;
  const r = remote as unknown as Rec;
  const out: Record<string, unknown> = { ...r };
  const editedAt: Partial<Record<StaffGroup, number>> = {};
  for (const g of GROUPS) {
    const lt = local.editedAt?.[g] ?? 0;
    const rt = remote.editedAt?.[g] ?? 0;
    const winner = lt > rt ? l : r;
    for (const f of STAFF_GROUPS[g]) out[f] = winner[f];
    if (Math.max(lt, rt) > 0) editedAt[g] = Math.max(lt, rt);
  }
  out.lastSignInAt = laterIso(local.lastSignInAt, remote.lastSignInAt);
  out.createdAt = local.createdAt < remote.createdAt ? local.createdAt : remote.createdAt;
  const totp = out.totp as StaffRecordLike['totp'];
  if (totp) {
    const steps = [local.totp, remote.totp].filter((t) => t && t.secret === totp.secret).map((t) => t!.lastTimeStep ?? -1);
    const step = Math.max(totp.lastTimeStep ?? -1, ...steps);
    out.totp = { ...totp, lastTimeStep: step < 0 ? null : step };
  }
  if (Object.keys(editedAt).length > 0) out.editedAt = editedAt;
  else delete out.editedAt;
  return out as unknown as T;
}

/** Rules 4–5: the union of two desks' accounts by id, each pair merged, usernames kept unique. */
export function mergeStaff<T extends StaffRecordLike>(local: readonly T[], remote: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const r of remote) byId.set(r.id, r);
  for (const l of local) {
    const r = byId.get(l.id);
    byId.set(l.id, r ? mergeStaffRecord(l, r) : l);
  }
  const all = [...byId.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
  const taken = new Set<string>();
  return all.map((u) => {
    const name = u.username.trim().toLowerCase();
    if (!taken.has(name)) {
      taken.add(name);
      return u;
    }
    return u.disabled ? u : { ...u, disabled: true };
  });
}

export interface SettingsLike {
  readonly editedAt?: number | undefined;
}

/** Rule 6: the copy changed later wins whole; equal times (or never edited), the server's copy. */
export function laterChange<T>(local: T, remote: T, editedAt: (copy: T) => number | undefined): T {
  return (editedAt(local) ?? 0) > (editedAt(remote) ?? 0) ? local : remote;
}

/** Rule 6 for the practice settings. */
export function mergeSettings<T extends SettingsLike>(local: T, remote: T): T {
  return laterChange(local, remote, (s) => s.editedAt);
}
