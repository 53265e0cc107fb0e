/**
 * Enrolment and the replication transport through a real CouchDB-protocol server
 * (pouchdb-server on 127.0.0.1, on disk, with one server account per desk): a founding desk
 * approves a new desk after the safety numbers match, the new desk then holds the practice's
 * keys, and nothing usable stays on the server; a swapped key is caught; the transport refuses
 * anything outside the practice's databases; bad server settings are explained.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryKeychain } from '../vault/memory-keychain';
import { openVault, type Vault } from '../vault/vault';
import { createDeskService, DeskServiceError, replicationPathAllowed, type DeskService } from './desk-service';
import { randomBytes } from 'node:crypto';
import { grantPracticeSecret, newDeskKeyPair, type EnrolmentRequest } from './enrolment';
import { createSenderLeaseKeeper } from './sender-lease-keeper';

const root = path.resolve(__dirname, '../..');
let server: ChildProcess;
let dir: string;
let url: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function addServerUser(name: string, password: string) {
  const r = await fetch(`${url}_users/org.couchdb.user:${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password, roles: [], type: 'user' }) });
  expect([201, 202]).toContain(r.status);
}

async function desk(name: string, now: () => number = Date.now, prefix = 'testville'): Promise<{ vault: Vault; service: DeskService }> {
  const storeDir = mkdtempSync(path.join(dir, `${name}-`));
  const vault = await openVault({ keychain: createMemoryKeychain(), practiceKeychain: createMemoryKeychain(), storeDir });
  const service = createDeskService({ storeDir, key: vault.mainStoresKey(), keyId: vault.keyId, vault, now });
  await addServerUser(name, `${name}-Password-1`);
  await service.configureServer({ serverUrl: url, prefix, deskName: `Desk ${name}`, username: name, password: `${name}-Password-1` });
  return { vault, service };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'carerelay-desks-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  const data = path.join(dir, 'server');
  mkdirSync(data);
  server = spawn(path.join(root, 'node_modules/.bin/pouchdb-server'), ['--host', '127.0.0.1', '--port', String(port), '--dir', data], { cwd: data, stdio: 'ignore' });
  const end = Date.now() + 30_000;
  while (!(await fetch(url).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > end) throw new Error('pouchdb-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The server's administrator makes the practice's databases (desk accounts may not).
  for (const db of ['testville-enrolment', 'testville-messages', 'testville-control', 'removals-enrolment', 'removals-control']) expect((await fetch(`${url}${db}`, { method: 'PUT' })).status).toBe(201);
}, 60_000);

afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('desks through the practice server', () => {
  it('a new desk joins: the administrator compares numbers, approves, and the desk then holds the practice’s keys', async () => {
    const founder = await desk('desk-a');
    const joiner = await desk('desk-b');
    expect(joiner.vault.practiceKeyId()).not.toBe(founder.vault.practiceKeyId());

    const shown = await joiner.service.startJoin();
    expect(await joiner.service.pollJoin()).toEqual({ state: 'waiting' });
    const found = await founder.service.findRequest(shown.code.toLowerCase().replace('-', ' '));
    expect(found).toMatchObject({ code: shown.code, deskName: 'Desk desk-b', safetyNumber: shown.safetyNumber });
    await founder.service.approve(found.code, found.safetyNumber);
    // The answer opens; a person confirms its fingerprint against the administrator's desk.
    expect(await joiner.service.pollJoin()).toEqual({ state: 'confirm', practiceKeyId: founder.vault.practiceKeyId() });
    expect(joiner.vault.practiceKeyId()).not.toBe(founder.vault.practiceKeyId());
    expect((await joiner.service.status()).member).toBe(false);
    await expect(joiner.service.confirmJoin('0000000000000000')).rejects.toMatchObject({ code: 'MISMATCH' });
    expect(await joiner.service.confirmJoin(founder.vault.practiceKeyId())).toEqual({ state: 'joined' });
    expect((await joiner.service.status()).member).toBe(true);
    expect(joiner.vault.practiceKeyId()).toBe(founder.vault.practiceKeyId());
    expect(joiner.vault.wireSealKey().equals(founder.vault.wireSealKey())).toBe(true);
    // Nothing usable is left on the server.
    const left = (await (await fetch(`${url}testville-enrolment/_all_docs`)).json()) as { rows: unknown[] };
    expect(left.rows).toEqual([]);
    expect(await joiner.service.status()).toMatchObject({ joining: null, freshStart: true });
    await joiner.service.freshStartDone();
    expect((await joiner.service.status()).freshStart).toBe(false);
  }, 30_000);

  it('a key swapped on the server after the number was shown: nothing is granted', async () => {
    const founder = await desk('desk-c');
    const joiner = await desk('desk-d');
    const shown = await joiner.service.startJoin();
    const found = await founder.service.findRequest(shown.code);
    // The server (or someone on it) replaces the desk's key with its own.
    const doc = (await (await fetch(`${url}testville-enrolment/req-${shown.code}`)).json()) as Record<string, unknown>;
    await fetch(`${url}testville-enrolment/req-${shown.code}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...doc, publicKey: newDeskKeyPair().publicKey.toString('base64') }) });
    await expect(founder.service.approve(found.code, found.safetyNumber)).rejects.toMatchObject({ code: 'MISMATCH' });
    expect(await joiner.service.pollJoin()).toEqual({ state: 'waiting' });
  }, 30_000);

  it('an answer from anyone but the practice shows another fingerprint, and confirming the real one refuses it', async () => {
    const founder = await desk('desk-h');
    const joiner = await desk('desk-i');
    const shown = await joiner.service.startJoin();
    // Someone who can write to the server answers with a secret of their own choosing.
    const doc = (await (await fetch(`${url}testville-enrolment/req-${shown.code}`)).json()) as EnrolmentRequest;
    const rogue = grantPracticeSecret(doc, randomBytes(32), 1);
    await fetch(`${url}testville-enrolment/grant-${shown.code}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rogue) });
    const answer = await joiner.service.pollJoin();
    expect(answer.state).toBe('confirm');
    expect(answer.practiceKeyId).not.toBe(founder.vault.practiceKeyId());
    await expect(joiner.service.confirmJoin(founder.vault.practiceKeyId())).rejects.toMatchObject({ code: 'MISMATCH' });
    expect(joiner.vault.practiceKeyId()).not.toBe(founder.vault.practiceKeyId());
    expect((await joiner.service.status()).member).toBe(false);
  }, 30_000);

  it('the transport reaches the practice’s databases only', async () => {
    const { service } = await desk('desk-e');
    expect((await service.request('GET', 'testville-messages/_all_docs')).status).toBe(200);
    for (const outside of ['_users/_all_docs', 'otherpractice-messages/_all_docs', 'testville-enrolment/_all_docs', 'testville-control/sender-lease', 'testville-messages/../_users', '_all_dbs']) {
      await expect(service.request('GET', outside)).rejects.toBeInstanceOf(DeskServiceError);
    }
  }, 30_000);

  it('main lists the coordination documents of one kind (the staff documents), with their revisions, and nothing else', async () => {
    const { service } = await desk('desk-l');
    for (const id of ['staff-u-1', 'staff-settings', 'stafferless', 'desk-l-entry']) expect(await service.writeControl(id, { type: 'test', v: 1 }, null)).toBe(true);
    const listed = await service.listControl('staff-');
    expect(listed.map((r) => r.id).sort()).toEqual(['staff-settings', 'staff-u-1']);
    expect(listed.every((r) => r.rev.startsWith('1-') && r.doc.v === 1)).toBe(true);
    // A write with the listed revision is the compare-and-swap the staff rounds rely on; a stale one is refused.
    expect(await service.writeControl('staff-u-1', { type: 'test', v: 2 }, listed.find((r) => r.id === 'staff-u-1')!.rev)).toBe(true);
    expect(await service.writeControl('staff-u-1', { type: 'test', v: 3 }, listed.find((r) => r.id === 'staff-u-1')!.rev)).toBe(false);
  }, 30_000);

  it('main reads the coordination database’s changes from where it left off, each document once', async () => {
    const { service } = await desk('desk-q');
    const start = (await service.changesControl(0)).lastSeq;
    for (const id of ['queueact-one', 'queueact-two']) expect(await service.writeControl(id, { type: 'test', v: 1 }, null)).toBe(true);
    const first = await service.changesControl(start);
    expect(first.results.map((r) => r.id)).toEqual(expect.arrayContaining(['queueact-one', 'queueact-two']));
    expect(first.results.find((r) => r.id === 'queueact-one')!.doc).toMatchObject({ v: 1 });
    expect((await service.changesControl(first.lastSeq)).results).toEqual([]);
    expect(await service.writeControl('queueact-three', { type: 'test', v: 1 }, null)).toBe(true);
    expect((await service.changesControl(first.lastSeq)).results.map((r) => r.id)).toEqual(['queueact-three']);
  }, 30_000);

  it('bad server settings are explained, and nothing is stored', async () => {
    const storeDir = mkdtempSync(path.join(dir, 'bad-'));
    const vault = await openVault({ keychain: createMemoryKeychain(), practiceKeychain: createMemoryKeychain(), storeDir });
    const service = createDeskService({ storeDir, key: vault.mainStoresKey(), keyId: vault.keyId, vault });
    const base = { prefix: 'testville', deskName: 'Desk x', username: 'nobody', password: 'wrong' };
    await expect(service.configureServer({ ...base, serverUrl: 'http://couch.example.test/' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(service.configureServer({ ...base, serverUrl: url })).rejects.toMatchObject({ code: 'SERVER_REFUSED' });
    await expect(service.configureServer({ ...base, serverUrl: 'http://127.0.0.1:9/' })).rejects.toMatchObject({ code: 'SERVER_UNREACHABLE' });
    expect((await service.status()).configured).toBe(false);
    await expect(service.startJoin()).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
  }, 30_000);
});

describe('the sender lease between desks', () => {
  it('one sender at a time; a desk shutting down hands over at once; a desk gone quiet is replaced after its lease', async () => {
    const a = await desk('desk-f');
    const b = await desk('desk-g');
    const leaseMs = 1_500;
    const keeperA = createSenderLeaseKeeper({ desk: a.service, deskId: 'desk-f', now: Date.now, leaseMs, checkMs: 100 });
    const keeperB = createSenderLeaseKeeper({ desk: b.service, deskId: 'desk-g', now: Date.now, leaseMs, checkMs: 100 });
    // Both try at once: CouchDB's revision check lets exactly one in.
    await Promise.all([keeperA.check(), keeperB.check()]);
    await Promise.all([keeperA.check(), keeperB.check()]);
    expect([keeperA.isSender(), keeperB.isSender()].filter(Boolean)).toHaveLength(1);
    const [holder, other] = keeperA.isSender() ? [keeperA, keeperB] : [keeperB, keeperA];
    // Renewals keep it with the holder.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all([holder.check(), other.check()]);
      expect(holder.isSender()).toBe(true);
      expect(other.isSender()).toBe(false);
    }
    // The holder shuts down: the other takes over at its next check.
    await holder.stop();
    await other.check();
    expect(other.isSender()).toBe(true);
    // The new holder goes quiet (no more renewals): after one lease period the first desk takes over.
    // (Lease times are the server's, read from whole-second HTTP dates: allow that second.)
    await new Promise((r) => setTimeout(r, leaseMs + 1_200));
    expect(other.isSender()).toBe(false);
    await holder.check();
    expect(holder.isSender()).toBe(true);
    await holder.stop();
    await other.stop();
  }, 30_000);

  it('a desk whose clock runs a minute fast does not take a live lease (lease times are the server’s)', async () => {
    const fast = () => Date.now() + 60_000;
    const holderDesk = await desk('desk-j');
    const skewedDesk = await desk('desk-k', fast);
    const holder = createSenderLeaseKeeper({ desk: holderDesk.service, deskId: 'desk-j', now: Date.now, leaseMs: 10_000, checkMs: 100 });
    const skewed = createSenderLeaseKeeper({ desk: skewedDesk.service, deskId: 'desk-k', now: fast, leaseMs: 10_000, checkMs: 100 });
    await holder.check();
    await holder.check();
    const holds = holder.isSender();
    await skewed.check();
    await skewed.check();
    // Exactly one of the two holds it, and a fast clock does not steal it.
    expect([holder.isSender(), skewed.isSender()].filter(Boolean)).toHaveLength(1);
    if (holds) expect(skewed.isSender()).toBe(false);
    await holder.stop();
    await skewed.stop();
  }, 30_000);

  it('a desk not connected to a server is its own sender', async () => {
    const storeDir = mkdtempSync(path.join(dir, 'alone-'));
    const vault = await openVault({ keychain: createMemoryKeychain(), practiceKeychain: createMemoryKeychain(), storeDir });
    const service = createDeskService({ storeDir, key: vault.mainStoresKey(), keyId: vault.keyId, vault });
    const keeper = createSenderLeaseKeeper({ desk: service, deskId: 'alone', now: Date.now });
    await keeper.check();
    expect(keeper.isSender()).toBe(true);
  });
});

describe('the replication transport’s path check', () => {
  const base = 'https://couch.example.test/proxy/';
  it.each([
    ['clinic-messages/_changes?style=all_docs&feed=longpoll&since=now', true],
    ['clinic-messages/_all_docs?keys=%5B%22m-1%22%5D&include_docs=true', true],
    ['clinic-messages/_bulk_docs', true],
    ['clinic-staff-state/u1:c-AbC_d-9', true],
    ['clinic-messages', true],
    ['clinic-messages/', true],
    ['clinic-messages/%2e%2e/_users/x', false],
    ['clinic-messages/.%2E/_users', false],
    ['clinic-messages/../_users', false],
    ['clinic-messages/a/../../_users', false],
    ['clinic-enrolmen%74/req-X', false],
    ['clinic-enrolment/req-X', false],
    ['clinic-control/sender-lease', false],
    ['clinic-north-messages/_changes', false],
    ['clinicx-messages/_changes', false],
    ['_users/_all_docs', false],
    ['_all_dbs', false],
    ['_replicator', false],
    ['http://evil.test/clinic-messages', false],
    ['//evil.test/clinic-messages', false],
    ['clinic-messages\\..\\_users', false],
    ['clinic-messages/_design/x/_view/y', false],
    ['clinic-messages/x#frag', false],
  ])('%s → %s', (path, allowed) => {
    expect(replicationPathAllowed('clinic', path, base)).toBe(allowed);
  });
});

describe('removing a lost desk', () => {
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  it('the practice lists its desks; an administrator removes a lost one with the server administrator’s password: its account stops working and the list marks it', async () => {
    const founder = await desk('desk-r1', Date.now, 'removals');
    const lost = await desk('desk-r2', Date.now, 'removals');
    const shown = await lost.service.startJoin();
    const found = await founder.service.findRequest(shown.code);
    await founder.service.approve(found.code, found.safetyNumber);
    await lost.service.pollJoin();
    await lost.service.confirmJoin(founder.vault.practiceKeyId());
    expect((await founder.service.listDesks()).map((d) => [d.username, d.deskName, d.thisDesk, d.removedAt])).toEqual([
      ['desk-r1', 'Desk desk-r1', true, null],
      ['desk-r2', 'Desk desk-r2', false, null],
    ]);
    // The server gets an administrator (ending pouchdb-server's open "admin party").
    expect((await fetch(`${url}_config/admins/couch-admin`, { method: 'PUT', body: JSON.stringify('Couch-Admin-Password-1') })).ok).toBe(true);
    try {
      expect((await fetch(`${url}removals-control`, { headers: basic('desk-r2', 'desk-r2-Password-1') })).status).toBe(200);
      await expect(founder.service.removeDesk('desk-r2', { name: 'couch-admin', password: 'wrong' }, 'Ada Testadmin')).rejects.toMatchObject({ code: 'SERVER_REFUSED' });
      await expect(founder.service.removeDesk('desk-r1', { name: 'couch-admin', password: 'Couch-Admin-Password-1' }, 'Ada Testadmin')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(founder.service.removeDesk('../_config', { name: 'couch-admin', password: 'Couch-Admin-Password-1' }, 'Ada Testadmin')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      // A desk account's own credentials are not an administrator's (CouchDB would answer 404 for another user's account).
      await expect(founder.service.removeDesk('desk-r2', { name: 'desk-r1', password: 'desk-r1-Password-1' }, 'Ada Testadmin')).rejects.toMatchObject({ code: 'SERVER_REFUSED' });
      const { desk: removed, listUpdated } = await founder.service.removeDesk('desk-r2', { name: 'couch-admin', password: 'Couch-Admin-Password-1' }, 'Ada Testadmin');
      expect(listUpdated).toBe(true);
      expect(removed).toMatchObject({ username: 'desk-r2', removedAt: expect.stringMatching(/^\d{4}-/) });
      // The lost desk's saved password no longer opens anything on the server.
      expect((await fetch(`${url}removals-control`, { headers: basic('desk-r2', 'desk-r2-Password-1') })).status).toBe(401);
      await expect(lost.service.listDesks()).rejects.toMatchObject({ code: 'SERVER_REFUSED' });
      const listed = await founder.service.listDesks();
      expect(listed.find((d) => d.username === 'desk-r2')?.removedAt).toBe(removed.removedAt);
      expect(listed.find((d) => d.username === 'desk-r1')?.removedAt).toBeNull();
    } finally {
      await fetch(`${url}_config/admins/couch-admin`, { method: 'DELETE', headers: basic('couch-admin', 'Couch-Admin-Password-1') });
    }
  }, 30_000);
});
