/**
 * Owns the practice-wide view of the audit trails (issue 12: the audit trail stays one hash chain
 * per desk, replicated, so the administrator's screen shows and verifies every desk's chain).
 *
 * Publishing: every few seconds a member desk copies the records its own trail appended since
 * the last round to the server's coordination database, one document per record,
 * `audit-<device>-<seq, 12 digits>`, holding `desk`, `seq`, `prev` and `sealed`:
 *   - `sealed` is the record, AES-256-GCM under the practice's audit-share key (HKDF of the
 *     practice secret, which only enrolled desks hold), bound to desk, seq and prev; its IV is
 *     derived from the key and the document id (a record never changes, so sealing it again
 *     after a crash gives the same bytes and the write is idempotent);
 *   - `prev` is the SHA-256 of the previous shared record's document, so the shared copy is a
 *     hash chain of its own from the desk's genesis;
 *   - `audithead-<device>`, sealed likewise, names the last record published and its hash, so
 *     records removed from the end are noticed too.
 * Verifying: any administrator's desk walks every desk's shared chain in order and reports, per
 * desk, how many records verified and the first one missing, out of order, changed or not
 * opening. The records themselves come back opened for the audit screen (newest first, by filter).
 * The local trail (audit-trail.ts, the desk's own keys) stays the authority for its own desk.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import type { DeskService } from '../desks/desk-service';
import type { EncryptedFileStore } from '../store/encrypted-file-store';
import { AuditRecordSchema, type AuditRecord } from './audit-record';
import type { AuditTrail } from './audit-trail';
import { periodicRound } from '../desks/periodic-round';

const FORMAT = 1;
const BATCH = 200;
export const AUDIT_SHARE_MS = 10_000;
const RECORD_PREFIX = 'audit-';
const HEAD_PREFIX = 'audithead-';

export interface AuditShareState {
  /** The practice server and prefix published to: another one starts from the beginning. */
  readonly target: string;
  readonly publishedSeq: number;
  readonly lastHash: string;
  /** Where the trail's next unpublished line starts (a hint). */
  readonly offset: number;
}

export const auditShareStateSchema = z.object({ target: z.string().max(400), publishedSeq: z.number().int().nonnegative(), lastHash: z.string().max(64), offset: z.number().int().nonnegative() }).strict();

export interface DeskChainReport {
  readonly desk: string;
  readonly records: number;
  readonly lastSeq: number;
  readonly ok: boolean;
  /** The first problem, in words without PHI; null when the chain verifies. */
  readonly problem: string | null;
}

export interface AuditShare {
  /** Publishes what this desk's trail appended since the last round. */
  round(): Promise<{ ran: boolean; published: number }>;
  /** Every desk's shared chain, verified; with the records that opened, for the audit screen. */
  verifyAll(): Promise<{ desks: DeskChainReport[]; records: AuditRecord[] }>;
  start(): void;
  stop(): Promise<void>;
}

export interface AuditShareOptions {
  readonly trail: Pick<AuditTrail, 'recordsAfter' | 'lastSeq'>;
  readonly desk: Pick<DeskService, 'status' | 'listControl' | 'readControl' | 'writeControl' | 'addControlDocs'>;
  readonly state: EncryptedFileStore<AuditShareState>;
  /** The practice's audit-share key of a key epoch (vault; default the current one; throws for an epoch not held); called per round. */
  readonly key: (epoch?: number) => Uint8Array;
  /** The current key epoch (records are sealed under it; older records keep theirs). Absent: 1. */
  readonly epoch?: () => number;
  readonly device: string;
  readonly intervalMs?: number;
}

export const genesisFor = (desk: string) => createHash('sha256').update(`carerelay-audit-share/v${FORMAT} genesis|${desk}`).digest('hex');
export const recordDocId = (desk: string, seq: number) => `${RECORD_PREFIX}${desk}-${String(seq).padStart(12, '0')}`;
const headDocId = (desk: string) => `${HEAD_PREFIX}${desk}`;
/** Epoch 1 keeps the binding it always had; later epochs add theirs, so a record cannot be passed off as another epoch's. */
const aad = (id: string, desk: string, seq: number, prev: string, epoch: number) =>
  Buffer.from(`carerelay/audit-share|${FORMAT}|${id}|${desk}|${seq}|${prev}${epoch > 1 ? `|e${epoch}` : ''}`, 'utf8');
