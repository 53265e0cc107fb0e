/**
 * The PHI storage wrapper under Node with fake-indexeddb: PHI fields never reach the inner
 * storage in plaintext, documents read back whole, change events carry plaintext, a missing key
 * refuses reads and writes, and tampered or moved ciphertext fails loudly for that record only.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { PhiIntegrityError, PhiKeyMissingError, PhiWrongKeyError } from '../crypto/phi-errors';
import { makeTestKeys, type TestKeys } from '../testing/test-keys';
import { PHI_FIELD } from './phi-encryption-storage';
import { invertTime } from '../schema';
import { putRawRows, rawDbName, readRawRows } from '../testing/raw-idb';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
let counter = 0;
const opened: PracticeDb[] = [];

async function open(keys: TestKeys, name: string, getKey?: () => CryptoKey | null) {
  const db = await openPracticeDb({ name, getDbKey: getKey ?? (() => keys.dbKey), indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['patients', 'messages', 'consent_events'] });
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close().catch(() => undefined)));
});

const rawRows = (dbName: string, collection: string) => readRawRows(fakeIndexedDB, rawDbName(dbName, collection));
const putRaw = (dbName: string, collection: string, rows: Record<string, unknown>[]) => putRawRows(fakeIndexedDB, rawDbName(dbName, collection), rows);

function message(id: string, body: string, at: number) {
  return { id, conversationId: 'c-1', direction: 'inbound' as const, body, sentAt: at, threadKey: invertTime(at), state: 'received' as const, clientId: '', gatewaySid: `SM${id}`, errorCode: 0, failureCode: '', segments: 1, staffId: '', campaignId: '', review: '' as const, reviewConfidence: 0, updatedAt: at };
}

describe('PHI encryption storage', () => {
  it('stores PHI only as ciphertext and reads it back', async () => {
    const keys = await makeTestKeys();
    const name = `t-roundtrip-${++counter}`;
    const db = await open(keys, name);
    await db.collections.messages.bulkInsert([message('m1', 'Canary body Zebulon', 1_000), message('m2', 'Second canary Quixotic', 2_000)]);
    const rows = await rawRows(name, 'messages');
    expect(rows).toHaveLength(2);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('Zebulon');
    expect(text).not.toContain('Quixotic');
    for (const row of rows) {
      expect(row.body).toBeUndefined();
      expect(typeof row[PHI_FIELD]).toBe('string');
      expect(row.gatewaySid).toMatch(/^SMm/);
    }
    const back = await db.collections.messages.findByIds(['m1', 'm2']).exec();
    expect(back.get('m1')?.body).toBe('Canary body Zebulon');
    expect(back.get('m2')?.toJSON()).toMatchObject(message('m2', 'Second canary Quixotic', 2_000));
  });

  it('seals large writes slice by slice and keeps no PHI in tombstones', async () => {
    const keys = await makeTestKeys();
    const name = `t-bulk-${++counter}`;
    const db = await open(keys, name);
    const docs = Array.from({ length: 3_100 }, (_, i) => message(`m${String(i).padStart(5, '0')}`, `Synthetic bulk ${i} Bulkovian`, i + 1));
    const events: number[] = [];
    const sub = db.collections.messages.$.subscribe(() => events.push(1));
    expect((await db.collections.messages.bulkInsert(docs)).error).toEqual([]);
    sub.unsubscribe();
    expect(events).toHaveLength(3_100);
    const rows = await rawRows(name, 'messages');
    expect(rows).toHaveLength(3_100);
    expect(rows.every((r) => typeof r[PHI_FIELD] === 'string' && r.body === undefined)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('Bulkovian');
    expect((await db.collections.messages.findOne('m03099').exec())?.body).toBe('Synthetic bulk 3099 Bulkovian');
    await db.collections.messages.bulkRemove(['m00000', 'm00001']);
    const tombstones = (await rawRows(name, 'messages')).filter((r) => r._deleted === '1');
    expect(tombstones).toHaveLength(2);
    expect(tombstones.every((r) => r[PHI_FIELD] === undefined && r.body === undefined)).toBe(true);
  });

  it('an insert over an existing id is a conflict that overwrites nothing', async () => {
    const keys = await makeTestKeys();
    const name = `t-conflict-${++counter}`;
    const db = await open(keys, name);
    await db.collections.messages.insert(message('m1', 'original synthetic body', 1));
    const stored = await rawRows(name, 'messages');
    await expect(db.collections.messages.insert(message('m1', 'intruding synthetic body', 2))).rejects.toMatchObject({ code: 'CONFLICT' });
    const result = await db.collections.messages.bulkInsert([message('m1', 'intruding again', 3), message('m2', 'new synthetic body', 4)]);
    expect(result.error.map((e) => [e.status, e.documentId, (e as { documentInDb?: { body?: string } }).documentInDb?.body])).toEqual([[409, 'm1', 'original synthetic body']]);
    expect((await rawRows(name, 'messages')).find((r) => r.id === 'm1')).toEqual(stored[0]);
    expect((await db.collections.messages.findOne('m1').exec())?.body).toBe('original synthetic body');
    expect((await db.collections.messages.findOne('m2').exec())?.body).toBe('new synthetic body');
  });

  it('updates re-seal with a fresh IV and live queries see plaintext', async () => {
    const keys = await makeTestKeys();
    const name = `t-update-${++counter}`;
    const db = await open(keys, name);
    await db.collections.messages.insert(message('m1', 'first', 1));
    const seen: string[] = [];
    const sub = db.collections.messages.find({ selector: { conversationId: 'c-1' }, sort: [{ conversationId: 'asc' }, { threadKey: 'asc' }] }).$.subscribe((docs) => seen.push(docs.map((d) => d.body).join('|')));
    const before = (await rawRows(name, 'messages'))[0]![PHI_FIELD];
    await db.collections.messages.findOne('m1').exec().then((d) => d!.incrementalPatch({ body: 'second' }));
    await db.collections.messages.insert(message('m2', 'third', 2));
    await new Promise((r) => setTimeout(r, 50));
    sub.unsubscribe();
    const after = (await rawRows(name, 'messages')).find((r) => r.id === 'm1')![PHI_FIELD];
    expect(after).not.toBe(before);
    expect(seen.at(-1)).toBe('third|second');
  });

  it('without the key, reads and writes fail clearly and nothing is overwritten', async () => {
    const keys = await makeTestKeys();
    const name = `t-nokey-${++counter}`;
    let key: CryptoKey | null = keys.dbKey;
    const first = await open(keys, name, () => key);
    await first.collections.messages.insert(message('m1', 'kept safe', 1));
    await first.close();
    // A fresh instance (no RxDB caches) whose key goes away after opening, as at lock.
    const db = await open(keys, name, () => key);
    const stored = await rawRows(name, 'messages');
    key = null;
    await expect(db.collections.messages.findOne('m1').exec()).rejects.toThrow(PhiKeyMissingError);
    await expect(db.collections.messages.insert(message('m2', 'refused', 2))).rejects.toThrow(/locked/);
    expect(await rawRows(name, 'messages')).toEqual(stored);
    await db.close();
    key = keys.dbKey;
    const reopened = await open(keys, name, () => key);
    expect((await reopened.collections.messages.findOne('m1').exec())?.body).toBe('kept safe');
  });

  it('a modified or swapped ciphertext fails for that record only; a wrong key is refused at open', async () => {
    const keys = await makeTestKeys();
    const name = `t-tamper-${++counter}`;
    const db = await open(keys, name);
    await db.collections.messages.bulkInsert([message('m1', 'alpha', 1), message('m2', 'bravo', 2), message('m3', 'charlie', 3)]);
    await db.close();
    opened.length = 0;
    // Tamper below RxDB: flip one byte of m1, swap m2's ciphertext into m3.
    const rows = await rawRows(name, 'messages');
    const byId = Object.fromEntries(rows.map((r) => [r.id as string, r]));
    const flip = (s: string) => s.slice(0, 20) + String.fromCharCode(s.charCodeAt(20) ^ 1) + s.slice(21);
    await putRaw(name, 'messages', [{ ...byId.m1!, [PHI_FIELD]: flip(byId.m1![PHI_FIELD] as string) }, { ...byId.m3!, [PHI_FIELD]: byId.m2![PHI_FIELD] }]);
    const again = await open(keys, name);
    await expect(again.collections.messages.findOne('m1').exec()).rejects.toThrow(PhiIntegrityError);
    await expect(again.collections.messages.findOne('m3').exec()).rejects.toThrow(PhiIntegrityError);
    expect((await again.collections.messages.findOne('m2').exec())?.body).toBe('bravo');
    await again.close();
    opened.length = 0;
    const other = await makeTestKeys('1111111111111111');
    await expect(open(other, name)).rejects.toThrow(PhiWrongKeyError);
    const restored = await open(keys, name);
    expect((await restored.collections.messages.findOne('m2').exec())?.body).toBe('bravo');
  });
});

