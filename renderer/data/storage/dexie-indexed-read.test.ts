/**
 * The getAll read path answers exactly what the Dexie storage's own cursor query answers (same
 * rows, same order, deleted rows excluded) for the query shapes the screens use, and steps aside
 * (null) for queries the index does not fully satisfy.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { normalizeMangoQuery, prepareQuery, type MangoQuery, type RxStorageInstance } from 'rxdb/plugins/core';
import { describe, expect, it } from 'vitest';
import { openPracticeDb } from '../database/open-practice-db';
import { invertTime, type MessageDoc } from '../schema';
import { makeTestKeys } from '../testing/test-keys';
import { threadSelector } from '../repositories/messages';
import { indexedRead } from './dexie-indexed-read';

describe('indexed getAll read', () => {
  it('matches the storage query for index-satisfied shapes and declines the rest', async () => {
    const keys = await makeTestKeys();
    const db = await openPracticeDb({ name: 'indexed-read', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb: { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange }, collections: ['messages'] });
    try {
      const docs: MessageDoc[] = Array.from({ length: 60 }, (_, i) => ({
        id: `m${String(i).padStart(3, '0')}`, conversationId: `c${i % 3}`, direction: 'inbound', body: `Synthetic ${i}`, sentAt: 1_000 + i, threadKey: invertTime(1_000 + i),
        state: 'received', clientId: '', gatewaySid: '', errorCode: 0, failureCode: '', segments: 1, staffId: '', campaignId: '', review: '' as const, reviewConfidence: 0, updatedAt: 1_000 + i,
      }));
      await db.collections.messages.bulkInsert(docs);
      await db.collections.messages.bulkRemove(['m003', 'm006']);
      const collection = db.collections.messages;
      const inner = (collection.storageInstance as unknown as { originalStorageInstance: { originalStorageInstance: RxStorageInstance<MessageDoc, unknown, unknown> } }).originalStorageInstance.originalStorageInstance;
      // As RxQuery does: non-deleted rows only, then RxDB's own normalisation and query plan.
      const prepared = (q: MangoQuery<MessageDoc>) =>
        prepareQuery<MessageDoc>(collection.schema.jsonSchema, normalizeMangoQuery(collection.schema.jsonSchema, { ...q, selector: { ...q.selector, _deleted: { $eq: false } } } as MangoQuery<MessageDoc>));
      // The screens' shapes must take the fast path.
      const fastShapes: MangoQuery<MessageDoc>[] = [threadSelector('c0', 7), threadSelector('c0', 100, invertTime(1_030)), { selector: { sentAt: { $lt: 1_020 } }, sort: [{ sentAt: 'asc' }], limit: 5 }, { selector: { sentAt: { $gte: 0 } }, sort: [{ sentAt: 'asc' }] }];
      for (const shape of fastShapes) {
        const fast = await indexedRead(inner.internals, prepared(shape));
        const slow = (await inner.query(prepared(shape))).documents;
        expect(fast, JSON.stringify(shape)).not.toBeNull();
        expect(fast!.map((d) => d.id)).toEqual(slow.map((d) => d.id));
        expect(fast!.some((d) => d.id === 'm003')).toBe(false);
      }
      // A sort the chosen index does not give: the storage's own query answers.
      expect(await indexedRead(inner.internals, prepared({ selector: {}, sort: [{ id: 'asc' }] }))).toBeNull();
      expect(await indexedRead(inner.internals, prepared({ selector: { state: 'received' }, limit: 3 }))).toBeNull();

      // Paging the whole collection in primary-key order through the object store: every live
      // row once, in id order, deleted rows skipped yet each page full.
      const seen: string[] = [];
      let after = '';
      for (let pages = 0; pages < 20; pages++) {
        const page = await indexedRead(inner.internals, prepared({ selector: after ? { id: { $gt: after } } : {}, sort: [{ id: 'asc' }], limit: 5, index: ['_deleted', 'id'] }), 'id');
        expect(page).not.toBeNull();
        seen.push(...page!.map((d) => d.id));
        if (page!.length < 5) break;
        expect(page).toHaveLength(5);
        after = page!.at(-1)!.id;
      }
      expect(seen).toEqual(docs.map((d) => d.id).filter((id) => id !== 'm003' && id !== 'm006'));
      // The same query through RxDB answers the same (the collection's storage takes this path).
      const first = await collection.find({ selector: { id: { $gt: 'm001' } }, sort: [{ id: 'asc' }], limit: 3, index: ['id'] }).exec(); // RxDB puts '_deleted' first
      expect(first.map((d) => d.id)).toEqual(['m002', 'm004', 'm005']);
    } finally {
      await db.close();
    }
  });
});
