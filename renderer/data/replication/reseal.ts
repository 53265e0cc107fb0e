/**
 * Re-seals the practice's records on the server under the current key epoch (issue 12,
 * revocation: after a desk is removed, "old data re-sealed in the background, resumable"). One
 * collection at a time, the server's changes feed is read in pages; every record still sealed
 * under an older epoch is opened (wire-seal, with the older key) and written back over its own
 * revision with only `sealed` replaced by the same content sealed under the current epoch. The
 * clear fields are not touched, so the record means the same to every desk; a record changed on
 * the server meanwhile answers 409 and is left to its writer (a newer change comes later in the
 * same feed and is looked at then).
 *
 * Resumable: the feed's sequence is kept per collection in a local document after every page, with
 * the epoch it re-seals to; a desk closed mid-way carries on from there, and a later rotation
 * starts the feed again from the beginning. A record that does not open is skipped and counted
 * (the live replication reports it), never written.
 */
import type { RxDatabase } from 'rxdb/plugins/core';
import { sealedEpoch, type WireSealer } from './wire-seal';

export interface ResealOptions {
  /** The collection's database on the server, ending in '/'. */
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly database: Pick<RxDatabase, 'getLocal' | 'upsertLocal'>;
  readonly collection: string;
  readonly primaryPath: string;
  readonly sealer: WireSealer;
  /** The encrypted field list of the collection (and earlier schema versions'), as the replication uses them. */
  readonly paths: (doc: Record<string, unknown>) => readonly string[];
  readonly open: (doc: Record<string, unknown>) => Promise<Record<string, unknown>>;
  readonly pageSize?: number;
  readonly stopped?: () => boolean;
}

export interface ResealResult {
  readonly epoch: number;
  readonly examined: number;
  readonly resealed: number;
  /** Changed on the server meanwhile (409): left to their writers. */
  readonly conflicts: number;
  /** Did not open: skipped. */
  readonly refused: number;
  /** The whole feed was read. */
  readonly done: boolean;
}

interface Progress {
  readonly epoch: number;
  readonly since: string | number;
  readonly done: boolean;
}

type Doc = Record<string, unknown>;

export async function resealCollection(options: ResealOptions): Promise<ResealResult> {
  const epoch = options.sealer.epoch();
  const pageSize = options.pageSize ?? 200;
  const progressId = `reseal-${options.collection}`;
  const saved = (await options.database.getLocal<Progress>(progressId))?.toJSON().data as Progress | undefined;
  let since: string | number = saved?.epoch === epoch ? saved.since : 0;
  const result = { epoch, examined: 0, resealed: 0, conflicts: 0, refused: 0, done: saved?.epoch === epoch && saved.done };
  if (epoch === 1 || result.done) return { ...result, done: true };
  for (;;) {
    if (options.stopped?.()) return result;
    const query = new URLSearchParams({ style: 'all_docs', feed: 'normal', include_docs: 'true', since: String(since), limit: String(pageSize) });
    const response = await options.fetch(`${options.url}_changes?${query.toString()}`);
    if (!response.ok) throw new Error(`RESEAL_HTTP_${response.status}`);
    const page = (await response.json()) as { results?: { doc?: Doc }[]; last_seq?: string | number };
    if (!Array.isArray(page.results) || (typeof page.last_seq !== 'string' && typeof page.last_seq !== 'number')) throw new Error('RESEAL_BAD_ANSWER');
    const writes: Doc[] = [];
    for (const { doc } of page.results) {
      if (!doc || String(doc._id ?? '').startsWith('_design/')) continue;
      result.examined += 1;
      const was = sealedEpoch(doc.sealed);
      if (was === null || was >= epoch) continue;
      const { _id, _rev, ...rest } = doc;
      const local: Doc = { ...rest, [options.primaryPath]: rest[options.primaryPath] ?? _id, _deleted: doc._deleted === true };
      let plain: Doc;
      try {
        plain = await options.open(local);
      } catch {
        result.refused += 1;
        continue;
      }
      const { sealed: _old, ...unsealed } = plain;
      const again = await options.sealer.seal(options.collection, options.paths(unsealed), unsealed);
      writes.push({ ...doc, sealed: again.sealed });
    }
    if (writes.length > 0) {
      const answer = await options.fetch(`${options.url}_bulk_docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ docs: writes }) });
      if (answer.status !== 201) throw new Error(`RESEAL_HTTP_${answer.status}`);
      const rows = (await answer.json()) as { ok?: boolean; error?: string }[];
      if (!Array.isArray(rows)) throw new Error('RESEAL_BAD_ANSWER');
      for (const r of rows) {
        if (r.ok) result.resealed += 1;
        else if (r.error === 'conflict') result.conflicts += 1;
        else throw new Error('RESEAL_REFUSED');
      }
    }
    since = page.last_seq;
    const done = page.results.length < pageSize;
    await options.database.upsertLocal<Progress>(progressId, { epoch, since, done });
    if (done) return { ...result, done: true };
  }
}
