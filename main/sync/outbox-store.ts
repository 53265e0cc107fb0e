/**
 * Owns the durable outbox: every outbound message's latest state in memory, with each change
 * appended to the encrypted `outbox` journal (fsync) before `put` resolves, so the engine can
 * write "sending" before a network call and "accepted" after it. Replay takes the last record
 * per client id. On open, a grown journal is compacted to the live entries (final entries
 * older than the retention are dropped from this computer's journal; the practice database
 * keeps the record).
 */
import { canTransition, FINAL_STATES, PENDING_STATES, type OutboxEntry } from '../../shared/sync/outbox-model';
import { openSealedJournal, type SealedJournal } from './sealed-journal';

export interface OutboxStore {
  get(clientId: string): OutboxEntry | undefined;
  all(): OutboxEntry[];
  /** Durably records the entry's new state. Throws on an impossible state change. */
  put(entry: OutboxEntry): Promise<void>;
  putMany(entries: readonly OutboxEntry[]): Promise<void>;
  queueDepth(): number;
  close(): Promise<void>;
}

const FINAL_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export async function openOutboxStore(options: { dir: string; key: Uint8Array; keyId: string; now?: () => number }): Promise<OutboxStore> {
  const journal: SealedJournal<OutboxEntry> = await openSealedJournal<OutboxEntry>({ ...options, name: 'outbox' });
  const now = options.now ?? Date.now;
  const entries = new Map<string, OutboxEntry>();
  for (const e of journal.records) entries.set(e.clientId, e);
  const live = [...entries.values()].filter((e) => !(FINAL_STATES.has(e.state) && e.finalAt && Date.parse(e.finalAt) < now() - FINAL_RETENTION_MS));
  if (journal.lineCount > 2 * live.length + 500) {
    await journal.compact(live);
    entries.clear();
    for (const e of live) entries.set(e.clientId, e);
  }
  let tail: Promise<unknown> = Promise.resolve();

  const check = (next: OutboxEntry) => {
    const prev = entries.get(next.clientId);
    if (prev && !canTransition(prev.state, next.state)) throw new Error(`outbox: impossible change ${prev.state} -> ${next.state}`);
  };
  const putMany = async (list: readonly OutboxEntry[]) => {
    for (const e of list) check(e);
    const write = journal.append(list);
    tail = write.catch(() => undefined);
    await write;
    for (const e of list) entries.set(e.clientId, e);
  };
  return {
    get: (id) => entries.get(id),
    all: () => [...entries.values()],
    put: (e) => putMany([e]),
    putMany,
    queueDepth: () => {
      let n = 0;
      for (const e of entries.values()) if (PENDING_STATES.has(e.state)) n++;
      return n;
    },
    async close() {
      await tail;
      await journal.close();
    },
  };
}
