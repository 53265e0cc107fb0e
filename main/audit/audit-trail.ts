/**
 * The append-only audit trail (`audit.log`, one sealed line per record, see `audit-line.ts`).
 * Appends are validated (zod), stamped with seq, UTC time and device, and group-committed:
 * every append promise resolves only after its line is fsync'd. A MAC'd head anchor
 * (`audit.head`, two alternating slots) records the last durable seq, so deleting lines from
 * the end is detected too. `verify()` reports the first broken, missing, reordered or
 * truncated record. Query filters by actor, action, object and date; CSV export; retention
 * purge of records older than six years leaves a MAC'd checkpoint line so the chain still
 * verifies. The trail never rewrites or drops records otherwise.
 */
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fsyncDir, replaceFileAtomically, writeDurably } from '../store/atomic-file';
import { auditRecordsToCsv } from './audit-csv';
import {
  GENESIS_HASH,
  HEAD_SLOT_BYTES,
  lineHash,
  openHead,
  openRecord,
  parseLine,
  sealCheckpoint,
  sealHead,
  sealRecord,
  type AuditKeys,
  type Head,
} from './audit-line';
import { AuditEventSchema, AuditRecordSchema, SYSTEM_ACTOR, type AuditEvent, type AuditRecord } from './audit-record';
import { assertPurgeAllowed } from './audit-retention';
import { readLines } from './line-reader';

export interface AuditTrailOptions {
  dir: string;
  keys: AuditKeys;
  /** This computer's id, stamped on every record. */
  device: string;
  now?: () => Date;
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  objectType?: string;
  /** Object id, e.g. a patient id. */
  objectId?: string;
  outcome?: AuditRecord['outcome'];
  /** Inclusive bounds (UTC instants). */
  from?: Date;
  to?: Date;
  limit?: number;
}

export type VerifyProblem = 'broken' | 'missing' | 'reordered' | 'truncated';

export type VerifyReport =
  | { ok: true; records: number; lastSeq: number }
  | { ok: false; problem: VerifyProblem; seq: number; line: number; message: string; verifiedRecords: number };

export interface AuditTrail {
  readonly path: string;
  append(event: AuditEvent): Promise<AuditRecord>;
  verify(): Promise<VerifyReport>;
  query(filter?: AuditQuery): Promise<AuditRecord[]>;
  /**
   * Up to `limit` records after `seq`, oldest first, and where to start next time: from `hint`
   * (a byte offset this call returned before) when the line there follows `seq`, else from the top.
   */
  recordsAfter(seq: number, limit: number, hint?: number): Promise<{ records: AuditRecord[]; next: number }>;
  /** The last durable record's seq. */
  lastSeq(): number;
  exportCsv(filter?: AuditQuery): Promise<string>;
  /** Removes records older than `cutoff` (which must be at least six years ago); audited. */
  purgeBefore(cutoff: Date, actor: Pick<AuditEvent, 'actorId' | 'actorRole'>): Promise<{ purged: number }>;
  close(): Promise<void>;
}

export class AuditUnavailableError extends Error {
  override readonly name = 'AuditUnavailableError';
}

