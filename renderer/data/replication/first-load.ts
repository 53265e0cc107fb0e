/**
 * Owns a new desk's first load of one collection from the practice server (issue 12: a new desk
 * ready with 200,000 messages in under two minutes). RxDB's replication pulls a document at a
 * time through its protocol: it reads the local copy and its bookkeeping copy, compares them,
 * and writes both (each sealed at rest) — right for a desk that has records, wasteful for one
 * that has none. A collection with nothing local is instead filled straight from the server's
 * changes feed in large pages: each page opened (wire-seal, concurrently), written in one bulk
 * write, the next page fetched meanwhile. The live replication then starts from where the load
 * ended, in both directions:
 *  - downstream from the feed's last sequence;
 *  - upstream from the last local change the load wrote, so what it wrote is not sent back.
 *
 * Written exactly as RxDB's downstream writes a new document from the server (revision 1 under
 * the replication's identifier hash, `_meta.o` naming it), so a later change from the server
 * replaces it as usual, and a later edit here is pushed: the server's copy is then a conflict
 * that the collection's conflict handler merges (one extra round trip on a record's first edit).
 * A local write made while the load runs (a receptionist at work, main filing a text) keeps the
 * upstream checkpoint before it, so it is pushed.
 *
 * Resumable: progress (the feed's sequence) is kept in a local document after every page; a
 * desk closed mid-load carries on from there. A version that does not open is refused as the
 * replication refuses it (a deleted placeholder, the refusal counted by code).
 */
import type { RxCollection, RxStorageInstance } from 'rxdb/plugins/core';
import { now } from 'rxdb/plugins/utils';
import type { Subscription } from 'rxjs';

/** Context of the load's writes (its change events are told from anyone else's by it). */
export const FIRST_LOAD_CONTEXT = 'carerelay-first-load';
/**
 * A local write is given its time before it reaches storage; one given its time this long before
 * the load's last page, but stored after the load ended, is still found (see `lastLocalWrite`).
 */
const IN_FLIGHT_MS = 10_000;
/** How often the load's progress is saved (a desk closed mid-load redoes at most this much). */
const PROGRESS_EVERY_MS = 3_000;

export interface FirstLoadCheckpoints {
  readonly downstream: { sequence: string | number };
  /** RxDB's storage checkpoint ({ id, lwt }); absent: upstream starts from the beginning. */
  readonly upstream?: StorageCheckpoint;
}

export interface FirstLoadOptions {
  /** The collection's database on the server, ending in '/'. */
  readonly url: string;
  readonly fetch: typeof fetch;
  /** The live replication's identifier (its hash marks documents that came from the server). */
  readonly replicationIdentifier: string;
  readonly pageSize: number;
  /** The document as the desk keeps it (wire-seal); throws for a version that does not open. */
  readonly open: (doc: Record<string, unknown>) => Promise<Record<string, unknown>>;
  readonly onRefused?: (error: unknown) => void;
  /** Documents loaded so far (this collection). */
  readonly onProgress?: (documents: number) => void;
  /** Stops the load between pages (the desk locked). */
  readonly stopped?: () => boolean;
}

interface StorageCheckpoint {
  readonly id: string;
  readonly lwt: number;
}

interface Progress {
  readonly since: string | number;
  readonly upstream?: StorageCheckpoint;
  /** The upstream checkpoint may no longer move forward (a local write came in, or the load resumed). */
  readonly frozen: boolean;
  readonly done: boolean;
  readonly documents: number;
}

interface ChangesPage {
  readonly results: readonly { readonly doc?: Record<string, unknown> }[];
  readonly last_seq: string | number;
}

type Doc = Record<string, unknown>;
type Collection = RxCollection<Doc>;

export class FirstLoadStopped extends Error {
  override readonly name = 'FirstLoadStopped';
}

async function fetchPage(options: FirstLoadOptions, since: string | number): Promise<ChangesPage> {
  const query = new URLSearchParams({ style: 'all_docs', feed: 'normal', include_docs: 'true', since: String(since), limit: String(options.pageSize), seq_interval: String(options.pageSize) });
  const response = await options.fetch(`${options.url}_changes?${query.toString()}`);
  if (!response.ok) throw new Error(`FIRST_LOAD_HTTP_${response.status}`);
  const page = (await response.json()) as Partial<ChangesPage>;
  if (!Array.isArray(page.results) || (typeof page.last_seq !== 'string' && typeof page.last_seq !== 'number')) throw new Error('FIRST_LOAD_BAD_ANSWER');
  return page as ChangesPage;
}

/** The server's document as RxDB keeps it: `_id` as the primary key, no CouchDB revision, deletion a boolean. */
function fromServer(primaryPath: string, doc: Doc): Doc {
  const { _id, _rev: _couchRev, ...rest } = doc;
  return { ...rest, [primaryPath]: rest[primaryPath] ?? _id, _deleted: doc._deleted === true };
}

const before = (a: StorageCheckpoint, b: StorageCheckpoint) => a.lwt < b.lwt || (a.lwt === b.lwt && a.id < b.id);
const height = (rev: unknown) => Number.parseInt(String(rev ?? '0').split('-')[0] ?? '0', 10);

/**
 * Fills an empty collection from the server, or finishes a load that was cut short. Returns the
 * checkpoints the live replication starts from, or null when the collection already had records
 * of its own (the live replication then does everything, as before).
 */
