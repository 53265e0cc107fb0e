/**
 * Reads every stored row of a collection with one `getAll`, keeping only its plain fields: the
 * sealed PHI (`_phi`) is dropped unopened. The front desk's queue uses it to hold the workflow
 * fields of every conversation in memory (status, assignment, claim, counts, order) without
 * decrypting 20,000 records it will never show; the few rows on screen are read and decrypted
 * through RxDB as usual. Deleted rows (tombstones) are left out. The inbox search reads every
 * message's id the same way, then the messages themselves through the storage (decrypted).
 */
import type { RxCollection } from 'rxdb/plugins/core';
import { DEXIE_DOCS_TABLE_NAME, fromDexieToStorage } from 'rxdb/plugins/storage-dexie';
import { PHI_FIELD } from './phi-encryption-storage';

interface DexieState {
  dexieDb: { transaction(mode: 'r', table: unknown, scope: (tx: { idbtrans: IDBTransaction }) => Promise<unknown[]>): Promise<unknown[]> };
  dexieTable: unknown;
  booleanIndexes: string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function dexieState(collection: RxCollection<any>): Promise<DexieState> {
  const state = (await (collection.storageInstance as unknown as { internals: unknown }).internals) as DexieState | undefined;
  if (!state || typeof state !== 'object' || !state.dexieDb || !Array.isArray(state.booleanIndexes)) {
    throw new Error('The practice database storage is not the expected IndexedDB storage.');
  }
  return state;
}

function readAll(state: DexieState, what: 'getAll' | 'getAllKeys'): Promise<unknown[]> {
  return state.dexieDb.transaction('r', state.dexieTable, (tx) =>
    new Promise<unknown[]>((resolve, reject) => {
      const request = tx.idbtrans.objectStore(DEXIE_DOCS_TABLE_NAME)[what]();
      request.onsuccess = () => resolve(request.result as unknown[]);
      request.onerror = () => reject(request.error);
    }),
  );
}

/** Every primary key of a collection (deleted rows included: reading them by id skips them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readPrimaryKeys(collection: RxCollection<any>): Promise<string[]> {
  return (await readAll(await dexieState(collection), 'getAllKeys')).map(String);
}

export async function readPlainRows<T>(collection: RxCollection<T>): Promise<Partial<T>[]> {
  const state = await dexieState(collection);
  const rows = await readAll(state, 'getAll');
  const out: Partial<T>[] = [];
  for (const raw of rows) {
    const doc = fromDexieToStorage<Record<string, unknown>>(state.booleanIndexes, raw) as Record<string, unknown>;
    if (doc._deleted) continue;
    delete doc[PHI_FIELD];
    delete doc._meta;
    delete doc._rev;
    delete doc._attachments;
    delete doc._deleted;
    out.push(doc as Partial<T>);
  }
  return out;
}
