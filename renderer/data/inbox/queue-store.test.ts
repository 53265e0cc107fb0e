/**
 * The queue in memory and the inbox search under fake-indexeddb: the plain read holds every
 * conversation's workflow fields without their PHI, changes arrive live, unread counts are per
 * person, the visible rows' details decrypt on demand, and search finds by name, by digits of a
 * number and by message text (built on first use, dropped at stop).
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectQueue } from '../../../shared/inbox/queue-view';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { addPatients } from '../repositories/patients';
import { recordMessage, setConversationStatus } from '../repositories/conversations';
import { markRead } from '../repositories/staff-state';
import { startPatientNameSearch } from '../search/patient-name-search';
import { readPlainRows } from '../storage/dexie-plain-read';
import { makeTestKeys } from '../testing/test-keys';
import { startInboxMemory } from './inbox-memory';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
const T0 = Date.UTC(2026, 0, 5, 15);
let db: PracticeDb;

beforeAll(async () => {
  const keys = await makeTestKeys();
  db = await openPracticeDb({ name: 'queue-store', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['patients', 'conversations', 'messages', 'staff_state', 'tasks'] });
  await addPatients(db, [
    { givenName: 'Queuetta', familyName: 'Synthwood', phone: '+12025550121', phoneSource: 'patient' },
    { givenName: 'Rowan', familyName: 'Fakester', phone: '+12025550122', phoneSource: 'patient' },
  ]);
  await recordMessage(db, { phone: '+12025550121', direction: 'inbound', body: 'Synthetic question about parking Zorblat', at: T0 });
  await recordMessage(db, { phone: '+12025550122', direction: 'inbound', body: 'Synthetic hello', at: T0 + 1_000 });
  await recordMessage(db, { phone: '+12025550123', direction: 'inbound', body: 'Synthetic who is this', at: T0 + 2_000 });
});
afterAll(async () => {
  await db.close();
});

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('queue store', () => {
  it('reads plain workflow fields only', async () => {
    const rows = await readPlainRows(db.collections.conversations);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.phone === undefined && r.lastMessagePreview === undefined && typeof r.queueKey === 'number')).toBe(true);
  });

  it('lists newest first, follows changes live, and counts unread per person', async () => {
    const names = startPatientNameSearch(db);
    await names.ready;
    const memory = startInboxMemory(db, names.index, 'maria');
    try {
      await memory.queue.ready;
      const snap = () => memory.queue.getSnapshot();
      const active = () => selectQueue(snap().rows, { status: 'active', filters: new Set() }, snap().viewer);
      expect(active()).toHaveLength(3);
      const unmatched = active()[0]!;
      expect(snap().rows.find((r) => r.id === unmatched)?.patientId).toBe('');
      expect(selectQueue(snap().rows, { status: 'active', filters: new Set(['unread']) }, snap().viewer)).toHaveLength(3);
      await markRead(db, 'maria', unmatched, 1);
      await until(() => selectQueue(snap().rows, { status: 'active', filters: new Set(['unread']) }, snap().viewer).length === 2);

      await setConversationStatus(db, unmatched, 'closed');
      await until(() => active().length === 2);
      const { conversationId } = await recordMessage(db, { phone: '+12025550121', direction: 'inbound', body: 'Synthetic newest', at: T0 + 9_000 });
      await until(() => active()[0] === conversationId);

      const other = active()[1]!;
      expect(memory.queue.detailsOf(other)?.phone ?? null).toBeNull();
      await memory.queue.loadDetails([other]);
      expect(memory.queue.detailsOf(other)).toMatchObject({ phone: '+12025550122', preview: 'Synthetic hello' });
    } finally {
      memory.stop();
      names.stop();
    }
  });

  it('searches by name, by digits and by message text', async () => {
    const names = startPatientNameSearch(db);
    await names.ready;
    const memory = startInboxMemory(db, names.index, 'maria');
    try {
      await memory.queue.ready;
      // Names and patients' numbers answer at once; unmatched numbers and text once the index is built.
      const queuetta = memory.search.search('Queuetta');
      expect(queuetta.ids.size).toBe(1);
      expect(memory.search.search('synthw').ids).toEqual(queuetta.ids);
      expect(memory.search.search('0121').ids).toEqual(queuetta.ids);
      expect(memory.search.search('0123').ids.size).toBe(0);
      await memory.search.warm();
      expect(memory.search.search('555-0123').ids.size).toBe(1);
      expect(memory.search.search('0122').ids.size).toBe(1);
      const text = memory.search.search('zorblat');
      expect(text).toMatchObject({ complete: true, progress: 1 });
      expect([...text.ids]).toEqual([...queuetta.ids]);
      expect(memory.search.search('nothing like this').ids.size).toBe(0);
      await recordMessage(db, { phone: '+12025550122', direction: 'inbound', body: 'Synthetic later Quibblenot', at: T0 + 20_000 });
      await until(() => memory.search.search('quibblenot').ids.size === 1);
    } finally {
      memory.stop();
      names.stop();
    }
  });
});
