/**
 * Opens (and creates) the practice database: RxDB on the Dexie storage (IndexedDB), wrapped by
 * the PHI encryption storage, with the seven collections, their numbered migrations, the key
 * check, and the consent ledger's append-only hooks. It holds the keys only through the getters
 * it is given, so the session can drop them at lock.
 *
 * No dev-mode plugin (it loads an iframe from the internet) and no schema validator on the
 * write path (RxDB's own checks on primary key and revision remain; repositories build documents).
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb/plugins/core';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createBlindIndexer, type BlindIndexer } from '../crypto/blind-index';
import { migrationStrategies } from '../migrations';
import { practiceSchemas, type CollectionName, type PracticeDocTypes } from '../schema';
import { wrappedPhiEncryptionStorage } from '../storage/phi-encryption-storage';
import { verifyOrWriteKeyCheck, type KeyCheckDoc } from './key-check';

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export const PRACTICE_DB_NAME = 'carerelay-practice';

export type PracticeCollections = { [K in CollectionName]: RxCollection<PracticeDocTypes[K]> };

export interface PracticeDb {
  readonly name: string;
  readonly collections: PracticeCollections;
  readonly blind: BlindIndexer;
  /** RxDB itself, for the data layer only (screens never see it). */
  readonly rx: RxDatabase<PracticeCollections>;
  close(): Promise<void>;
}

/** Where IndexedDB comes from: the page's own, or fake-indexeddb in unit tests. */
export interface IndexedDbSource {
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
}

export interface OpenPracticeDbOptions {
  readonly name?: string;
  /** The practice-database key while the session holds it, else null. */
  readonly getDbKey: () => CryptoKey | null;
  readonly indexKey: CryptoKey;
  readonly keyId: string;
  readonly idb?: IndexedDbSource;
  /** Only for tests that need a subset (the free build's collection limit is per page). */
  readonly collections?: readonly CollectionName[];
  /** How replicated versions merge, per collection (replication/conflict-handlers.ts). */
  readonly conflictHandlers?: Partial<Record<CollectionName, unknown>>;
}

export class AppendOnlyError extends Error {
  override readonly name = 'AppendOnlyError';
  constructor() {
    super('Consent events are a permanent record: they are never changed or deleted. Record a new event instead.');
  }
}

export async function openPracticeDb(options: OpenPracticeDbOptions): Promise<PracticeDb> {
  const name = options.name ?? PRACTICE_DB_NAME;
  const dbKey = options.getDbKey();
  if (!dbKey) throw new Error('The practice database cannot open without its key.');
  const storage = wrappedPhiEncryptionStorage({
    storage: getRxStorageDexie(options.idb ? { indexedDB: options.idb.indexedDB, IDBKeyRange: options.idb.IDBKeyRange } : {}),
    getKey: options.getDbKey,
  });
  const rx = await createRxDatabase<PracticeCollections>({
    name,
    storage,
    multiInstance: false,
    eventReduce: true,
    localDocuments: true,
  });
  try {
    await verifyOrWriteKeyCheck(
      {
        name,
        read: async (id) => (await rx.getLocal<KeyCheckDoc>(id))?.toJSON().data ?? null,
        insert: (id, data) => rx.insertLocal<KeyCheckDoc>(id, data),
      },
      dbKey,
      options.keyId,
    );
    const wanted = options.collections ?? (Object.keys(practiceSchemas) as CollectionName[]);
    const creators: Record<string, { schema: unknown; migrationStrategies?: unknown; conflictHandler?: unknown }> = {};
    for (const collection of wanted) {
      const conflictHandler = options.conflictHandlers?.[collection];
      creators[collection] = { schema: practiceSchemas[collection], migrationStrategies: migrationStrategies[collection] ?? {}, ...(conflictHandler ? { conflictHandler } : {}) };
    }
    const collections = (await rx.addCollections(creators as Parameters<typeof rx.addCollections>[0])) as unknown as PracticeCollections;
    const consent = collections.consent_events;
    if (consent) {
      consent.preSave(() => {
        throw new AppendOnlyError();
      }, false);
      consent.preRemove(() => {
        throw new AppendOnlyError();
      }, false);
    }
    return {
      name,
      rx,
      collections,
      blind: createBlindIndexer(options.indexKey),
      close: async () => {
        await rx.close();
      },
    };
  } catch (error) {
    await rx.close().catch(() => undefined);
    throw error;
  }
}
