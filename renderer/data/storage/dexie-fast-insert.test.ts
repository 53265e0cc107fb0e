/**
 * The add-only insert path stores what the Dexie storage's own bulkWrite stores and sends the same
 * change events; an id that already exists is a 409 conflict carrying the stored document, with
 * the stored row untouched and the rest of the batch written; anything that is not a plain
 * insert is left to the storage (null).
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { fillWithDefaultSettings, type BulkWriteRow, type EventBulk, type RxJsonSchema, type RxStorageChangeEvent, type RxStorageInstance } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { messageSchema } from '../schema/messages';
import { syntheticMessage } from '../testing/synthetic-data';
import { readRawRows } from '../testing/raw-idb';
import { fastInsert } from './dexie-fast-insert';

type Row = BulkWriteRow<Record<string, unknown>>;
type Instance = RxStorageInstance<Record<string, unknown>, unknown, unknown, unknown>;

const storage = getRxStorageDexie({ indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange });
const plainSchema = { ...messageSchema } as RxJsonSchema<Record<string, unknown>>;
delete plainSchema.encrypted;
const schema = fillWithDefaultSettings(plainSchema);
const instances: Instance[] = [];
let counter = 0;

async function instance(): Promise<{ inst: Instance; rawName: string; events: EventBulk<RxStorageChangeEvent<Record<string, unknown>>, unknown>[] }> {
  const databaseName = `fast-insert-${++counter}`;
  const inst = (await storage.createStorageInstance({
    databaseInstanceToken: `token-${counter}`,
    databaseName,
    collectionName: 'messages',
    schema: schema as never,
    options: {},
    multiInstance: false,
    devMode: false,
  })) as unknown as Instance;
  instances.push(inst);
  const events: EventBulk<RxStorageChangeEvent<Record<string, unknown>>, unknown>[] = [];
  inst.changeStream().subscribe((bulk) => events.push(bulk as never));
  return { inst, rawName: `rxdb-dexie-${databaseName}--${messageSchema.version}--messages`, events };
}

afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.close().catch(() => undefined)));
});

function rows(n: number, from = 0, deleted: (i: number) => boolean = () => false): Row[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const doc = syntheticMessage('c-000001', i, 1_700_000_000_000 + i * 1000);
    return { document: { ...doc, _deleted: deleted(i), _attachments: {}, _rev: `1-r${i}`, _meta: { lwt: 1_700_000_000_000 + i } } } as Row;
  });
}

const stripBulk = (bulk: EventBulk<RxStorageChangeEvent<Record<string, unknown>>, unknown>) => ({ checkpoint: bulk.checkpoint, context: bulk.context, events: bulk.events });

describe('add-only bulk insert under the Dexie storage', () => {
  it('stores the same rows and sends the same events as the storage’s bulkWrite', async () => {
    const batch = rows(120, 0, (i) => i % 40 === 7);
    const fast = await instance();
    const own = await instance();
    expect(await fastInsert(fast.inst, 'id', batch, 'test-insert')).toEqual({ error: [] });
    expect(await own.inst.bulkWrite(batch, 'test-insert')).toEqual({ error: [] });
    const [fastRows, ownRows] = await Promise.all([readRawRows(fakeIndexedDB, fast.rawName), readRawRows(fakeIndexedDB, own.rawName)]);
    expect(fastRows).toHaveLength(120);
    expect(fastRows).toEqual(ownRows);
    // Deleted rows are stored but announce nothing, as with the storage's own write.
    expect(fast.events.map(stripBulk)).toEqual(own.events.map(stripBulk));
    expect(fast.events[0]!.events).toHaveLength(117);
    // And the storage reads them back through its own paths.
    const back = await fast.inst.findDocumentsById(['c-000001-m00007', 'c-000001-m00008'], true);
    expect(back.map((d) => [d.id, d._deleted])).toEqual([['c-000001-m00007', true], ['c-000001-m00008', false]]);
  });

  it('reports an existing id as a 409 with the stored document and writes the rest', async () => {
    const { inst, rawName, events } = await instance();
    await fastInsert(inst, 'id', rows(3), 'seed');
    const before = await readRawRows(fakeIndexedDB, rawName);
    const again = rows(5).map((row, i) => (i === 1 ? { document: { ...row.document, body: 'Changed synthetic body', _rev: '1-other' } } : row));
    const result = await fastInsert(inst, 'id', again.slice(1), 'second');
    expect(result!.error.map((e) => [e.status, e.documentId])).toEqual([[409, 'c-000001-m00001'], [409, 'c-000001-m00002']]);
    const conflict = result!.error[0] as { documentInDb: Record<string, unknown>; writeRow: Row };
    expect(conflict.documentInDb._rev).toBe('1-r1');
    expect(conflict.documentInDb.body).toContain('Synthetic test message 1:');
    expect(conflict.writeRow.document.body).toBe('Changed synthetic body');
    const after = await readRawRows(fakeIndexedDB, rawName);
    expect(after).toHaveLength(5);
    expect(after.filter((r) => before.some((b) => b.id === r.id))).toEqual(before);
    expect(events.at(-1)!.events.map((e) => e.documentId)).toEqual(['c-000001-m00003', 'c-000001-m00004']);
  });

  it('leaves updates, duplicate ids and empty batches to the storage', async () => {
    const { inst } = await instance();
    const seeded = rows(2);
    await fastInsert(inst, 'id', seeded, 'seed');
    const update: Row = { previous: seeded[0]!.document as never, document: { ...seeded[0]!.document, _rev: '2-r0' } };
    expect(await fastInsert(inst, 'id', [update], 'update')).toBeNull();
    expect(await fastInsert(inst, 'id', [...rows(1, 5), ...rows(1, 5)], 'dupes')).toBeNull();
    expect(await fastInsert(inst, 'id', [], 'none')).toBeNull();
    await inst.close();
    expect(await fastInsert(inst, 'id', rows(1, 9), 'closed')).toBeNull();
  });
});