export async function firstLoad(collection: Collection, options: FirstLoadOptions): Promise<FirstLoadCheckpoints | null> {
  const database = collection.database;
  const hash = await database.hashFunction(`rxdbreplication${options.replicationIdentifier}`);
  const progressId = `first-load-${collection.name}-${hash.slice(0, 12)}`;
  let progress = ((await database.getLocal<Progress>(progressId))?.toJSON().data as Progress | undefined) ?? null;
  if (progress?.done) return { downstream: { sequence: progress.since }, ...(progress.upstream ? { upstream: progress.upstream } : {}) };
  if (!progress) {
    if ((await collection.count().exec()) > 0) return null;
    progress = { since: 0, frozen: false, done: false, documents: 0 };
  } else {
    // Resumed: local writes since the desk last ran cannot be told from the load's; keep them pushable.
    progress = { ...progress, frozen: true };
  }
  // The storage under RxDB's wrapper: the wrapper would replace `_meta` (and with it the mark
  // that says a record came from the server) on insert.
  const storage = collection.internalStorageInstance as RxStorageInstance<Doc, unknown, unknown>;
  const primaryPath = collection.schema.primaryPath as string;
  const isLoaded = (doc: Doc) => {
    const o = (doc._meta as { o?: { hash?: string; _rev?: number } } | undefined)?.o;
    return o?.hash === hash && o._rev === height(doc._rev);
  };
  let upstream = progress.upstream;
  let frozen = progress.frozen;
  /** The earliest time given to someone else's local write during the load. */
  let foreignLwt = Number.POSITIVE_INFINITY;
  const watch: Subscription = storage.changeStream().subscribe((bulk) => {
    if (bulk.context === FIRST_LOAD_CONTEXT) return;
    for (const e of bulk.events) {
      const lwt = (e.documentData?._meta as { lwt?: number } | undefined)?.lwt;
      foreignLwt = Math.min(foreignLwt, typeof lwt === 'number' ? lwt : 0);
    }
  });
  let documents = progress.documents;
  try {
    let since = progress.since;
    let next: Promise<ChangesPage> | null = fetchPage(options, since);
    let savedAt = 0;
    while (next) {
      const page: ChangesPage = await next;
      if (options.stopped?.()) throw new FirstLoadStopped();
      const more = page.results.length >= options.pageSize;
      next = more ? fetchPage(options, page.last_seq) : null;
      next?.catch(() => undefined); // awaited on the next turn; a failure there is reported then
      const opened = await Promise.all(
        page.results
          .filter((r): r is { doc: Doc } => !!r.doc && !String(r.doc._id ?? '').startsWith('_design/'))
          .map(async ({ doc }) => {
            const data = fromServer(primaryPath, doc);
            try {
              return await options.open(data);
            } catch (error) {
              options.onRefused?.(error);
              const { sealed: _sealed, ...plain } = data;
              return { ...plain, _deleted: true };
            }
          }),
      );
      if (opened.length > 0) {
        // As RxDB's downstream writes a record new from the server: revision 1 under the identifier's hash, marked as from the server.
        const lwt = now();
        const meta = { lwt, o: { _rev: 1, hash } };
        const rows = opened.map((data) => ({ document: { ...data, _meta: meta, _rev: `1-${hash}`, _attachments: {} } }));
        const written = await database.lockedRun(() => storage.bulkWrite(rows as never, FIRST_LOAD_CONTEXT));
        // 409: already here (a page written before the desk closed, or a local record): kept as it is.
        const failed = written.error.find((e) => e.status !== 409);
        if (failed) throw new Error(`FIRST_LOAD_WRITE_${failed.status}`);
        if (foreignLwt < lwt) frozen = true;
        const last = opened.reduce((max, d) => (String(d[primaryPath]) > max ? String(d[primaryPath]) : max), '');
        if (!frozen) upstream = { id: last, lwt };
      }
      documents += opened.length;
      since = page.last_seq;
      // Progress is kept every few seconds (each save is a write queued behind the load's own).
      if (Date.now() - savedAt > PROGRESS_EVERY_MS) {
        await database.upsertLocal<Progress>(progressId, { since, frozen, done: false, documents, ...(upstream ? { upstream } : {}) });
        savedAt = Date.now();
      }
      options.onProgress?.(documents);
    }
    upstream = await lastLocalWrite(storage, primaryPath, upstream, isLoaded, Math.min(foreignLwt, upstream?.lwt ?? 0) - IN_FLIGHT_MS);
    await database.upsertLocal<Progress>(progressId, { since, frozen: true, done: true, documents, ...(upstream ? { upstream } : {}) });
    return { downstream: { sequence: since }, ...(upstream ? { upstream } : {}) };
  } finally {
    watch.unsubscribe();
  }
}

/**
 * The upstream checkpoint, moved back before any local record not written by the load among
 * those changed since `from` (a write given its time during the load but stored late).
 */
async function lastLocalWrite(storage: RxStorageInstance<Doc, unknown, unknown>, primaryPath: string, checkpoint: StorageCheckpoint | undefined, isLoaded: (doc: Doc) => boolean, from: number): Promise<StorageCheckpoint | undefined> {
  if (!checkpoint || !storage.getChangedDocumentsSince) return checkpoint;
  let cursor: StorageCheckpoint = { id: '', lwt: Math.max(0, from) };
  for (;;) {
    const { documents, checkpoint: next } = await storage.getChangedDocumentsSince(2_000, cursor);
    for (const doc of documents as Doc[]) {
      const at: StorageCheckpoint = { id: String(doc[primaryPath]), lwt: (doc._meta as { lwt: number }).lwt };
      if (before(checkpoint, at)) return checkpoint;
      if (!isLoaded(doc)) return { id: '', lwt: Math.max(0, at.lwt - 0.001) };
    }
    if (documents.length < 2_000) return checkpoint;
    cursor = next as StorageCheckpoint;
  }
}
