/**
 * Test-only: the practice server's coordination database as CouchDB answers the calls main makes
 * of it — documents with revisions, writes with a stale revision refused (compare-and-swap),
 * listing by id prefix in id order with paging, bulk additions that report conflicts.
 */
import type { DeskService } from '../desk-service';

type Control = Pick<DeskService, 'status' | 'listControl' | 'readControl' | 'writeControl' | 'addControlDocs'>;

export function createControlDbFake() {
  const docs = new Map<string, { doc: Record<string, unknown>; rev: string }>();
  let n = 0;
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
      docs.set(id, { doc: body, rev: `${++n}-fake` });
      return true;
    },
    addControlDocs: async (list) =>
      list.map((d) => {
        if (docs.has(d._id)) return { id: d._id, written: true };
        const { _id, ...body } = d;
        docs.set(_id, { doc: body, rev: `${++n}-fake` });
        return { id: _id, written: true };
      }),
  });
  return { docs, desk };
}
