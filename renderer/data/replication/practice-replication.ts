/**
 * Replicates the practice database with the practice's CouchDB (issue 12: several desks, one
 * inbox): one live RxDB CouchDB replication per collection, into the database
 * `<prefix>-<collection>` on the server, PHI sealed on the way out and opened on the way in
 * (wire-seal.ts), conflicts merged by the written-down rules (conflict-handlers.ts, given to
 * openPracticeDb). The server holds only ids, revisions, times, status enums, blind indexes and
 * ciphertext. `fetch` carries the desk's CouchDB credentials and is the one way out; going
 * offline is failing it (RxDB's pause leaks its long-poll loops), and replication catches up
 * by itself when it answers again.
 *
 * A version from the server that does not open (changed on the server, another practice's key)
 * is refused: the desk keeps what it had (or, for a record it never had, a deleted placeholder
 * that a later good version replaces), and the refusal is reported by code — never taken in.
 */
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { serverDbName } from '../../../shared/replication/server-databases';
import type { PracticeDb } from '../database/open-practice-db';
import type { CollectionName } from '../schema';
import { earlierSealedPaths, sealedPaths, sealPathsFor } from './conflict-handlers';
import type { WireSealer } from './wire-seal';

export interface PracticeReplicationOptions {
  /** The server's base URL, e.g. https://couch.example-practice.test:6984/ */
  readonly serverUrl: string;
  /** Database names on the server: `<prefix>-<collection>` (lower case, as CouchDB requires). */
  readonly prefix: string;
  readonly sealer: WireSealer;
  readonly fetch: typeof fetch;
  readonly collections?: readonly CollectionName[];
  readonly batchSize?: number | ((collection: CollectionName) => number);
  /** Documents per pull request, when it should differ from `batchSize` (answers are not bounded by main's request limit). */
  readonly pullBatchSize?: number | ((collection: CollectionName) => number);
  /** Names the server in the replication's checkpoints, so another server starts from the beginning. */
  readonly serverIdentity?: string;
}

export interface PracticeReplication {
  readonly states: ReadonlyMap<CollectionName, RxCouchDBReplicationState<unknown>>;
  /** Resolves when every collection has caught up with the server once. */
  awaitInSync(): Promise<void>;
  /** Errors so far, as codes only (no documents, no PHI). */
  readonly errors: string[];
  stop(): Promise<void>;
}

export { serverDbName };

/** Creates the server databases if they are not there (an administrator's desk does this once). */
export async function ensureServerDatabases(serverUrl: string, prefix: string, doFetch: typeof fetch, collections: readonly CollectionName[]): Promise<void> {
  for (const c of collections) {
    const r = await doFetch(`${serverUrl}${serverDbName(prefix, c)}`, { method: 'PUT' });
    if (!r.ok && r.status !== 412) throw new Error(`The replication server refused to create a database (HTTP ${r.status}).`);
  }
}

const sizeFor = (size: number | ((c: CollectionName) => number) | undefined, c: CollectionName): number | undefined => (typeof size === 'function' ? size(c) : size);

export function startPracticeReplication(db: PracticeDb, options: PracticeReplicationOptions): PracticeReplication {
  const collections = options.collections ?? (Object.keys(db.collections) as CollectionName[]);
  const states = new Map<CollectionName, RxCouchDBReplicationState<unknown>>();
  const errors: string[] = [];
  for (const name of collections) {
    const collection = db.collections[name];
    if (!collection) continue;
    const paths = sealedPaths(name);
    const state = replicateCouchDB<Record<string, unknown>>({
      replicationIdentifier: `carerelay-${options.serverIdentity ?? options.serverUrl}-${serverDbName(options.prefix, name)}`,
      collection: collection as never,
      url: `${options.serverUrl}${serverDbName(options.prefix, name)}/`,
      live: true,
      fetch: options.fetch,
      retryTime: 2_000,
      pull: {
        batchSize: sizeFor(options.pullBatchSize, name) ?? sizeFor(options.batchSize, name) ?? 500,
        modifier: async (doc) => {
          try {
            return (await options.sealer.open(name, paths, doc, earlierSealedPaths(name))) as never;
          } catch {
            errors.push(`${name}: PRACTICE_DB_TAMPERED`);
            if (errors.length > 100) errors.splice(0, errors.length - 100);
            const id = String(doc[collection.schema.primaryPath] ?? '');
            const mine = await collection.findOne(id).exec();
            if (mine) return mine.toMutableJSON(true) as never;
            const { sealed: _sealed, ...plain } = doc;
            return { ...plain, _deleted: true } as never;
          }
        },
      },
      push: { batchSize: sizeFor(options.batchSize, name) ?? 500, modifier: (doc) => options.sealer.seal(name, sealPathsFor(name, doc), doc) as Promise<never> },
    });
    state.error$.subscribe((e) => {
      errors.push(`${name}: ${(e as { code?: string }).code ?? 'error'}`);
      if (errors.length > 100) errors.splice(0, errors.length - 100);
    });
    states.set(name, state as unknown as RxCouchDBReplicationState<unknown>);
  }
  return {
    states,
    errors,
    async awaitInSync() {
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
    },
    async stop() {
      await Promise.all([...states.values()].map((s) => s.cancel()));
    },
  };
}
