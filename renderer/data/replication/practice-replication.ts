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
 * A version sealed under a newer key epoch (the practice rotated after a desk was removed) is
 * not a refusal at first: the desk fetches the newer keys (`onUnknownEpoch`) and opens it.
 */
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { serverDbName } from '../../../shared/replication/server-databases';
import type { PracticeDb } from '../database/open-practice-db';
import type { CollectionName } from '../schema';
import { earlierSealedPaths, sealedPaths, sealPathsFor } from './conflict-handlers';
import { firstLoad, FirstLoadStopped, type FirstLoadCheckpoints } from './first-load';
import { resealCollection, type ResealResult } from './reseal';
import { WireEpochUnknownError, type WireSealer } from './wire-seal';

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
  /** Documents per page of a new desk's first load (tests: small pages); 0: no first load (RxDB's replication pulls everything, as bench:desks compares). */
  readonly firstLoadPageSize?: (collection: CollectionName) => number;
  /**
   * A record came sealed under a key epoch this desk does not hold: fetch the practice's newer
   * keys into the sealer (main takes up its grant first). True when the epoch is now held.
   */
  readonly onUnknownEpoch?: (epoch: number) => Promise<boolean>;
}

export interface PracticeReplication {
  /** Each collection's live replication, added once its first load (if any) is done. */
  readonly states: ReadonlyMap<CollectionName, RxCouchDBReplicationState<unknown>>;
  /** Resolves when every collection's live replication has started. */
  readonly started: Promise<void>;
  /** Resolves when every collection has caught up with the server once. */
  awaitInSync(): Promise<void>;
  /** Errors so far, as codes only (no documents, no PHI). */
  readonly errors: string[];
  /** Records taken in by first loads so far (a new desk's progress). */
  loaded(): number;
  /** Re-seals the server's records still under an older key epoch, collection by collection (reseal.ts); resumable. */
  reseal(): Promise<ResealResult[]>;
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

/**
 * Documents per page of a new desk's first load (pages are answers: main accepts up to 32 MB):
 * consent events may carry a 200 KB signature, patients long notes and a merge history.
 */
export const firstLoadPage = (c: CollectionName): number => (c === 'consent_events' ? 20 : c === 'patients' ? 200 : 4_000);

export function startPracticeReplication(db: PracticeDb, options: PracticeReplicationOptions & { readonly onState?: (name: CollectionName, state: RxCouchDBReplicationState<unknown>) => void }): PracticeReplication {
  const collections = (options.collections ?? (Object.keys(db.collections) as CollectionName[])).filter((name) => !!db.collections[name]);
  const states = new Map<CollectionName, RxCouchDBReplicationState<unknown>>();
  const errors: string[] = [];
  const report = (code: string) => {
    errors.push(code);
    if (errors.length > 100) errors.splice(0, errors.length - 100);
  };
  let stopped = false;
  const loadedBy = new Map<CollectionName, number>();
  // One fetch of newer keys at a time, shared by every record that asked for it.
  let keysWanted: Promise<boolean> | null = null;
  const open = async (name: CollectionName, paths: readonly string[], doc: Record<string, unknown>) => {
    try {
      return await options.sealer.open(name, paths, doc, earlierSealedPaths(name));
    } catch (error) {
      if (!(error instanceof WireEpochUnknownError) || !options.onUnknownEpoch) throw error;
      keysWanted ??= options.onUnknownEpoch(error.epoch).catch(() => false).finally(() => setTimeout(() => (keysWanted = null), 5_000));
      if (!(await keysWanted)) throw error;
      return options.sealer.open(name, paths, doc, earlierSealedPaths(name));
    }
  };
  const refusal = (name: CollectionName, error: unknown) => report(`${name}: ${error instanceof WireEpochUnknownError ? 'KEY_EPOCH_PENDING' : 'PRACTICE_DB_TAMPERED'}`);
  const startOne = async (name: CollectionName) => {
    const collection = db.collections[name];
    const paths = sealedPaths(name);
    const replicationIdentifier = `carerelay-${options.serverIdentity ?? options.serverUrl}-${serverDbName(options.prefix, name)}`;
    const url = `${options.serverUrl}${serverDbName(options.prefix, name)}/`;
    const pullBatch = sizeFor(options.pullBatchSize, name) ?? sizeFor(options.batchSize, name) ?? 500;
    // A new desk fills each empty collection in large pages first (first-load.ts); retried while the server is out of reach.
    let checkpoints: FirstLoadCheckpoints | null = null;
    for (;;) {
      if (options.firstLoadPageSize?.(name) === 0) break;
      if (stopped) return;
      try {
        checkpoints = await firstLoad(collection as never, {
          url,
          fetch: options.fetch,
          replicationIdentifier,
          pageSize: options.firstLoadPageSize?.(name) ?? firstLoadPage(name),
          open: (doc) => open(name, paths, doc),
          onRefused: (error) => refusal(name, error),
          onProgress: (n) => loadedBy.set(name, n),
          stopped: () => stopped,
        });
        break;
      } catch (error) {
        if (error instanceof FirstLoadStopped || stopped) return;
        report(`${name}: ${error instanceof Error && /^FIRST_LOAD_[A-Z0-9_]+$/.test(error.message) ? error.message : 'FIRST_LOAD_FAILED'}`);
        await new Promise((r) => setTimeout(r, 2_000));
      }
    }
    if (stopped) return;
    const state = replicateCouchDB<Record<string, unknown>>({
      replicationIdentifier,
      collection: collection as never,
      url,
      live: true,
      fetch: options.fetch,
      retryTime: 2_000,
      pull: {
        batchSize: pullBatch,
        ...(checkpoints ? { initialCheckpoint: checkpoints.downstream } : {}),
        modifier: async (doc) => {
          try {
            return (await open(name, paths, doc)) as never;
          } catch (error) {
            refusal(name, error);
            const id = String(doc[collection.schema.primaryPath] ?? '');
            const mine = await collection.findOne(id).exec();
            if (mine) return mine.toMutableJSON(true) as never;
            const { sealed: _sealed, ...plain } = doc;
            return { ...plain, _deleted: true } as never;
          }
        },
      },
      push: {
        batchSize: sizeFor(options.batchSize, name) ?? 500,
        ...(checkpoints?.upstream ? { initialCheckpoint: checkpoints.upstream } : {}),
        modifier: (doc) => options.sealer.seal(name, sealPathsFor(name, doc), doc) as Promise<never>,
      },
    });
    state.error$.subscribe((e) => report(`${name}: ${(e as { code?: string }).code ?? 'error'}`));
    states.set(name, state as unknown as RxCouchDBReplicationState<unknown>);
    options.onState?.(name, state as unknown as RxCouchDBReplicationState<unknown>);
  };
  const started = Promise.all(collections.map((name) => startOne(name))).then(() => undefined);
  return {
    states,
    started,
    errors,
    loaded: () => [...loadedBy.values()].reduce((a, b) => a + b, 0),
    async reseal() {
      const results: ResealResult[] = [];
      for (const name of collections) {
        if (stopped) break;
        const paths = sealedPaths(name);
        results.push(
          await resealCollection({
            url: `${options.serverUrl}${serverDbName(options.prefix, name)}/`,
            fetch: options.fetch,
            database: db.collections[name].database,
            collection: name,
            primaryPath: db.collections[name].schema.primaryPath as string,
            sealer: options.sealer,
            paths: (doc) => sealPathsFor(name, doc),
            open: (doc) => open(name, paths, doc),
            stopped: () => stopped,
          }),
        );
      }
      return results;
    },
    async awaitInSync() {
      await started;
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
    },
    async stop() {
      stopped = true;
      await started.catch(() => undefined);
      await Promise.all([...states.values()].map((s) => s.cancel()));
    },
  };
}
