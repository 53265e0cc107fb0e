/**
 * A faster read for the queries the screens run most (the queue's page, a thread's latest
 * messages, loading every patient for the name index): when RxDB's query plan says the index
 * satisfies both selector and sort, fetch the rows with one `IDBIndex.getAll(range, limit)`
 * instead of the Dexie storage's cursor, which costs one round trip to the browser's IndexedDB
 * per row. Same index, same key
 * range (built by RxDB's own getKeyRangeByQueryPlan), same order; any other query, or any
 * surprise, answers null and the caller uses the storage's own query.
 *
 * A query whose plan is the index ['_deleted', <primary key>] (paging through a whole collection in
 * primary-key order: `{ selector: { id: { $gt: last } }, sort: [{ id: 'asc' }], index: ['id'] }`, RxDB putting '_deleted' first)
 * reads the object store itself, whose key is the primary key: the Dexie storage keeps no such
 * index, and without it RxDB would walk another index from its start for every page. Deleted
 * rows are skipped and the read goes on until the page is full or the range ends.
 */
import type { PreparedQuery, RxDocumentData } from 'rxdb/plugins/core';
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan } from 'rxdb/plugins/storage-dexie';

interface DexieState {
  dexieDb: { transaction(mode: 'r', table: unknown, scope: (tx: { idbtrans: IDBTransaction }) => Promise<unknown[]>): Promise<unknown[]>; _options: { IDBKeyRange?: typeof IDBKeyRange } };
  dexieTable: unknown;
  booleanIndexes: string[];
}

export async function indexedRead<T>(internals: unknown, prepared: PreparedQuery<T>, primaryPath?: string): Promise<RxDocumentData<T>[] | null> {
  const plan = prepared.queryPlan;
  const query = prepared.query;
  if (!plan.selectorSatisfiedByIndex || !plan.sortSatisfiedByIndex || query.skip) return null;
  const state = (await internals) as DexieState | undefined;
  if (!state || typeof state !== 'object' || !state.dexieDb || !Array.isArray(state.booleanIndexes)) return null;
  if (primaryPath && plan.index.length === 2 && plan.index[0] === '_deleted' && plan.index[1] === primaryPath) return primaryKeyRead<T>(state, prepared);
  let range: IDBKeyRange;
  try {
    range = getKeyRangeByQueryPlan(state.booleanIndexes, plan, state.dexieDb._options.IDBKeyRange);
  } catch {
    return null;
  }
  const indexName = `[${plan.index.map((field) => dexieReplaceIfStartsWithPipe(field)).join('+')}]`;
  const limit = typeof query.limit === 'number' && Number.isFinite(query.limit) ? query.limit : undefined;
  const rows = await state.dexieDb.transaction('r', state.dexieTable, (tx) =>
    new Promise<unknown[]>((resolve, reject) => {
      const request = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).index(indexName).getAll(range, limit);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    }),
  );
  return rows.map((row) => fromDexieToStorage<T>(state.booleanIndexes, row));
}

/** Pages through the object store in primary-key order (see the header), live documents only. */
async function primaryKeyRead<T>(state: DexieState, prepared: PreparedQuery<T>): Promise<RxDocumentData<T>[] | null> {
  const plan = prepared.queryPlan;
  if ((plan.startKeys[0] as unknown) !== false || (plan.endKeys[0] as unknown) !== false) return null; // only live documents
  const KeyRange = state.dexieDb._options.IDBKeyRange ?? globalThis.IDBKeyRange;
  const limit = typeof prepared.query.limit === 'number' && Number.isFinite(prepared.query.limit) ? prepared.query.limit : Infinity;
  const upper = plan.endKeys[1] as IDBValidKey;
  let lower = plan.startKeys[1] as IDBValidKey;
  let lowerOpen = !plan.inclusiveStart;
  const out: RxDocumentData<T>[] = [];
  for (;;) {
    const want = limit === Infinity ? undefined : Math.max(1, limit - out.length);
    const range = KeyRange.bound(lower, upper, lowerOpen, !plan.inclusiveEnd);
    const rows = await state.dexieDb.transaction('r', state.dexieTable, (tx) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME).getAll(range, want);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      }),
    );
    for (const row of rows) {
      const doc = fromDexieToStorage<T>(state.booleanIndexes, row);
      if (!doc._deleted) out.push(doc);
    }
    if (want === undefined || rows.length < want || out.length >= limit) return out;
    lower = (fromDexieToStorage<T>(state.booleanIndexes, rows[rows.length - 1]) as Record<string, unknown>)[plan.index[1]!] as IDBValidKey;
    lowerOpen = true;
  }
}
