/**
 * Deletes this desk's local practice database (every IndexedDB database RxDB's Dexie storage
 * made for it), for a desk that has just joined a practice: its own records were sealed under
 * the key it had before, and the practice's come down by replication at the next unlock. Run
 * only after the screens locked (the database closed); each deletion waits for it to close.
 */
import { PRACTICE_DB_NAME } from '../database/open-practice-db';

export async function resetLocalPracticeDb(name = PRACTICE_DB_NAME, idb: IDBFactory = indexedDB): Promise<number> {
  const ours = (await idb.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(`rxdb-dexie-${name}--`));
  for (const dbName of ours) {
    await new Promise<void>((resolve, reject) => {
      const request = idb.deleteDatabase(dbName);
      const timer = setTimeout(() => reject(new Error('The local database did not close in time; lock CareRelay and try again.')), 15_000);
      request.onsuccess = () => {
        clearTimeout(timer);
        resolve();
      };
      request.onerror = () => {
        clearTimeout(timer);
        reject(request.error ?? new Error('The local database could not be deleted.'));
      };
    });
  }
  return ours.length;
}
