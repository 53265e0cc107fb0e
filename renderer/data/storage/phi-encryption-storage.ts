/**
 * An RxDB storage wrapper that keeps the PHI fields of every document encrypted at rest
 * (AES-256-GCM through WebCrypto, see crypto/phi-cipher.ts). Collections declare their PHI with
 * RxDB's own `encrypted` schema list; RxDB's replication meta instances do the same for the
 * document copies they keep, so those are sealed too.
 *
 * Compared with RxDB's crypto-js plugin (wrapRxStorageInstance + one crypto-js call per field):
 * - one AES-GCM call per document, all documents of a slice sealed concurrently, the next slice
 *   sealed while the inner storage writes the previous one;
 * - `previous` rows are not re-encrypted (the inner storage only compares their `_rev`);
 * - change events of our own writes reuse the plaintext we were given instead of decrypting
 *   what we just encrypted, and keep their order (concatMap, not mergeMap);
 * - ciphertext is a one-byte string, not base64 of crypto-js's OpenSSL format;
 * - index-satisfied queries read with one getAll, not a cursor step per row (dexie-indexed-read.ts).
 *
 * Deleted documents (tombstones) are stored without their PHI fields at all.
 *
 * The key comes from `getKey()` on every call: after lock it answers null and every read or
 * write fails with PhiKeyMissingError; nothing is written in that state. A ciphertext that does
 * not authenticate raises PhiIntegrityError for that record and never overwrites anything.
 */
import { BehaviorSubject, concatMap, filter, firstValueFrom, from, of, tap, type Observable } from 'rxjs';
import type {
  BulkWriteRow,
  EventBulk,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorage,
  RxStorageBulkWriteResponse,
  RxStorageChangeEvent,
  RxStorageCountResult,
  RxStorageInstance,
  RxStorageInstanceCreationParams,
  RxStorageQueryResult,
  RxStorageWriteError,
} from 'rxdb/plugins/core';
import { sealPacks, openPack, type SealInput } from '../crypto/phi-cipher';
import { PhiKeyMissingError } from '../crypto/phi-errors';
import { indexedRead } from './dexie-indexed-read';

/** The inner-storage field that holds a document's sealed PHI. */
export const PHI_FIELD = '_phi';

export interface PhiEncryptionOptions<Internals, InstanceCreationOptions> {
  readonly storage: RxStorage<Internals, InstanceCreationOptions>;
  /** The practice-database key while unlocked, else null. */
  readonly getKey: () => CryptoKey | null;
}

type Doc = RxDocumentData<Record<string, unknown>>;
type AnyInstance = RxStorageInstance<Record<string, unknown>, object, object, unknown>;

export function wrappedPhiEncryptionStorage<Internals, InstanceCreationOptions>(
  options: PhiEncryptionOptions<Internals, InstanceCreationOptions>,
): RxStorage<Internals, InstanceCreationOptions> {
  const inner = options.storage;
  return Object.assign({}, inner, {
    name: `phi-aes-gcm-${inner.name}`,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, InstanceCreationOptions>) {
      const paths = params.schema.encrypted ?? [];
      if (paths.length === 0 && !params.schema.attachments?.encrypted) return inner.createStorageInstance(params);
      if (params.schema.attachments?.encrypted) throw new Error('Encrypted attachments are not supported by the PHI storage.');
      const innerSchema = schemaForInnerStorage(params.schema as RxJsonSchema<RxDocumentData<unknown>>, paths);
      const instance = await inner.createStorageInstance({ ...params, schema: innerSchema as typeof params.schema });
      return new PhiEncryptedInstance(instance as unknown as AnyInstance, params.schema as RxJsonSchema<Doc>, paths, options.getKey) as unknown as RxStorageInstance<RxDocType, Internals, InstanceCreationOptions>;
    },
  });
}