interface Pending {
  event: AuditEvent;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

const SEQ_PREFIX = /^\{"seq":(\d+),/;

/** Whether a record passes a query's filters (limit aside): for this trail and for other desks' shared records. */
export function matchesAuditQuery(r: AuditRecord, filter: AuditQuery): boolean {
  if (filter.actorId !== undefined && r.actorId !== filter.actorId) return false;
  if (filter.action !== undefined && r.action !== filter.action) return false;
  if (filter.objectType !== undefined && r.objectType !== filter.objectType) return false;
  if (filter.objectId !== undefined && r.objectId !== filter.objectId) return false;
  if (filter.outcome !== undefined && r.outcome !== filter.outcome) return false;
  const t = Date.parse(r.at);
  return !(t < (filter.from?.getTime() ?? Number.NEGATIVE_INFINITY) || t > (filter.to?.getTime() ?? Number.POSITIVE_INFINITY));
}

export async function openAuditTrail(options: AuditTrailOptions): Promise<AuditTrail> {
  const { dir, keys } = options;
  const now = options.now ?? (() => new Date());
  const device = AuditRecordSchema.shape.device.parse(options.device);
  const path = join(dir, 'audit.log');
  const headPath = join(dir, 'audit.head');
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const anchor = await openHeadFile(headPath, keys);
  let headHandle = anchor.handle;
  const tail = await inspectTail(path, keys);
  const diskHead = await readHead(headHandle, keys);
  const repairs: AuditEvent[] = [];
  if ((anchor.created && tail.lastSeq > 0) || (!anchor.created && !diskHead)) {
    // Records exist but their anchor is gone or forged: recorded, never hidden.
    repairs.push({ ...SYSTEM_ACTOR, action: 'audit.integrity', objectType: 'audit-trail', objectId: device, outcome: 'failure', detail: 'HEAD_ANCHOR_MISSING' });
  }

  let log: FileHandle = await open(path, 'a', 0o600);
  let size = (await log.stat()).size;
  if (tail.tornBytes > 0) {
    const tornFrom = size - tail.tornBytes;
    if (!diskHead || diskHead.seq <= tail.lastSeq) {
      // A crash mid-append: that record was never acknowledged. Keep the fragment aside, cut it off, and say so.
      await copyRange(path, tornFrom, size, join(dir, `audit.torn-${Date.now()}-${randomBytes(3).toString('hex')}`));
      await log.truncate(tornFrom);
      await log.sync();
      size = tornFrom;
      repairs.push({ ...SYSTEM_ACTOR, action: 'audit.repair', objectType: 'audit-trail', objectId: device, outcome: 'success', detail: 'TORN_TAIL_REMOVED' });
    } else {
      // The head says that record was durable: this is damage or tampering. Keep the evidence, seal it off, carry on recording.
      await log.write('\n');
      await log.sync();
      size += 1;
      tail.lastHash = lineHash(tail.tornText);
      tail.lastSeq = Math.max(tail.lastSeq, diskHead.seq);
      repairs.push({ ...SYSTEM_ACTOR, action: 'audit.integrity', objectType: 'audit-trail', objectId: device, outcome: 'failure', detail: 'TRUNCATED_TAIL' });
    }
  }
  if (diskHead && diskHead.seq > tail.lastSeq) tail.lastSeq = diskHead.seq; // never reuse a seq that was durable

  let lastSeq = tail.lastSeq;
  let lastHash = tail.lastHash;
  let slot = 0;
  let pending: Pending[] = [];
  let scheduled = false;
  let failed: unknown = null;
  let closed = false;
  let chain: Promise<void> = Promise.resolve();

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    if (failed || closed) {
      for (const p of batch) p.reject(new AuditUnavailableError('The audit trail is closed or failed; CareRelay cannot record this action.'));
      return;
    }
    const records: AuditRecord[] = [];
    const lines: string[] = [];
    let seq = lastSeq;
    let prev = lastHash;
    let at = now().toISOString();
    for (const p of batch) {
      seq += 1;
      const record: AuditRecord = { seq, at, device, ...p.event };
      const line = sealRecord(keys, record, prev);
      prev = lineHash(line);
      records.push(record);
      lines.push(line);
      at = now().toISOString();
    }
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    try {
      await log.write(bytes);
      await log.datasync();
    } catch (err) {
      failed = err;
      for (const p of batch) p.reject(new AuditUnavailableError('The audit trail could not be written; CareRelay cannot record this action.', { cause: err }));
      return;
    }
    lastSeq = seq;
    lastHash = prev;
    size += bytes.length;
    // The head may lag the log (it is only a tail-deletion tripwire), so it is not fsync'd per batch.
    slot ^= 1;
    await headHandle.write(sealHead(keys, { seq, hash: prev }), 0, HEAD_SLOT_BYTES, slot * HEAD_SLOT_BYTES).catch(() => undefined);
    batch.forEach((p, i) => p.resolve(records[i] as AuditRecord));
  }

  function append(event: AuditEvent): Promise<AuditRecord> {
    let valid: AuditEvent;
    try {
      valid = AuditEventSchema.parse(event);
    } catch (err) {
      return Promise.reject(err);
    }
    if (closed) return Promise.reject(new AuditUnavailableError('The audit trail is closed.'));
    return new Promise<AuditRecord>((resolve, reject) => {
      pending.push({ event: valid, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        void enqueue(flush);
      }
    });
  }

  async function* records(limit: number): AsyncGenerator<AuditRecord> {
    for await (const line of readLines(path, limit)) {
      if (!line.complete) continue;
      const parsed = parseLine(keys, line.text);
      if (parsed.kind !== 'record') continue;
      const record = openRecord(keys, parsed.sealed);
      if (record) yield record;
    }
  }

  async function recordsAfter(after: number, limit: number, hint = 0): Promise<{ records: AuditRecord[]; next: number }> {
    const scan = async (start: number) => {
      const out: AuditRecord[] = [];
      let next = start;
      let first = true;
      for await (const line of readLines(path, size, 1 << 20, start)) {
        if (!line.complete) break;
        const seq = Number(SEQ_PREFIX.exec(line.text)?.[1] ?? Number.NaN);
        // A hint that no longer points at the next record (a purge rewrote the file): start over.
        if (first && start > 0 && seq !== after + 1) return null;
        first = false;
        next = line.offset + Buffer.byteLength(line.text, 'utf8') + 1;
        if (!(seq > after)) continue;
        const parsed = parseLine(keys, line.text);
        const record = parsed.kind === 'record' ? openRecord(keys, parsed.sealed) : null;
        if (!record) throw new AuditUnavailableError(`The audit trail's record ${seq} does not verify.`);
        out.push(record);
        if (out.length >= limit) break;
      }
      return { records: out, next };
    };
    await chain;
    return (hint > 0 ? await scan(hint) : null) ?? (await scan(0))!;
  }

  async function query(filter: AuditQuery = {}): Promise<AuditRecord[]> {
    const out: AuditRecord[] = [];
    for await (const r of records(size)) {
      if (!matchesAuditQuery(r, filter)) continue;
      out.push(r);
      if (filter.limit !== undefined && out.length >= filter.limit) break;
    }
    return out;
  }

  async function verify(): Promise<VerifyReport> {
    const head = await readHead(headHandle, keys);
    const limit = size;
    let expected = 1;
    let prev = GENESIS_HASH;
    let lineNo = 0;
    let verified = 0;
    let hashAtHead: string | null = null;
    const fail = (problem: VerifyProblem, seq: number, message: string): VerifyReport => ({
      ok: false,
      problem,
      seq,
      line: lineNo,
      message: `Audit record ${seq} (line ${lineNo}): ${message}`,
      verifiedRecords: verified,
    });
    for await (const line of readLines(path, limit)) {
      lineNo += 1;
      if (!line.complete) return fail('truncated', expected, 'the last line is cut short');
      const parsed = parseLine(keys, line.text);
      if (parsed.kind === 'checkpoint' && lineNo === 1) {
        expected = parsed.checkpoint.firstSeq;
        prev = parsed.checkpoint.prev;
        continue;
      }
      if (parsed.kind !== 'record') return fail('broken', expected, parsed.kind === 'bad' ? `${parsed.reason} (altered or damaged)` : 'unexpected checkpoint');
      const { seq } = parsed.sealed;
      if (seq !== expected) {
        if (seq < expected) return fail('reordered', seq, `appears after record ${expected - 1}`);
        const later = await seqAppearsAfter(path, line.offset, expected, limit);
        return later ? fail('reordered', expected, `appears out of order (found ${seq} in its place)`) : fail('missing', expected, `is missing (next present is ${seq})`);
      }
      if (parsed.sealed.prev !== prev) return fail('broken', seq, 'does not chain to the record before it');
      if (!openRecord(keys, parsed.sealed)) return fail('broken', seq, 'content does not authenticate');
      prev = lineHash(line.text);
      if (head && seq === head.seq) hashAtHead = prev;
      expected += 1;
      verified += 1;
    }
    const last = expected - 1;
    if (!head && verified > 0) {
      lineNo += 1;
      return fail('broken', last, 'the trail\'s head anchor is missing or invalid, so records may have been removed from the end');
    }
    if (head && head.seq > last) {
      lineNo += 1;
      return fail('missing', last + 1, `and later records are missing from the end of the trail (the trail recorded up to ${head.seq})`);
    }
    if (head && head.seq > 0 && hashAtHead !== null && hashAtHead !== head.hash) {
      return fail('broken', head.seq, 'differs from the record the trail anchored');
    }
    return { ok: true, records: verified, lastSeq: last };
  }

  async function purgeBefore(cutoff: Date, actor: Pick<AuditEvent, 'actorId' | 'actorRole'>): Promise<{ purged: number }> {
    assertPurgeAllowed(cutoff, now());
    let purged = 0;
    await enqueue(async () => {
      const report = await verify();
      if (!report.ok) throw new AuditUnavailableError(`The audit trail does not verify; nothing was purged. ${report.message}`);
      const kept: string[] = [];
      let firstKept: { seq: number; prev: string } | null = null;
      for await (const line of readLines(path, size)) {
        const parsed = parseLine(keys, line.text);
        if (parsed.kind !== 'record') continue;
        if (!firstKept) {
          const record = openRecord(keys, parsed.sealed);
          if (record && Date.parse(record.at) < cutoff.getTime()) {
            purged += 1;
            continue;
          }
          firstKept = { seq: parsed.sealed.seq, prev: parsed.sealed.prev };
        }
        kept.push(line.text);
      }
      if (purged === 0) return;
      if (!firstKept) firstKept = { seq: lastSeq + 1, prev: lastHash };
      const checkpoint = sealCheckpoint(keys, { firstSeq: firstKept.seq, prev: firstKept.prev, cutoff: cutoff.toISOString(), at: now().toISOString() });
      const content = Buffer.from(`${[checkpoint, ...kept].join('\n')}\n`, 'utf8');
      await log.close();
      try {
        await replaceFileAtomically(path, content);
      } finally {
        // Reopened either way, so a failed replace leaves the old log open for appends.
        log = await open(path, 'a', 0o600);
        size = (await log.stat()).size;
      }
    });
    if (purged > 0) {
      await append({ ...actor, action: 'audit.purge', objectType: 'audit-trail', objectId: device, outcome: 'success', detail: 'RETENTION_6Y' });
    }
    return { purged };
  }

  for (const event of repairs) await append(event);

  return {
    path,
    append,
    verify: async () => {
      await chain;
      return verify();
    },
    query: async (filter) => {
      await chain;
      return query(filter);
    },
    recordsAfter,
    lastSeq: () => lastSeq,
    exportCsv: async (filter) => {
      await chain;
      return auditRecordsToCsv(await query(filter));
    },
    purgeBefore,
    async close() {
      closed = true;
      await enqueue(flush);
      await chain;
      await log.sync().catch(() => undefined);
      await log.close();
      await headHandle.sync().catch(() => undefined);
      await headHandle.close();
      headHandle = undefined as unknown as FileHandle;
    },
  };
}

async function openHeadFile(path: string, keys: AuditKeys): Promise<{ handle: FileHandle; created: boolean }> {
  try {
    return { handle: await open(path, 'r+'), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const h = await open(path, 'w+', 0o600);
    const genesis = sealHead(keys, { seq: 0, hash: GENESIS_HASH });
    await h.write(Buffer.concat([genesis, genesis]), 0, HEAD_SLOT_BYTES * 2, 0);
    await h.sync();
    await fsyncDir(dirname(path));
    return { handle: h, created: true };
  }
}

async function readHead(handle: FileHandle, keys: AuditKeys): Promise<Head | null> {
  const buf = Buffer.alloc(HEAD_SLOT_BYTES * 2);
  const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
  const heads = [buf.subarray(0, HEAD_SLOT_BYTES), buf.subarray(HEAD_SLOT_BYTES, bytesRead)]
    .map((slot) => (slot.length === HEAD_SLOT_BYTES ? openHead(keys, slot) : null))
    .filter((h): h is Head => h !== null);
  if (heads.length === 0) return null;
  return heads.reduce((a, b) => (b.seq > a.seq ? b : a));
}

interface Tail {
  lastSeq: number;
  lastHash: string;
  tornBytes: number;
  tornText: string;
}

/** Finds the last complete line (its seq and hash) and any torn bytes after it, reading only the end of the file. */
async function inspectTail(path: string, keys: AuditKeys): Promise<Tail> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return { lastSeq: 0, lastHash: GENESIS_HASH, tornBytes: 0, tornText: '' };
  }
  const h = await open(path, 'r');
  try {
    for (let window = 64 * 1024; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      await h.read(buf, 0, buf.length, start);
      const lastNl = buf.lastIndexOf(0x0a);
      const tornBytes = buf.length - (lastNl + 1);
      const tornText = buf.toString('utf8', lastNl + 1);
      if (lastNl === -1 && start > 0) continue;
      if (lastNl === -1) return { lastSeq: 0, lastHash: GENESIS_HASH, tornBytes, tornText };
      const prevNl = buf.lastIndexOf(0x0a, lastNl - 1);
      if (prevNl === -1 && start > 0) continue;
      const lastLine = buf.toString('utf8', prevNl + 1, lastNl);
      const parsed = parseLine(keys, lastLine);
      if (parsed.kind === 'checkpoint') return { lastSeq: parsed.checkpoint.firstSeq - 1, lastHash: parsed.checkpoint.prev, tornBytes, tornText };
      const seq = Number(SEQ_PREFIX.exec(lastLine)?.[1] ?? 0);
      return { lastSeq: seq, lastHash: lineHash(lastLine), tornBytes, tornText };
    }
  } finally {
    await h.close();
  }
}

async function seqAppearsAfter(path: string, offset: number, seq: number, limit: number): Promise<boolean> {
  for await (const line of readLines(path, limit)) {
    if (line.offset <= offset) continue;
    if (Number(SEQ_PREFIX.exec(line.text)?.[1]) === seq) return true;
  }
  return false;
}

async function copyRange(path: string, from: number, to: number, dest: string): Promise<void> {
  const src = await open(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    await src.read(buf, 0, buf.length, from);
    await writeDurably(dest, buf);
  } finally {
    await src.close();
  }
}
