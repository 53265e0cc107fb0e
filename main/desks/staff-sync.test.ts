/**
 * Practice-wide staff accounts and settings between two desks' real encrypted stores, through a
 * control database that behaves as CouchDB's does for this (revisions: a write with a stale
 * revision is refused). An account made at one desk is at the other after a round; one disabled
 * at the other comes back disabled and the person signed in with it is told; a joining desk
 * takes the practice's settings; two desks writing at once both end with both changes; a copy
 * changed on the server is refused; the server holds no name or password hash in the clear.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountsStore, type AccountsDoc, type UserRecord } from '../accounts/account-store';
import { createConfigStore, newConfig, type PracticeConfig } from '../settings/settings-store';
import { stampStaffEdits } from '../../shared/replication/staff-merge';
import { createStaffSync, openStaffDoc, staffDocEpoch } from './staff-sync';
import { createControlDbFake } from './testing/control-db-fake';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const key = randomBytes(32);
const user = (id: string, username: string, at: number): UserRecord =>
  stampStaffEdits([], [{ id, username, fullName: 'Synthetic Staffperson', role: 'front-desk' as const, disabled: false, createdAt: new Date(at).toISOString(), lastSignInAt: null, passwordHash: 'scrypt$synthetic-hash', mustChangePassword: true, totp: null, recovery: null, lockout: { failures: 0, lockedUntil: null } }], at)[0]!;

async function deskStores(users: UserRecord[], practiceName: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'carerelay-staff-'));
  dirs.push(dir);
  const keyId = '0123456789abcdef';
  const storeKey = randomBytes(32);
  const accounts = createAccountsStore(dir, storeKey, keyId);
  const config = createConfigStore(dir, storeKey, keyId);
  await accounts.write({ users, emergency: null, emergencyLog: [] } satisfies AccountsDoc);
  await config.write(newConfig({ name: practiceName, timeZone: 'America/Chicago', phone: '+12025550100' }, new Date('2026-11-01T00:00:00Z')));
  return { accounts, config };
}

describe('staff accounts and settings shared by the practice’s desks', () => {
  it('an account made at one desk signs in at the other; disabled there, it comes back disabled and the person signed in is told', async () => {
    const server = createControlDbFake();
    const admin = user('u-admin', 'synthetic.admin', 1_000);
    const a = await deskStores([admin], 'Synthetic Family Clinic');
    const b = await deskStores([], 'Synthetic Joining Desk Setup');
    const taken: { before: readonly UserRecord[]; after: readonly UserRecord[] }[] = [];
    const settingsTaken: PracticeConfig[] = [];
    const syncA = createStaffSync({ desk: server.desk(), ...a, key: () => key, onAccountsTaken: (before, after) => taken.push({ before, after }) });
    const syncB = createStaffSync({ desk: server.desk(), ...b, key: () => key, onSettingsTaken: (c) => settingsTaken.push(c) });

    // A makes an account; one round each way.
    await a.accounts.update((s) => ({ ...s!.data, users: stampStaffEdits(s!.data.users, [...s!.data.users, user('u-new', 'synthetic.new', 2_000)], 2_000) }));
    expect(await syncA.round()).toMatchObject({ ran: true, sent: 4 }); // two accounts, the emergency code (unset) and the settings
    expect(await syncB.round()).toMatchObject({ ran: true, taken: 3, refused: 0 });
    expect((await b.accounts.read())!.data.users.map((u) => u.username).sort()).toEqual(['synthetic.admin', 'synthetic.new']);
    // The joining desk took the practice's settings, not its own set-up's.
    expect((await b.config.read())!.data.practice.name).toBe('Synthetic Family Clinic');
    expect(settingsTaken.map((c) => c.practice.name)).toEqual(['Synthetic Family Clinic']);

    // B disables the account (later); A takes it and is told, so its session signs the person out.
    await b.accounts.update((s) => ({ ...s!.data, users: stampStaffEdits(s!.data.users, s!.data.users.map((u) => (u.id === 'u-new' ? { ...u, disabled: true } : u)), 5_000) }));
    await syncB.round();
    await syncA.round();
    expect((await a.accounts.read())!.data.users.find((u) => u.id === 'u-new')!.disabled).toBe(true);
    expect(taken.at(-1)!.before.find((u) => u.id === 'u-new')!.disabled).toBe(false);
    expect(taken.at(-1)!.after.find((u) => u.id === 'u-new')!.disabled).toBe(true);

    // Settled: further rounds take and send nothing (no write storm between desks).
    for (let i = 0; i < 2; i++) {
      expect(await syncA.round()).toMatchObject({ taken: 0, sent: 0 });
      expect(await syncB.round()).toMatchObject({ taken: 0, sent: 0 });
    }
    // The server holds ciphertext only.
    const everything = JSON.stringify([...server.docs.values()]);
    for (const plain of ['synthetic.admin', 'Synthetic Staffperson', 'scrypt$synthetic-hash', 'Synthetic Family Clinic']) expect(everything).not.toContain(plain);
  });

  it('two desks changing accounts at once both keep both changes; a copy changed on the server is refused and the desk keeps its own', async () => {
    const server = createControlDbFake();
    const shared = [user('u-1', 'synthetic.one', 1_000), user('u-2', 'synthetic.two', 1_000)];
    const a = await deskStores(shared, 'Synthetic Family Clinic');
    const b = await deskStores(shared, 'Synthetic Family Clinic');
    const refused: string[] = [];
    const syncA = createStaffSync({ desk: server.desk(), ...a, key: () => key });
    const syncB = createStaffSync({ desk: server.desk(), ...b, key: () => key, onRefused: (c) => refused.push(c) });
    await syncA.round();
    await syncB.round();
    // A changes u-1's role while B disables u-2, before either hears of the other.
    await a.accounts.update((s) => ({ ...s!.data, users: stampStaffEdits(s!.data.users, s!.data.users.map((u) => (u.id === 'u-1' ? { ...u, role: 'practice-manager' as const } : u)), 3_000) }));
    await b.accounts.update((s) => ({ ...s!.data, users: stampStaffEdits(s!.data.users, s!.data.users.map((u) => (u.id === 'u-2' ? { ...u, disabled: true } : u)), 3_001) }));
    await Promise.all([syncA.round(), syncB.round()]);
    await syncA.round();
    await syncB.round();
    for (const desk of [a, b]) {
      const users = (await desk.accounts.read())!.data.users;
      expect(users.find((u) => u.id === 'u-1')!.role).toBe('practice-manager');
      expect(users.find((u) => u.id === 'u-2')!.disabled).toBe(true);
    }
    // Someone changes a sealed copy on the server: B refuses it and keeps its account.
    const doc = server.docs.get('staff-u-1')!;
    const sealed = Buffer.from(doc.doc.sealed as string, 'base64');
    sealed[20] = sealed[20]! ^ 1;
    server.docs.set('staff-u-1', { doc: { ...doc.doc, sealed: sealed.toString('base64') }, rev: doc.rev });
    expect(openStaffDoc(key, 'staff-u-1', server.docs.get('staff-u-1')!.doc)).toBeNull();
    await syncB.round();
    expect(refused).toContain('STAFF_DOC_REFUSED');
    expect((await b.accounts.read())!.data.users.find((u) => u.id === 'u-1')!.role).toBe('practice-manager');
    // …and puts the good copy back over it.
    expect(openStaffDoc(key, 'staff-u-1', server.docs.get('staff-u-1')!.doc)).toMatchObject({ id: 'u-1', role: 'practice-manager' });
    // A copy moved to another account's id does not open either (sealed to its id).
    expect(openStaffDoc(key, 'staff-u-2', server.docs.get('staff-u-1')!.doc)).toBeNull();
  });

  it('a desk that is not a member of the practice (waiting to join) shares nothing', async () => {
    const server = createControlDbFake();
    const a = await deskStores([user('u-1', 'synthetic.one', 1_000)], 'Synthetic Family Clinic');
    expect(await createStaffSync({ desk: server.desk(false), ...a, key: () => key }).round()).toMatchObject({ ran: false, sent: 0 });
    expect(server.docs.size).toBe(0);
  });

  it('after a key epoch change the practice’s staff documents are sealed again under it; one under an epoch a desk does not hold yet is left alone', async () => {
    const server = createControlDbFake();
    const key2 = randomBytes(32);
    const keyFor = (epoch = 1) => (epoch === 1 ? key : epoch === 2 ? key2 : (() => { throw new Error('KEY_MISSING'); })());
    const shared = [user('u-1', 'synthetic.one', 1_000)];
    const a = await deskStores(shared, 'Synthetic Family Clinic');
    const b = await deskStores(shared, 'Synthetic Family Clinic');
    let epochA = 1;
    const syncA = createStaffSync({ desk: server.desk(), ...a, key: keyFor, epoch: () => epochA });
    const syncB = createStaffSync({ desk: server.desk(), ...b, key: (e = 1) => (e === 1 ? key : (() => { throw new Error('KEY_MISSING'); })()), epoch: () => 1 });
    await syncA.round();
    expect(staffDocEpoch(server.docs.get('staff-u-1')!.doc)).toBe(1);
    // Desk A takes up epoch 2: its next round writes every document again under it, unchanged in content.
    epochA = 2;
    expect((await syncA.round()).sent).toBe(3);
    for (const [id, { doc }] of server.docs) {
      expect(staffDocEpoch(doc)).toBe(2);
      expect(openStaffDoc(key, id, doc)).toBeNull();
      expect(openStaffDoc(key2, id, doc)).not.toBeNull();
    }
    expect((await syncA.round()).sent).toBe(0);
    // Desk B, still on epoch 1, neither refuses those documents as tampered nor overwrites them.
    const revs = [...server.docs.values()].map((d) => d.rev);
    expect(await syncB.round()).toMatchObject({ ran: true, refused: 0, sent: 0 });
    expect([...server.docs.values()].map((d) => d.rev)).toEqual(revs);
  });
});