/** A key for each epoch: one key (epoch 1 only), or a look-up answering null for an epoch this desk does not hold. */
export type EpochKeys = Uint8Array | ((epoch: number) => Uint8Array | null);
const keyOf = (keys: EpochKeys, epoch: number): Uint8Array | null => {
  if (typeof keys !== 'function') return epoch === 1 ? keys : null;
  try {
    return keys(epoch);
  } catch {
    return null;
  }
};
const epochOf = (doc: Record<string, unknown>): number => (doc.e === undefined ? 1 : typeof doc.e === 'number' && Number.isInteger(doc.e) && doc.e >= 2 ? doc.e : -1);
const ivFor = (key: Uint8Array, id: string) => createHmac('sha256', key).update(`iv|${id}`).digest().subarray(0, 12);
/** The chain hash of one shared document: what the next one's `prev` names. */
export const docHash = (d: { _id: string; desk: string; seq: number; prev: string; sealed: string }) => createHash('sha256').update(`${d._id}|${d.desk}|${d.seq}|${d.prev}|${d.sealed}`).digest('hex');

function seal(key: Uint8Array, id: string, desk: string, seq: number, prev: string, value: unknown, epoch = 1): string {
  const iv = ivFor(key, id);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(id, desk, seq, prev, epoch));
  return Buffer.concat([iv, cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
}

function open(key: Uint8Array | null, id: string, desk: string, seq: number, prev: string, sealed: string, epoch = 1): unknown {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 28 || !key) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(aad(id, desk, seq, prev, epoch));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8'));
  } catch {
    return null;
  }
}

/** One record as its shared document. */
export function shareDoc(key: Uint8Array, desk: string, record: AuditRecord, prev: string, epoch = 1) {
  const _id = recordDocId(desk, record.seq);
  const doc = { _id, type: 'audit', v: FORMAT, desk, seq: record.seq, prev, ...(epoch > 1 ? { e: epoch } : {}), sealed: seal(key, _id, desk, record.seq, prev, record, epoch) };
  return { doc, hash: docHash(doc) };
}

const headSchema = z.object({ lastSeq: z.number().int().nonnegative(), lastHash: z.string().length(64) }).strict();

/** Verifies one desk's shared chain from its documents in id (= seq) order. */
export function verifyDeskChain(keys: EpochKeys, desk: string, docs: readonly Record<string, unknown>[], head: { lastSeq: number; lastHash: string } | null): { report: DeskChainReport; records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  let prev = genesisFor(desk);
  let expected = 1;
  const fail = (problem: string) => ({ report: { desk, records: records.length, lastSeq: expected - 1, ok: false, problem }, records });
  for (const d of docs) {
    const seq = d.seq;
    if (typeof seq !== 'number' || typeof d.sealed !== 'string' || typeof d.prev !== 'string' || d.desk !== desk || d._id !== recordDocId(desk, seq)) return fail(`Record ${expected} is not a record of this desk’s chain.`);
    if (seq !== expected) return fail(seq > expected ? `Record ${expected} is missing.` : `Record ${seq} is out of order.`);
    if (d.prev !== prev) return fail(`Record ${seq} does not follow record ${seq - 1}: one of them was changed or removed.`);
    const epoch = epochOf(d);
    const parsed = AuditRecordSchema.safeParse(open(keyOf(keys, epoch), d._id, desk, seq, prev, d.sealed, epoch));
    if (!parsed.success || parsed.data.seq !== seq || parsed.data.device !== desk) return fail(`Record ${seq} was changed on the server (it does not open as sealed).`);
    records.push(parsed.data);
    prev = docHash(d as never);
    expected += 1;
  }
  if (head && head.lastSeq > expected - 1) return fail(`Records ${expected} to ${head.lastSeq} were removed from the end.`);
  if (head && head.lastSeq > 0 && head.lastSeq <= expected - 1) {
    const at = docs[head.lastSeq - 1];
    if (!at || docHash(at as never) !== head.lastHash) return fail(`Record ${head.lastSeq} does not match the desk’s last published record.`);
  }
  return { report: { desk, records: records.length, lastSeq: expected - 1, ok: true, problem: null }, records };
}

