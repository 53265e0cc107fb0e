import { describe, expect, it } from 'vitest';
import { mergeSettings, mergeStaff, mergeStaffRecord, stampStaffEdits, type StaffRecordLike } from './staff-merge';

type U = StaffRecordLike & {
  fullName: string;
  role: string;
  passwordHash: string;
  mustChangePassword: boolean;
  recovery: null | { salt: string };
  lockout: { failures: number; lockedUntil: number | null };
};

const base: U = {
  id: 'u-1',
  username: 'synthetic.front',
  fullName: 'Synthetic Frontdesk',
  role: 'front-desk',
  disabled: false,
  createdAt: '2026-11-01T10:00:00.000Z',
  lastSignInAt: null,
  passwordHash: 'hash-a',
  mustChangePassword: false,
  totp: { secret: 'SECRETA', lastTimeStep: 100 },
  recovery: null,
  lockout: { failures: 0, lockedUntil: null },
};
const u = (change: Partial<U>): U => ({ ...base, ...change });

describe('stampStaffEdits: which groups an edit changed', () => {
  it.each([
    ['a new account: every group', [], [base], { access: 5, credentials: 5, lockout: 5 }],
    ['disabling: access', [base], [u({ disabled: true })], { access: 5 }],
    ['a role change: access', [base], [u({ role: 'administrator' })], { access: 5 }],
    ['a password reset: credentials', [base], [u({ passwordHash: 'hash-b', mustChangePassword: true, totp: null })], { credentials: 5 }],
    ['a code used (time step only): nothing', [base], [u({ totp: { secret: 'SECRETA', lastTimeStep: 101 } })], undefined],
    ['a sign-in time: nothing', [base], [u({ lastSignInAt: '2026-11-02T10:00:00.000Z' })], undefined],
    ['a failed attempt: lockout', [base], [u({ lockout: { failures: 1, lockedUntil: null } })], { lockout: 5 }],
  ] as const)('%s', (_name, before, after, stamped) => {
    expect(stampStaffEdits(before as unknown as U[], after as unknown as U[], 5)[0]!.editedAt).toEqual(stamped);
  });
});

describe('mergeStaffRecord: later change per group wins; sign-in facts combine', () => {
  const rows: [string, U, U, Partial<U>][] = [
    ['disabled later on the other desk wins over an older role change', u({ role: 'administrator', editedAt: { access: 10 } }), u({ disabled: true, editedAt: { access: 20 } }), { disabled: true, role: 'front-desk' }],
    ['a later local role change wins', u({ role: 'administrator', editedAt: { access: 30 } }), u({ disabled: true, editedAt: { access: 20 } }), { disabled: false, role: 'administrator' }],
    ['a reset on one desk and a disable on the other: both hold', u({ passwordHash: 'hash-b', mustChangePassword: true, editedAt: { credentials: 10 } }), u({ disabled: true, editedAt: { access: 20 } }), { passwordHash: 'hash-b', mustChangePassword: true, disabled: true }],
    ['a code used at each desk: the larger time step (no replay)', u({ totp: { secret: 'SECRETA', lastTimeStep: 120 } }), u({ totp: { secret: 'SECRETA', lastTimeStep: 110 } }), { totp: { secret: 'SECRETA', lastTimeStep: 120 } }],
    ['a new authenticator wins whole; the old time step does not carry over', u({ totp: { secret: 'SECRETB', lastTimeStep: 5 }, editedAt: { credentials: 50 } }), u({ totp: { secret: 'SECRETA', lastTimeStep: 900 } }), { totp: { secret: 'SECRETB', lastTimeStep: 5 } }],
    ['the later sign-in', u({ lastSignInAt: '2026-11-03T00:00:00.000Z' }), u({ lastSignInAt: '2026-11-02T00:00:00.000Z' }), { lastSignInAt: '2026-11-03T00:00:00.000Z' }],
    ['equal times: the server copy', u({ fullName: 'Synthetic Local' }), u({ fullName: 'Synthetic Server' }), { fullName: 'Synthetic Server' }],
  ];
  it.each(rows)('%s', (_name, local, remote, expected) => {
    expect(mergeStaffRecord(local, remote)).toMatchObject(expected);
  });
  it.each(rows.slice(0, 6))('%s — in either order', (_name, local, remote) => {
    expect(mergeStaffRecord(local, remote)).toEqual(mergeStaffRecord(remote, local));
  });
  it.each(rows)('%s — idempotent', (_name, local, remote) => {
    const once = mergeStaffRecord(local, remote);
    expect(mergeStaffRecord(once, once)).toEqual(once);
    expect(mergeStaffRecord(once, remote)).toEqual(once);
  });
});

describe('mergeStaff: union by id, usernames unique', () => {
  it('accounts made on either desk are on both; a doubled username disables the later one', () => {
    const a = u({ id: 'u-a', username: 'synthetic.new', createdAt: '2026-11-05T00:00:00.000Z' });
    const b = u({ id: 'u-b', username: 'Synthetic.New', createdAt: '2026-11-06T00:00:00.000Z' });
    const merged = mergeStaff([base, a], [base, b]);
    expect(merged.map((x) => [x.id, x.disabled])).toEqual([
      ['u-1', false],
      ['u-a', false],
      ['u-b', true],
    ]);
    expect(mergeStaff([base, b], [base, a])).toEqual(merged);
  });
});

describe('mergeSettings', () => {
  it.each([
    ['later local change wins', { name: 'L', editedAt: 20 }, { name: 'R', editedAt: 10 }, 'L'],
    ['later server change wins', { name: 'L', editedAt: 10 }, { name: 'R', editedAt: 20 }, 'R'],
    ['a joining desk never edited: the practice’s', { name: 'L' }, { name: 'R' }, 'R'],
  ] as const)('%s', (_n, local, remote, name) => {
    expect(mergeSettings<{ name: string; editedAt?: number }>(local, remote).name).toBe(name);
  });
});
