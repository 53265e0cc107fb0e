/**
 * The practice database benchmark page (npm run bench:db drives it in Chromium). Test-only: built
 * into dist/testing/, never shipped. Measures, on one page and one run:
 *  - bulk insert throughput of our PHI storage vs RxDB's crypto-js plugin vs no encryption
 *    (same documents, same collection, fresh databases, alternating order);
 *  - with 20,000 patients / 20,000 conversations / 200,000 messages: the queue's first page,
 *    a thread's latest 100, a phone look-up, a name prefix search, and opening after unlock
 *    until the queue's first page is ready.
 */
import { createRxDatabase, type RxJsonSchema } from 'rxdb/plugins/core';
import { DEXIE_DOCS_TABLE_NAME, fromStorageToDexie, getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { wrappedPhiEncryptionStorage } from '../storage/phi-encryption-storage';
import type { MessageDoc, PatientDoc } from '../schema';
import { messageSchema } from '../schema/messages';
import { queuePage } from '../repositories/conversations';
import { latestMessages } from '../repositories/messages';
import { findPatientsByPhone } from '../repositories/patients';
import { startPatientNameSearch } from '../search/patient-name-search';
import { receivePracticeKeys, type PracticeKeys } from '../session/key-handover';
import { standInKeyRelease } from './stand-in-key-release';
import { syntheticConversation, syntheticMessage, syntheticPatient, syntheticPhone } from './synthetic-data';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

let dbCounter = 0;
const uniqueName = (kind: string) => `bench-${kind}-${Date.now().toString(36)}-${++dbCounter}`;

/**
 * What the insert comparison writes. 'messages' is the real collection (schema, indexes, one
 * encrypted field). 'minimal' is the shape the planning figures describe: an id, one
 * encrypted field and a time, with no indexes but RxDB's own.
 */
export type InsertShape = 'messages' | 'minimal';
type BenchDoc = { id: string } & Record<string, unknown>;

interface MinimalDoc {
  id: string;
  body: string;
  updatedAt: number;
}
const minimalSchema: RxJsonSchema<MinimalDoc> = {
  title: 'minimal',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 }, body: { type: 'string' }, updatedAt: { type: 'number' } },
  required: ['id', 'body', 'updatedAt'],
  encrypted: ['body'],
};

function insertDocs(shape: InsertShape, n: number): BenchDoc[] {
  const base = Date.UTC(2025, 0, 1);
  const messages = Array.from({ length: n }, (_, i) => syntheticMessage(`c-${String(i % 500).padStart(6, '0')}`, i, base + i * 1000));
  if (shape === 'messages') return messages as unknown as BenchDoc[];
  return messages.map((m) => ({ id: m.id, body: m.body, updatedAt: m.updatedAt }));
}

function schemaOf(shape: InsertShape, encrypted: boolean): RxJsonSchema<BenchDoc> {
  const schema = { ...(shape === 'messages' ? messageSchema : minimalSchema) } as unknown as RxJsonSchema<BenchDoc>;
  if (!encrypted) delete schema.encrypted;
  return schema;
}

type Kind = 'ours' | 'cryptojs' | 'plain' | 'floor';

/**
 * The floor under any wrapper of the Dexie storage: the same documents, already in the stored
 * form, written by raw IndexedDB `add` calls in one transaction into the same object store with
 * the same indexes (a plain RxDB collection's), with no RxDB and no encryption on the way.
 */
async function timedFloor(docs: BenchDoc[], name: string, plainSchema: RxJsonSchema<BenchDoc>): Promise<number> {
  const db = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false, eventReduce: false });
  const cols = await db.addCollections({ docs: { schema: plainSchema } });
  await cols.docs!.count().exec();
  const inner = (cols.docs as unknown as { internalStorageInstance: { internals: Promise<{ dexieDb: { backendDB(): IDBDatabase }; booleanIndexes: string[] }> } }).internalStorageInstance;
  const state = await inner.internals;
  const lwt = Date.now();
  const stored = docs.map((d) => fromStorageToDexie(state.booleanIndexes, { ...d, _deleted: false, _attachments: {}, _rev: '1-floor', _meta: { lwt } }));
  const idb = state.dexieDb.backendDB();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const tx = idb.transaction(DEXIE_DOCS_TABLE_NAME, 'readwrite');
    const store = tx.objectStore(DEXIE_DOCS_TABLE_NAME);
    for (const doc of stored) store.add(doc);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const ms = performance.now() - t0;
  await db.remove();
  return ms;
}