export function createAuditShare(options: AuditShareOptions): AuditShare {
  let running: Promise<{ ran: boolean; published: number }> | null = null;

  async function once(): Promise<{ ran: boolean; published: number }> {
    const status = await options.desk.status().catch(() => null);
    if (!status?.configured || !status.member) return { ran: false, published: 0 };
    const target = `${status.server ?? ''}|${status.prefix ?? ''}`;
    let state = (await options.state.read())?.data ?? null;
    if (!state || state.target !== target) state = { target, publishedSeq: 0, lastHash: genesisFor(options.device), offset: 0 };
    if (options.trail.lastSeq() <= state.publishedSeq) return { ran: true, published: 0 };
    const epoch = options.epoch?.() ?? 1;
    const key = options.key(epoch);
    let published = 0;
    for (;;) {
      const { records, next } = await options.trail.recordsAfter(state.publishedSeq, BATCH, state.offset);
      if (records.length === 0) break;
      let prev: string = state.lastHash;
      const docs = records.map((r) => {
        const shared = shareDoc(key, options.device, r, prev, epoch);
        prev = shared.hash;
        return shared.doc;
      });
      const answers = await options.desk.addControlDocs(docs);
      if (answers.length !== docs.length || answers.some((a) => !a.written)) throw new Error('AUDIT_SHARE_REFUSED');
      state = { target, publishedSeq: records.at(-1)!.seq, lastHash: prev, offset: next };
      const head = await options.desk.readControl(headDocId(options.device)).catch(() => null);
      const headValue = { lastSeq: state.publishedSeq, lastHash: state.lastHash };
      await options.desk.writeControl(headDocId(options.device), { type: 'audit-head', v: FORMAT, desk: options.device, ...(epoch > 1 ? { e: epoch } : {}), sealed: seal(key, headDocId(options.device), options.device, state.publishedSeq, state.lastHash, headValue, epoch), seq: state.publishedSeq, prev: state.lastHash }, head?.rev ?? null);
      await options.state.write(state);
      published += records.length;
    }
    return { ran: true, published };
  }

  const round = () => {
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  };

  async function listAll(prefix: string): Promise<{ id: string; doc: Record<string, unknown> }[]> {
    const out: { id: string; doc: Record<string, unknown> }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await options.desk.listControl(prefix, { limit: 2_000, ...(after !== undefined ? { after } : {}) });
      out.push(...page);
      if (page.length < 2_000) return out;
      after = page.at(-1)!.id;
    }
  }

  async function verifyAll(): Promise<{ desks: DeskChainReport[]; records: AuditRecord[] }> {
    await round().catch(() => undefined);
    const keys = (epoch: number) => options.key(epoch);
    const heads = await listAll(HEAD_PREFIX);
    const desks: DeskChainReport[] = [];
    const records: AuditRecord[] = [];
    for (const { id, doc } of heads) {
      const desk = id.slice(HEAD_PREFIX.length);
      const seq = typeof doc.seq === 'number' ? doc.seq : -1;
      const prev = typeof doc.prev === 'string' ? doc.prev : '';
      const epoch = epochOf(doc);
      const head = headSchema.safeParse(typeof doc.sealed === 'string' ? open(keyOf(keys, epoch), id, desk, seq, prev, doc.sealed, epoch) : null);
      if (!head.success) {
        const problem = epoch > 1 && !keyOf(keys, epoch) ? `That desk’s records are sealed under key epoch ${epoch}, which this desk has not received yet.` : 'The desk’s last-record marker was changed on the server (it does not open as sealed).';
        desks.push({ desk, records: 0, lastSeq: 0, ok: false, problem });
        continue;
      }
      const docs = (await listAll(`${RECORD_PREFIX}${desk}-`)).map((r) => r.doc);
      const checked = verifyDeskChain(keys, desk, docs, head.data);
      desks.push(checked.report);
      records.push(...checked.records);
    }
    return { desks, records };
  }

  return {
    round,
    verifyAll,
    ...periodicRound(round, options.intervalMs ?? AUDIT_SHARE_MS, () => running),
  };
}
