/**
 * Owns the durable inbox: inbound messages collected from the gateway wait here, encrypted
 * (the `inbox` journal), until the renderer has stored them in the practice database and
 * acknowledged them. It also remembers every SID it has seen (de-duplication across restarts,
 * day boundaries and overlapping polls) and the inbound poll cursor. Acknowledged messages
 * keep only their SID and date, and are forgotten once older than the de-duplication horizon.
 */
import { openSealedJournal } from './sealed-journal';

export interface InboundEntry {
  /** The gateway's message SID (also the id the renderer acknowledges). */
  readonly sid: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  /** ISO time the gateway received it. */
  readonly receivedAt: string;
  readonly numMedia: number;
  readonly keyword: 'stop' | 'help' | 'start' | null;
  readonly stopIntent: boolean;
  readonly collectedAt: string;
}

type Rec =
  | { t: 'in'; m: InboundEntry }
  | { t: 'ack'; sid: string }
  | { t: 'seen'; sid: string; at: number }
  | { t: 'cursor'; at: number };

export interface InboxStore {
  hasSeen(sid: string): boolean;
  /** Durably stores new inbound messages and the cursor they were polled under. */
  add(entries: readonly InboundEntry[], cursor: number): Promise<void>;
  setCursor(at: number): Promise<void>;
  cursor(): number | null;
  pending(limit: number): InboundEntry[];
  pendingCount(): number;
  isPending(sid: string): boolean;
  /** Returns how many of `sids` were pending and are now acknowledged. */
  ack(sids: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

const SEEN_HORIZON_MS = 14 * 24 * 60 * 60 * 1000;

export async function openInboxStore(options: { dir: string; key: Uint8Array; keyId: string; now?: () => number }): Promise<InboxStore> {
  const journal = await openSealedJournal<Rec>({ ...options, name: 'inbox' });
  const now = options.now ?? Date.now;
  const pendingMap = new Map<string, InboundEntry>();
  const seen = new Map<string, number>();
  let cursorAt: number | null = null;
  for (const r of journal.records) {
    if (r.t === 'in') {
      pendingMap.set(r.m.sid, r.m);
      seen.set(r.m.sid, Date.parse(r.m.receivedAt));
    } else if (r.t === 'ack') pendingMap.delete(r.sid);
    else if (r.t === 'seen') seen.set(r.sid, r.at);
    else cursorAt = r.at;
  }
  const horizon = now() - SEEN_HORIZON_MS;
  for (const [sid, at] of seen) if (at < horizon && !pendingMap.has(sid)) seen.delete(sid);
  const liveCount = pendingMap.size + seen.size + 1;
  if (journal.lineCount > 2 * liveCount + 500) {
    const recs: Rec[] = [];
    for (const [sid, at] of seen) if (!pendingMap.has(sid)) recs.push({ t: 'seen', sid, at });
    for (const m of pendingMap.values()) recs.push({ t: 'in', m });
    if (cursorAt !== null) recs.push({ t: 'cursor', at: cursorAt });
    await journal.compact(recs);
  }

  return {
    hasSeen: (sid) => seen.has(sid),
    async add(entries, cursor) {
      const fresh = entries.filter((e) => !seen.has(e.sid));
      await journal.append([...fresh.map((m): Rec => ({ t: 'in', m })), { t: 'cursor', at: cursor }]);
      for (const m of fresh) {
        pendingMap.set(m.sid, m);
        seen.set(m.sid, Date.parse(m.receivedAt));
      }
      cursorAt = cursor;
    },
    async setCursor(at) {
      await journal.append([{ t: 'cursor', at }]);
      cursorAt = at;
    },
    cursor: () => cursorAt,
    pending: (limit) => [...pendingMap.values()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)).slice(0, limit),
    pendingCount: () => pendingMap.size,
    isPending: (sid) => pendingMap.has(sid),
    async ack(sids) {
      const hits = [...new Set(sids)].filter((s) => pendingMap.has(s));
      await journal.append(hits.map((sid): Rec => ({ t: 'ack', sid })));
      for (const s of hits) pendingMap.delete(s);
      return hits.length;
    },
    close: () => journal.close(),
  };
}