/** The schema the inner storage sees: no `encrypted`, the PHI properties replaced by one string. */
export function schemaForInnerStorage(schema: RxJsonSchema<RxDocumentData<unknown>>, paths: readonly string[]): RxJsonSchema<RxDocumentData<unknown>> {
  const indexed = new Set((schema.indexes ?? []).flatMap((index) => (Array.isArray(index) ? index : [index])));
  for (const path of paths) {
    if (indexed.has(path) || [...indexed].some((i) => i.startsWith(`${path}.`))) {
      throw new Error(`The encrypted field ${path} cannot be indexed: index a blind hash of it instead.`);
    }
  }
  const properties: Record<string, unknown> = { ...(schema.properties as Record<string, unknown>) };
  for (const path of paths) if (!path.includes('.')) delete properties[path];
  properties[PHI_FIELD] = { type: 'string' };
  const required = (schema.required as string[] | undefined)?.filter((name) => !paths.includes(name));
  const copy: RxJsonSchema<RxDocumentData<unknown>> = { ...schema, properties: properties as typeof schema.properties };
  delete copy.encrypted;
  if (required) copy.required = required as typeof copy.required;
  return copy;
}

function getPath(doc: Record<string, unknown>, path: string): unknown {
  if (!path.includes('.')) return doc[path];
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Copies only the objects on the way to `path`, so the caller's document is never mutated. */
function withPath(doc: Record<string, unknown>, path: string, value: unknown, remove: boolean): void {
  const parts = path.split('.');
  let target = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const next = target[part];
    if (typeof next !== 'object' || next === null) {
      if (remove) return;
      target[part] = {};
    } else {
      target[part] = Array.isArray(next) ? [...next] : { ...(next as Record<string, unknown>) };
    }
    target = target[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  if (remove) delete target[last];
  else target[last] = value;
}

const writeKey = (id: string, rev: string) => `${id}\u0000${rev}`;
/** Rows sealed before the first inner write starts, and per later slice. */
const FIRST_SLICE = 500;
const NEXT_SLICE = 2500;

class PhiEncryptedInstance implements RxStorageInstance<Record<string, unknown>, object, object, unknown> {
  readonly databaseName: string;
  readonly internals: object;
  readonly options: object;
  readonly collectionName: string;
  readonly originalStorageInstance: AnyInstance;
  private readonly primaryPath: string;
  /** Plaintext of documents we are writing right now, for their change events. */
  private readonly writing = new Map<string, Doc>();
  private readonly processing$ = new BehaviorSubject(0);
  private changes$: Observable<EventBulk<RxStorageChangeEvent<Doc>, unknown>> | null = null;
  getChangedDocumentsSince?: (limit: number, checkpoint?: unknown) => Promise<{ documents: Doc[]; checkpoint: unknown }>;

  constructor(
    private readonly inner: AnyInstance,
    readonly schema: RxJsonSchema<Doc>,
    private readonly paths: readonly string[],
    private readonly getKey: () => CryptoKey | null,
  ) {
    this.databaseName = inner.databaseName;
    this.internals = inner.internals;
    this.options = inner.options;
    this.collectionName = inner.collectionName;
    this.originalStorageInstance = inner;
    const primary = schema.primaryKey;
    this.primaryPath = typeof primary === 'string' ? primary : (primary as { key: string }).key;
    if (inner.getChangedDocumentsSince) {
      const since = inner.getChangedDocumentsSince.bind(inner);
      this.getChangedDocumentsSince = async (limit, checkpoint) => {
        const result = await since(limit, checkpoint);
        return { checkpoint: result.checkpoint, documents: await this.openDocs(result.documents) };
      };
    }
  }

  private key(): CryptoKey {
    const key = this.getKey();
    if (!key) throw new PhiKeyMissingError(this.collectionName);
    return key;
  }

  /** A copy of `doc` without its PHI fields. */
  private withoutPhi(doc: Doc): Doc {
    const stripped: Doc = { ...doc };
    for (const path of this.paths) withPath(stripped, path, undefined, true);
    return stripped;
  }

  /** Seals each document's PHI into `_phi`; documents without PHI values pass unchanged. */
  private async sealDocs(docs: readonly Doc[]): Promise<Doc[]> {
    const key = this.key();
    const inputs: SealInput[] = [];
    const slots: number[] = [];
    const out: Doc[] = docs.slice();
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      if (doc._deleted) {
        // Tombstones keep no PHI at all: a deleted record's content is gone, not just hidden.
        out[i] = this.withoutPhi(doc);
        continue;
      }
      let values: Record<string, unknown> | null = null;
      for (const path of this.paths) {
        const value = getPath(doc, path);
        if (value === undefined) continue;
        (values ??= {})[path] = value;
      }
      if (!values) continue;
      out[i] = this.withoutPhi(doc);
      inputs.push({ documentId: String(doc[this.primaryPath]), values });
      slots.push(i);
    }
    if (inputs.length > 0) {
      const sealed = await sealPacks(key, this.collectionName, this.paths, inputs);
      for (let j = 0; j < slots.length; j++) (out[slots[j]!] as Record<string, unknown>)[PHI_FIELD] = sealed[j];
    }
    return out;
  }

  private async openDoc(key: CryptoKey, stored: Doc): Promise<Doc> {
    const sealed = stored[PHI_FIELD];
    if (sealed === undefined) return stored;
    const values = await openPack(key, this.collectionName, String(stored[this.primaryPath]), this.paths, sealed);
    const doc: Doc = { ...stored };
    delete (doc as Record<string, unknown>)[PHI_FIELD];
    for (const path of this.paths) {
      if (Object.prototype.hasOwnProperty.call(values, path)) withPath(doc, path, values[path], false);
    }
    return doc;
  }

  private async openDocs(docs: readonly Doc[]): Promise<Doc[]> {
    if (docs.length === 0) return [];
    const needsKey = docs.some((d) => d[PHI_FIELD] !== undefined);
    if (!needsKey) return docs.slice();
    const key = this.key();
    return Promise.all(docs.map((d) => this.openDoc(key, d)));
  }

  private async openMaybe(doc: Doc | undefined): Promise<Doc | undefined> {
    if (!doc) return doc;
    return this.openDoc(this.key(), doc);
  }

  async bulkWrite(rows: BulkWriteRow<Record<string, unknown>>[], context: string): Promise<RxStorageBulkWriteResponse<Record<string, unknown>>> {
    // Large writes go down in slices, sealing slice n+1 while the inner storage writes slice n,
    // so the AES-GCM work hides behind IndexedDB's. RxDB promises no atomicity across the rows
    // of a bulk write (each row succeeds or fails on its own), so slicing changes no semantics.
    const slices: BulkWriteRow<Record<string, unknown>>[][] = [];
    for (let start = 0, size = FIRST_SLICE; start < rows.length; start += size, size = NEXT_SLICE) slices.push(rows.slice(start, start + size));
    const errors: RxStorageWriteError<Record<string, unknown>>[] = [];
    let sealing = slices.length > 0 ? this.sealDocs(slices[0]!.map((row) => row.document as Doc)) : null;
    for (let i = 0; i < slices.length; i++) {
      const sealed = await sealing!;
      const writing = this.writeSlice(slices[i]!, sealed, context);
      sealing = i + 1 < slices.length ? this.sealDocs(slices[i + 1]!.map((row) => row.document as Doc)) : null;
      // Awaited on the next turn; this only keeps a failure there from counting as unhandled meanwhile.
      sealing?.catch(() => undefined);
      errors.push(...(await writing));
    }
    // Change events must all be out before the write resolves.
    if (this.processing$.getValue() > 0) await firstValueFrom(this.processing$.pipe(filter((n) => n === 0)));
    return { error: errors };
  }

  private async writeSlice(rows: BulkWriteRow<Record<string, unknown>>[], sealed: Doc[], context: string): Promise<RxStorageWriteError<Record<string, unknown>>[]> {
    const byId = new Map<string, BulkWriteRow<Record<string, unknown>>>();
    const documents: Doc[] = [];
    const useRows: BulkWriteRow<Record<string, unknown>>[] = rows.map((row, i) => {
      const doc = row.document as Doc;
      documents.push(doc);
      const id = String(doc[this.primaryPath]);
      byId.set(id, row);
      this.writing.set(writeKey(id, doc._rev), doc);
      // `previous` is only compared by _rev and echoed in change events: it is never stored.
      return row.previous ? { previous: row.previous, document: sealed[i]! } : { document: sealed[i]! };
    });
    let result: RxStorageBulkWriteResponse<Record<string, unknown>>;
    try {
      result = await this.inner.bulkWrite(useRows, context);
    } finally {
      for (const doc of documents) this.writing.delete(writeKey(String(doc[this.primaryPath]), doc._rev));
    }
    return Promise.all(
      result.error.map(async (error) => {
        const original = byId.get(error.documentId);
        const mapped = { ...error, writeRow: original ?? error.writeRow } as RxStorageWriteError<Record<string, unknown>>;
        if ('documentInDb' in error && error.documentInDb) {
          (mapped as { documentInDb: Doc }).documentInDb = (await this.openMaybe(error.documentInDb as Doc))!;
        }
        return mapped;
      }),
    );
  }

  async findDocumentsById(ids: string[], withDeleted: boolean): Promise<Doc[]> {
    return this.openDocs(await this.inner.findDocumentsById(ids, withDeleted));
  }

  async query(preparedQuery: PreparedQuery<Record<string, unknown>>): Promise<RxStorageQueryResult<Record<string, unknown>>> {
    const fast = await indexedRead(this.inner.internals, preparedQuery, this.primaryPath).catch(() => null);
    const stored = fast ?? (await this.inner.query(preparedQuery)).documents;
    return { documents: await this.openDocs(stored as Doc[]) };
  }

  count(preparedQuery: PreparedQuery<Record<string, unknown>>): Promise<RxStorageCountResult> {
    return this.inner.count(preparedQuery);
  }

  getAttachmentData(documentId: string, attachmentId: string, digest: string): Promise<Blob> {
    return this.inner.getAttachmentData(documentId, attachmentId, digest);
  }

  changeStream(): Observable<EventBulk<RxStorageChangeEvent<Doc>, unknown>> {
    this.changes$ ??= this.inner.changeStream().pipe(
      tap(() => this.processing$.next(this.processing$.getValue() + 1)),
      concatMap((bulk) => {
        const events = bulk.events as RxStorageChangeEvent<Doc>[];
        const known = events.map((event) => {
          const doc = event.documentData;
          return doc ? this.writing.get(writeKey(String(doc[this.primaryPath]), doc._rev)) : undefined;
        });
        const allKnown = events.every((e, i) => known[i] !== undefined || !e.documentData || e.documentData[PHI_FIELD] === undefined);
        const build = (opened: (Doc | undefined)[], previous: (Doc | undefined)[]): EventBulk<RxStorageChangeEvent<Doc>, unknown> => ({
          ...bulk,
          events: events.map((event, i) => ({ ...event, documentData: opened[i] as Doc, previousDocumentData: previous[i] as Doc })),
        });
        const previousDocs = events.map((e) => e.previousDocumentData as Doc | undefined);
        const previousSealed = previousDocs.some((p) => p && p[PHI_FIELD] !== undefined);
        if (allKnown && !previousSealed) {
          return of(build(events.map((e, i) => known[i] ?? e.documentData), previousDocs));
        }
        // Writes by another tab or instance: decrypt what they stored.
        return from(
          (async () => {
            const opened = await Promise.all(events.map((e, i) => known[i] ?? this.openMaybe(e.documentData)));
            const previous = await Promise.all(previousDocs.map((p) => (p && p[PHI_FIELD] !== undefined ? this.openMaybe(p) : p)));
            return build(opened, previous);
          })(),
        );
      }),
      tap(() => this.processing$.next(this.processing$.getValue() - 1)),
    );
    return this.changes$;
  }

  cleanup(minimumDeletedTime: number): Promise<boolean> {
    return this.inner.cleanup(minimumDeletedTime);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  remove(): Promise<void> {
    return this.inner.remove();
  }
}
