/**
 * Test-only access to the raw rows RxDB's Dexie storage keeps in IndexedDB (one IndexedDB
 * database per collection and schema version, documents in the `docs` store), to check what
 * sits at rest and to tamper with it below RxDB.
 */
import { practiceSchemas } from '../schema';

/** The raw database of a collection at `version` (default: the collection's current schema version). */
export const rawDbName = (dbName: string, collection: string, version?: number) =>
  `rxdb-dexie-${dbName}--${version ?? (practiceSchemas as Record<string, { version: number }>)[collection]?.version ?? 0}--${collection}`;

function openRaw(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function readRawRows(factory: IDBFactory, name: string): Promise<Record<string, unknown>[]> {
  const conn = await openRaw(factory, name);
  try {
    return await new Promise((resolve, reject) => {
      const req = conn.transaction('docs', 'readonly').objectStore('docs').getAll();
      req.onsuccess = () => resolve(req.result as Record<string, unknown>[]);
      req.onerror = () => reject(req.error);
    });
  } finally {
    conn.close();
  }
}

export async function putRawRows(factory: IDBFactory, name: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const conn = await openRaw(factory, name);
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = conn.transaction('docs', 'readwrite');
      for (const row of rows) tx.objectStore('docs').put(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    conn.close();
  }
}
