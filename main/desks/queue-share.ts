/**
 * Owns carrying queue actions between the practice's desks (issue 12; R23, R24, R26, R27, R19):
 * what staff record at one desk that every desk's sending queue must follow — a revocation, a
 * documented re-opt-in, a cleared wrong-number review, a reminder withdrawn (appointment
 * confirmed, cancelled or moved; campaign stopped). Each changes that desk's queue at once
 * (sync-service), and is also written here as an append-only document `queueact-<id>` in
 * `<prefix>-control`, sealed (AES-256-GCM under the practice's consent-share key of the current
 * key epoch, bound to the id): a number is PHI. Every few seconds a member desk reads the
 * new documents from the changes feed (each once, however late it came) and hands them to its queue (sync-service applies each once, by
 * shared/replication/consent-actions.ts and queue-actions.ts), so whichever desk holds a reminder,
 * no revoked number is texted and no confirmed appointment is reminded. An action recorded while
 * the server is out of reach waits in an encrypted store and is written when it answers; keyword
 * STOPs are not shared this way (every desk reads the gateway's inbound itself).
 */
import { z } from 'zod';
import { CONSENT_ACTION_KINDS } from '../../shared/replication/consent-actions';
import { WITHDRAW_REASONS, type QueueAction } from '../../shared/replication/queue-actions';
import type { EncryptedFileStore } from '../store/encrypted-file-store';
import { keyForDoc, openControlDoc, sealControlDoc } from './control-seal';
import type { DeskService } from './desk-service';
import { periodicRound } from './periodic-round';

export const QUEUE_DOC_PREFIX = 'queueact-';
const KIND = 'queue-action';
const actionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
const ROUND_MS = 5_000;

export const queueActionSchema = z.union([
  z
    .object({
      id: actionId,
      number: z.string().regex(/^\+[1-9]\d{6,14}$/),
      kind: z.enum(CONSENT_ACTION_KINDS),
      purposes: z.array(z.string().max(40)).max(10).optional(),
      at: z.number().int().nonnegative(),
    })
    .strict(),
  z
    .object({
      id: actionId,
      kind: z.literal('withdraw'),
      campaignId: actionId.optional(),
      appointmentId: actionId.optional(),
      reason: z.enum(WITHDRAW_REASONS),
      at: z.number().int().nonnegative(),
    })
    .strict(),
]);

export const queueShareStateSchema = z
  .object({
    pending: z.array(queueActionSchema).max(10_000),
    /** How far this desk has read the control database's changes (the server's sequence). */
    since: z.union([z.string().max(200), z.number()]).optional(),
  })
  .strict();
export type QueueShareState = z.infer<typeof queueShareStateSchema>;

export interface QueueShare {
  /** Queues an action recorded here for the other desks (written at once when the server answers). */
  publish(action: QueueAction): Promise<void>;
  /** One round: write what waits, read every desk's actions, apply the new ones. */
  round(): Promise<{ ran: boolean; written: number; applied: number; refused: number }>;
  start(): void;
  stop(): Promise<void>;
}

export function createQueueShare(options: {
  desk: Pick<DeskService, 'status' | 'changesControl' | 'addControlDocs'>;
  state: EncryptedFileStore<QueueShareState>;
  /** The practice's consent-share key of a key epoch (default the current one; throws for one not held). */
  key: (epoch?: number) => Uint8Array;
  epoch: () => number;
  /** Applies actions to this desk's queue (each once); returns how many were new. */
  apply: (actions: readonly QueueAction[]) => Promise<number>;
  onRefused?: (code: string) => void;
  intervalMs?: number;
}): QueueShare {
  let running: Promise<{ ran: boolean; written: number; applied: number; refused: number }> | null = null;

  async function writePending(): Promise<number> {
    const pending = (await options.state.read())?.data.pending ?? [];
    if (pending.length === 0) return 0;
    const epoch = options.epoch();
    const key = options.key(epoch);
    const docs = pending.map((a) => ({ _id: `${QUEUE_DOC_PREFIX}${a.id}`, ...sealControlDoc(KIND, key, `${QUEUE_DOC_PREFIX}${a.id}`, a, epoch) }));
    const answers = await options.desk.addControlDocs(docs);
    const written = new Set(answers.filter((r) => r.written).map((r) => r.id));
    await options.state.update((snap) => ({ ...snap?.data, pending: (snap?.data.pending ?? []).filter((a) => !written.has(`${QUEUE_DOC_PREFIX}${a.id}`)) }));
    return written.size;
  }

  async function once() {
    const status = await options.desk.status().catch(() => null);
    if (!status?.configured || !status.member) return { ran: false, written: 0, applied: 0, refused: 0 };
    const written = await writePending();
    // The control database's changes feed, from where this desk last read: each action once, however late it came.
    let since: string | number = (await options.state.read())?.data.since ?? 0;
    let applied = 0;
    let refused = 0;
    for (;;) {
      const page = await options.desk.changesControl(since, 2_000);
      const actions: QueueAction[] = [];
      let waiting = false;
      for (const row of page.results) {
        if (!row.id.startsWith(QUEUE_DOC_PREFIX) || !row.doc || row.deleted) continue;
        const { key } = keyForDoc(options.key, row.doc);
        if (!key) {
          waiting = true; // a later key epoch this desk has not received yet: this page is read again next round
          break;
        }
        const parsed = queueActionSchema.safeParse(openControlDoc(KIND, key, row.id, row.doc));
        if (parsed.success && `${QUEUE_DOC_PREFIX}${parsed.data.id}` === row.id) actions.push(parsed.data as QueueAction);
        else {
          refused += 1;
          options.onRefused?.('QUEUE_ACTION_REFUSED');
        }
      }
      applied += await options.apply(actions);
      if (waiting) break;
      since = page.lastSeq;
      await options.state.update((snap) => ({ pending: snap?.data.pending ?? [], since }));
      if (page.results.length < 2_000) break;
    }
    return { ran: true, written, applied, refused };
  }

  const round = () => {
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    async publish(action) {
      await options.state.update((snap) => ({ ...snap?.data, pending: [...(snap?.data.pending ?? []), queueActionSchema.parse(action)].slice(-10_000) as QueueShareState['pending'] }));
      void round().catch(() => undefined);
    },
    round,
    ...periodicRound(round, options.intervalMs ?? ROUND_MS, () => running),
  };
}
