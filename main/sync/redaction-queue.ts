/**
 * Owns the durable list of gateway redactions still to do (R14): once a message is synced
 * locally (an outbound one reached a final status; an inbound one was stored by the renderer
 * and acknowledged), its SID is journalled here before the local change is recorded, so a crash
 * never forgets a redaction. The engine works through it at the paced rate; each SID is redacted
 * once (done SIDs are remembered for the de-duplication horizon). Only SIDs and times are kept.
 */
import { openSealedJournal } from './sealed-journal';

export type RedactionOrigin = 'outbound' | 'inbound';
export type RedactionOutcome = 'redacted' | 'gone' | 'abandoned';

export interface PendingRedaction {
  readonly sid: string;
  readonly origin: RedactionOrigin;
  readonly attempts: number;
  /** Epoch ms before which it is not tried (after a refusal). */
  readonly notBefore: number;
}

type Rec =
  | { t: 'due'; sid: string; origin: RedactionOrigin; at: number }
  | { t: 'retry'; sid: string; attempts: number; notBefore: number }
  | { t: 'done'; sid: string; outcome: RedactionOutcome; at: number };

export interface RedactionQueue {
  /** Durably adds SIDs not already pending or done. Returns how many were new. */
  add(items: ReadonlyArray<{ readonly sid: string; readonly origin: RedactionOrigin }>): Promise<number>;
  /** The oldest pending redaction due at `now`, and the earliest time another one is due. */
  next(now: number): { readonly item: PendingRedaction | null; readonly wakeAt: number | null };
  retryLater(sid: string, attempts: number, notBefore: number): Promise<void>;
  done(sid: string, outcome: RedactionOutcome): Promise<void>;
  isPending(sid: string): boolean;
  wasDone(sid: string): boolean;
  pendingCount(): number;
  close(): Promise<void>;
}

const DONE_HORIZON_MS = 14 * 24 * 60 * 60 * 1000;

export async function openRedactionQueue(options: { dir: string; key: Uint8Array; keyId: string; now?: () => number }): Promise<RedactionQueue> {
  const journal = await openSealedJournal<Rec>({ ...options, name: 'redactions' });
  const now = options.now ?? Date.now;
  const pending = new Map<string, PendingRedaction>();
  const finished = new Map<string, number>();
  for (const r of journal.records) {
    if (r.t === 'due') pending.set(r.sid, { sid: r.sid, origin: r.origin, attempts: 0, notBefore: 0 });
    else if (r.t === 'retry') {
      const p = pending.get(r.sid);
      if (p) pending.set(r.sid, { ...p, attempts: r.attempts, notBefore: r.notBefore });
    } else {
      pending.delete(r.sid);
      finished.set(r.sid, r.at);
    }
  }
  const horizon = now() - DONE_HORIZON_MS;
  for (const [sid, at] of finished) if (at < horizon) finished.delete(sid);
  if (journal.lineCount > 2 * (pending.size + finished.size) + 500) {
    const recs: Rec[] = [];
    for (const [sid, at] of finished) recs.push({ t: 'done', sid, outcome: 'redacted', at });
    for (const p of pending.values()) {
      recs.push({ t: 'due', sid: p.sid, origin: p.origin, at: 0 });
      if (p.attempts > 0) recs.push({ t: 'retry', sid: p.sid, attempts: p.attempts, notBefore: p.notBefore });
    }
    await journal.compact(recs);
  }

  return {
    async add(items) {
      const fresh = [...new Map(items.map((i) => [i.sid, i])).values()].filter((i) => !pending.has(i.sid) && !finished.has(i.sid));
      if (fresh.length === 0) return 0;
      const at = now();
      await journal.append(fresh.map((i): Rec => ({ t: 'due', sid: i.sid, origin: i.origin, at })));
      for (const i of fresh) pending.set(i.sid, { sid: i.sid, origin: i.origin, attempts: 0, notBefore: 0 });
      return fresh.length;
    },
    next(at) {
      let wakeAt: number | null = null;
      for (const p of pending.values()) {
        if (p.notBefore <= at) return { item: p, wakeAt: at };
        wakeAt = wakeAt === null ? p.notBefore : Math.min(wakeAt, p.notBefore);
      }
      return { item: null, wakeAt };
    },
    async retryLater(sid, attempts, notBefore) {
      const p = pending.get(sid);
      if (!p) return;
      await journal.append([{ t: 'retry', sid, attempts, notBefore }]);
      pending.set(sid, { ...p, attempts, notBefore });
    },
    async done(sid, outcome) {
      if (!pending.has(sid)) return;
      const at = now();
      await journal.append([{ t: 'done', sid, outcome, at }]);
      pending.delete(sid);
      finished.set(sid, at);
    },
    isPending: (sid) => pending.has(sid),
    wasDone: (sid) => finished.has(sid),
    pendingCount: () => pending.size,
    close: () => journal.close(),
  };
}