async function timedInsert(kind: Kind, shape: InsertShape, docs: BenchDoc[], keys: PracticeKeys): Promise<number> {
  const name = uniqueName(kind);
  if (kind === 'floor') return timedFloor(docs, name, schemaOf(shape, false));
  let close: () => Promise<unknown>;
  let insert: (d: BenchDoc[]) => Promise<{ error: unknown[] }>;
  if (kind === 'ours' && shape === 'messages') {
    // The practice database itself, as the app opens it.
    const db = await openPracticeDb({ name, getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, collections: ['messages'] });
    await db.collections.messages.count().exec();
    close = () => db.rx.remove();
    insert = (d) => db.collections.messages.bulkInsert(d as unknown as MessageDoc[]);
  } else {
    const dexie = getRxStorageDexie();
    const storage =
      kind === 'plain' ? dexie : kind === 'ours' ? wrappedPhiEncryptionStorage({ storage: dexie, getKey: () => keys.dbKey }) : wrappedKeyEncryptionCryptoJsStorage({ storage: dexie });
    const db = await createRxDatabase({ name, storage, multiInstance: false, eventReduce: true, ...(kind === 'cryptojs' ? { password: 'bench-password-synthetic-only' } : {}) });
    const cols = await db.addCollections({ docs: { schema: schemaOf(shape, kind !== 'plain') } });
    // The IndexedDB database is created lazily: make sure it is open before the clock starts.
    await cols.docs!.count().exec();
    close = () => db.remove();
    insert = (d) => cols.docs!.bulkInsert(d) as Promise<{ error: unknown[] }>;
  }
  // Same shape of work for all three: a fresh copy of the documents, one bulk insert.
  const copy = docs.map((d) => ({ ...d }));
  const t0 = performance.now();
  const result = await insert(copy);
  const ms = performance.now() - t0;
  if (result.error.length) throw new Error(`${kind}: ${result.error.length} insert errors`);
  await close();
  return ms;
}

export async function insertComparison(n: number, rounds: number, shape: InsertShape = 'messages') {
  const keys = await receivePracticeKeys(standInKeyRelease());
  const docs = insertDocs(shape, n);
  // Warm-up (JIT, IndexedDB) not counted.
  for (const kind of ['plain', 'cryptojs', 'ours', 'floor'] as Kind[]) await timedInsert(kind, shape, docs.slice(0, 500), keys);
  const times: Record<Kind, number[]> = { ours: [], cryptojs: [], plain: [], floor: [] };
  const orders: Kind[][] = [['ours', 'cryptojs', 'plain', 'floor'], ['plain', 'floor', 'ours', 'cryptojs'], ['cryptojs', 'plain', 'floor', 'ours'], ['floor', 'ours', 'cryptojs', 'plain']];
  for (let r = 0; r < rounds; r++) {
    for (const kind of orders[r % orders.length]!) times[kind].push(await timedInsert(kind, shape, docs, keys));
  }
  const m = { ours: median(times.ours), cryptojs: median(times.cryptojs), plain: median(times.plain), floor: median(times.floor) };
  const all = (k: Kind) => times[k].map((t) => round(t));
  return {
    shape,
    documents: n,
    rounds,
    medianMs: { ours: round(m.ours), cryptojs: round(m.cryptojs), plain: round(m.plain), floor: round(m.floor) },
    allMs: { ours: all('ours'), cryptojs: all('cryptojs'), plain: all('plain'), floor: all('floor') },
    insert_ratio_vs_cryptojs: round(m.cryptojs / m.ours),
    insert_ratio_vs_plain: round(m.plain / m.ours),
    /** The most any wrapper of the Dexie storage could reach against crypto-js here. */
    insert_ratio_ceiling_vs_cryptojs: round(m.cryptojs / m.floor),
    indexeddb_floor_ms: round(m.floor),
  };
}

/** One timed insert of one kind, for profiling a single path (not part of the printed figures). */
export async function singleInsert(kind: Kind, shape: InsertShape, n: number): Promise<number> {
  return timedInsert(kind, shape, insertDocs(shape, n), await receivePracticeKeys(standInKeyRelease()));
}

// ---- the dataset ---------------------------------------------------------------------------

const DATASET_DB = 'bench-dataset';
let release: (() => Promise<PracticeKeys>) | null = null;
let datasetKeys: PracticeKeys | null = null;

async function openDataset(keys: PracticeKeys): Promise<PracticeDb> {
  return openPracticeDb({ name: DATASET_DB, getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId });
}

export interface DatasetSizes {
  patients: number;
  conversations: number;
  messages: number;
  /** Conversations that get long threads (the rest share what is left). */
  longThreads: number;
  longThreadLength: number;
}

export async function buildDataset(sizes: DatasetSizes) {
  const standIn = standInKeyRelease();
  release = () => receivePracticeKeys(standIn);
  datasetKeys = await release();
  const db = await openDataset(datasetKeys);
  const written = await writeDataset(db, sizes);
  await db.close();
  return written;
}

