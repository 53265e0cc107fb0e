/**
 * A faster read for the queries the screens run most (the queue's page, a thread's latest
 * messages, loading every patient for the name index): when RxDB's query plan says the index
 * satisfies both selector and sort, fetch the rows with one `IDBIndex.getAll(range, limit)`
 * instead of the Dexie storage's cursor, which costs one round trip to the browser's IndexedDB
 * per row. Same index, same key
 * range (built by RxDB's own getKeyRangeByQueryPlan), same order; any other query, or any
 * surprise, answers null and the caller uses the storage's own query.
 */
import type { PreparedQuery, RxDocumentData } from 'rxdb/plugins/core';
import { DEXIE_DOCS_TABLE_NAME, dexieReplaceIfStartsWithPipe, fromDexieToStorage, getKeyRangeByQueryPlan } from 'rxdb/plugins/storage-dexie';

interface DexieState {
  dexieDb: { transaction(mode: 'r', table: unknown, scope: (tx: { idbtrans: IDBTransaction }) => Promise<unknown[]>): Promise<unknown[]>; _options: { IDBKeyRange?: typeof IDBKeyRange } };
  dexieTable: unknown;
  booleanIndexes: string[];
}

export async function indexedRead<T>(internals: unknown, prepared: PreparedQuery<T>): Promise<RxDocumentData<T>[] | null> {
  const plan = prepared.queryPlan;
  const query = prepared.query;
  if (!plan.selectorSatisfiedByIndex || !plan.sortSatisfiedByIndex || query.skip) return null;
  const state = (await internals) as DexieState | undefined;
  if (!state || typeof state !== 'object' || !state.dexieDb || !Array.isArray(state.booleanIndexes)) return null;
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
