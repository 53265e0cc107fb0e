/**
 * A faster write for bulk inserts (rows without `previous`: new messages filed from sync, imported
 * patients, seeded data) under the Dexie storage: one IndexedDB `add` per row in one transaction,
 * instead of the Dexie storage's `bulkGet` of every id first and a `bulkPut` after. `add` refuses
 * an existing primary key by itself (ConstraintError), and RxDB treats an insert over an existing
 * document as a 409 conflict either way, so only the rows that collide are read back, to report
 * them with their stored state. Rows are stored in the Dexie storage's own format
 * (fromStorageToDexie), RxDB's own categorizeBulkWriteRows builds the errors and the change
 * events, and the events go out on the inner instance's stream exactly as its bulkWrite would
 * send them (so multi-instance broadcasting sees them too).
 *
 * Anything else (updates, attachments, a storage that is not Dexie, a closed instance) answers
 * null and the caller uses the storage's own bulkWrite. Measured: the read-before-write is about a
 * fifth of a bulk insert's time in Chromium (npm run bench:db).
 */
import { categorizeBulkWriteRows, type BulkWriteRow, type RxDocumentData, type RxStorageBulkWriteResponse, type RxStorageInstance } from 'rxdb/plugins/core';
import { DEXIE_DOCS_TABLE_NAME, fromDexieToStorage, fromStorageToDexie } from 'rxdb/plugins/storage-dexie';

type Doc = RxDocumentData<Record<string, unknown>>;

interface DexieWriteState {
  dexieDb: { transaction(mode: 'rw', table: unknown, scope: (tx: { idbtrans: IDBTransaction }) => Promise<void>): Promise<void> };
  dexieTable: unknown;
  booleanIndexes: string[];
}

interface DexieInstanceShape {
  closed?: unknown;
  changes$?: { next(value: unknown): void };
  schema: { attachments?: unknown };
  internals: unknown;
}

function dexieState(value: unknown): DexieWriteState | null {
  const state = value as Partial<DexieWriteState> | undefined;
  if (!state || typeof state !== 'object' || !state.dexieDb || !state.dexieTable || !Array.isArray(state.booleanIndexes)) return null;
  return state as DexieWriteState;
}

export async function fastInsert(
  instance: RxStorageInstance<Record<string, unknown>, unknown, unknown, unknown>,
  primaryPath: string,
  rows: readonly BulkWriteRow<Record<string, unknown>>[],
  context: string,
): Promise<RxStorageBulkWriteResponse<Record<string, unknown>> | null> {
  const shape = instance as unknown as DexieInstanceShape;
  if (rows.length === 0 || shape.schema.attachments || shape.closed || typeof shape.changes$?.next !== 'function') return null;
  if (rows.some((row) => row.previous || !row.document._rev)) return null;
  // Two rows with one id: leave the storage to order them.
  if (new Set(rows.map((row) => row.document[primaryPath])).size !== rows.length) return null;
  const state = dexieState(await shape.internals);
  if (!state) return null;

  const docsInDb = new Map<string, Doc>();
  await state.dexieDb.transaction('rw', state.dexieTable, (tx) =>
    new Promise<void>((resolve, reject) => {
      const store = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME);
      const collided: string[] = [];
      let pending = rows.length;
      let failed = false;
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        reject(error instanceof Error || error instanceof DOMException ? error : new Error('IndexedDB refused the write.'));
      };
      const readCollisions = () => {
        if (collided.length === 0) return resolve();
        let left = collided.length;
        for (const id of collided) {
          const request = store.get(id);
          request.onsuccess = () => {
            if (request.result) docsInDb.set(id, fromDexieToStorage(state.booleanIndexes, request.result) as Doc);
            if (--left === 0) resolve();
          };
          request.onerror = () => fail(request.error);
        }
      };
      for (const row of rows) {
        const id = String(row.document[primaryPath]);
        const request = store.add(fromStorageToDexie(state.booleanIndexes, row.document));
        request.onsuccess = () => {
          if (--pending === 0 && !failed) readCollisions();
        };
        request.onerror = (event) => {
          if (request.error?.name !== 'ConstraintError') return fail(request.error);
          // The id exists: keep the transaction (and the other rows) going, report a conflict.
          event.preventDefault();
          event.stopPropagation();
          collided.push(id);
          if (--pending === 0 && !failed) readCollisions();
        };
      }
    }),
  );

  const categorized = categorizeBulkWriteRows(instance, primaryPath, docsInDb, rows as BulkWriteRow<Record<string, unknown>>[], context);
  if (categorized.eventBulk.events.length > 0 && categorized.newestRow) {
    const last = categorized.newestRow.document;
    categorized.eventBulk.checkpoint = { id: last[primaryPath], lwt: last._meta.lwt };
    shape.changes$!.next(categorized.eventBulk);
  }
  return { error: categorized.errors };
}