/** Writes the benchmark dataset into an open practice database (the bench's or the app's own). */
export async function writeDataset(db: PracticeDb, sizes: DatasetSizes, now = Date.UTC(2026, 5, 1)) {
  const t0 = performance.now();
  const phoneHashes: string[] = new Array(sizes.patients);
  const BATCH = 5_000;
  for (let start = 0; start < sizes.patients; start += BATCH) {
    const docs: PatientDoc[] = [];
    for (let i = start; i < Math.min(sizes.patients, start + BATCH); i++) {
      const phone = syntheticPhone(i);
      const phoneHash = await db.blind.phone(phone);
      phoneHashes[i] = phoneHash;
      docs.push(syntheticPatient(i, phone, phoneHash, now));
    }
    await db.collections.patients.bulkInsert(docs);
  }
  const tPatients = performance.now();
  for (let start = 0; start < sizes.conversations; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(sizes.conversations, start + BATCH); i++) {
      const p = i % sizes.patients;
      docs.push(syntheticConversation(i, `p-${String(p).padStart(6, '0')}`, phoneHashes[p]!, now - i * 37_000, 'Synthetic preview text', syntheticPhone(p)));
    }
    await db.collections.conversations.bulkInsert(docs);
  }
  const tConversations = performance.now();
  const longTotal = sizes.longThreads * sizes.longThreadLength;
  const shortConversations = sizes.conversations - sizes.longThreads;
  const rest = sizes.messages - longTotal;
  let batch: MessageDoc[] = [];
  let written = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.collections.messages.bulkInsert(batch);
    written += batch.length;
    batch = [];
  };
  for (let c = 0; c < sizes.longThreads; c++) {
    const id = `c-${String(c).padStart(6, '0')}`;
    for (let n = 0; n < sizes.longThreadLength; n++) {
      batch.push(syntheticMessage(id, n, now - c * 37_000 - (sizes.longThreadLength - n) * 60_000));
      if (batch.length >= 10_000) await flush();
    }
  }
  for (let k = 0; k < rest; k++) {
    const c = sizes.longThreads + (k % shortConversations);
    const n = Math.floor(k / shortConversations);
    const id = `c-${String(c).padStart(6, '0')}`;
    batch.push(syntheticMessage(id, n, now - c * 37_000 - (100 - n) * 60_000));
    if (batch.length >= 10_000) await flush();
  }
  await flush();
  const tMessages = performance.now();
  return {
    patients: sizes.patients,
    conversations: sizes.conversations,
    messages: written,
    seconds: { patients: round((tPatients - t0) / 1000), conversations: round((tConversations - tPatients) / 1000), messages: round((tMessages - tConversations) / 1000) },
  };
}

/** Unlock -> key hand-over -> open -> queue's first page, from a closed database. */
export async function measureOpen(runs: number) {
  if (!release) throw new Error('build the dataset first');
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const keys = await release();
    const db = await openDataset(keys);
    const page = await queuePage(db);
    times.push(performance.now() - t0);
    if (page.length !== 50) throw new Error(`queue page had ${page.length} rows`);
    await db.close();
  }
  return { open_after_unlock_ms: round(median(times)), allMs: times.map((t) => round(t)) };
}

export async function measureQueries(sizes: DatasetSizes, runs: number) {
  if (!release) throw new Error('build the dataset first');
  const keys = await release();
  const db = await openDataset(keys);
  const out: Record<string, number> = {};
  try {
    // Queue: each run is a distinct query (so RxDB's query cache cannot answer), same first page.
    const queue: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const rows = await queuePage(db, { after: -1 - r });
      queue.push(performance.now() - t0);
      if (rows.length !== 50 || rows[0]!.lastMessagePreview !== 'Synthetic preview text') throw new Error('bad queue page');
    }
    out.queue_first_page_ms = round(median(queue));
    const thread: number[] = [];
    for (let r = 0; r < runs; r++) {
      const id = `c-${String(r % sizes.longThreads).padStart(6, '0')}`;
      const t0 = performance.now();
      const rows = await latestMessages(db, id, 100);
      thread.push(performance.now() - t0);
      if (rows.length !== 100 || rows[99]!.sentAt < rows[0]!.sentAt) throw new Error('bad thread');
    }
    out.thread_100_ms = round(median(thread));
    const phone: number[] = [];
    for (let r = 0; r < runs; r++) {
      const i = (r * 7919) % sizes.patients;
      const human = syntheticPhone(i).replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
      const t0 = performance.now();
      const rows = await findPatientsByPhone(db, human);
      phone.push(performance.now() - t0);
      if (rows.length !== 1 || rows[0]!.phone !== syntheticPhone(i)) throw new Error('bad phone look-up');
    }
    out.phone_lookup_ms = round(median(phone));
    const t0 = performance.now();
    const names = startPatientNameSearch(db);
    await names.ready;
    out.name_index_build_ms = round(performance.now() - t0);
    const prefixes = ['tes', 'fakeo', 'mock', 'sampla', 'dum', 'synthiab', 'demoford1', 'testa mcs', 'ex', 'q'];
    const search: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t1 = performance.now();
      const rows = names.index.search(prefixes[r % prefixes.length]!, 50);
      search.push(performance.now() - t1);
      if (rows.length === 0) throw new Error(`no name matches for a prefix`);
    }
    out.name_search_ms = round(median(search), 3);
    names.stop();
  } finally {
    await db.close();
  }
  return out;
}

declare global {
  interface Window {
    carerelayBench?: { insertComparison: typeof insertComparison; singleInsert: typeof singleInsert; buildDataset: typeof buildDataset; measureOpen: typeof measureOpen; measureQueries: typeof measureQueries };
  }
}
window.carerelayBench = { insertComparison, singleInsert, buildDataset, measureOpen, measureQueries };

