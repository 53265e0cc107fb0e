/**
 * Test-only: the practice server's coordination database as CouchDB answers the calls main makes
 * of it — documents with revisions, writes with a stale revision refused (compare-and-swap),
 * listing by id prefix in id order with paging, bulk additions that report conflicts.
 */
import type { DeskService } from '../desk-service';

type Control = Pick<DeskService, 'status' | 'listControl' | 'readControl' | 'writeControl' | 'addControlDocs' | 'changesControl'>;

export function createControlDbFake() {
  const docs = new Map<string, { doc: Record<string, unknown>; rev: string }>();
  let n = 0;
  /** The changes feed: the last sequence of each document, as CouchDB keeps it. */
  const seqOf = new Map<string, number>();
  let seq = 0;
  const changed = (id: string) => seqOf.set(id, ++seq);
  const sorted = () => [...docs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const desk = (member = true, server = 'https://couch.example.test'): Control => ({
    status: async () => ({ configured: true, member, server, prefix: 'synthetic' }) as never,
    listControl: async (prefix, page = {}) =>
      sorted()
        .filter(([id]) => id.startsWith(prefix) && (page.after === undefined || id > page.after))
        .slice(0, page.limit ?? 500)
        .map(([id, v]) => ({ id, doc: { ...v.doc, _id: id, _rev: v.rev }, rev: v.rev })),
    readControl: async (id) => {
      const v = docs.get(id);
      return v ? { doc: { ...v.doc, _id: id, _rev: v.rev }, rev: v.rev } : null;
    },
    writeControl: async (id, doc, rev) => {
      if ((docs.get(id)?.rev ?? null) !== rev) return false;
      const { _id: _ignored, _rev: _ignoredRev, ...body } = doc;
      if (body._deleted === true) docs.delete(id);
      else docs.set(id, { doc: body, rev: `${++n}-fake` });
      changed(id);
      return true;
    },
    addControlDocs: async (list) =>
      list.map((d) => {
        if (docs.has(d._id)) return { id: d._id, written: true };
        const { _id, ...body } = d;
        docs.set(_id, { doc: body, rev: `${++n}-fake` });
        changed(_id);
        return { id: _id, written: true };
      }),
    changesControl: async (since, limit = 2_000) => {
      const after = Number(since) || 0;
      const rows = [...seqOf.entries()].filter(([, s]) => s > after).sort((a, b) => a[1] - b[1]).slice(0, limit);
      return {
        results: rows.map(([id]) => {
          const v = docs.get(id);
          return { id, doc: v ? { ...v.doc, _id: id, _rev: v.rev } : null, deleted: !v };
        }),
        lastSeq: rows.at(-1)?.[1] ?? after,
      };
    },
  });
  /** A test changing a document behind the desks' backs (as someone with server access would). */
  const tamper = (id: string, doc: Record<string, unknown>) => {
    const v = docs.get(id);
    docs.set(id, { doc, rev: v ? `${v.rev}x` : `${++n}-fake` });
    changed(id);
  };
  return { docs, desk, tamper };
}
