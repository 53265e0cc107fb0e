/**
 * Owns handing the practice's outgoing texts to its one sender (issue 12: "one sender, many
 * desks"; the sender lease is sender-lease-keeper.ts). A desk that does not hold the lease does
 * not send what is queued at it: each queued entry (a staff reply, an approved reminder) is
 * marked handed — from that moment the send loop holds it back — and written as
 * `outbox-<client id>` to `<prefix>-control`, sealed (AES-256-GCM under the practice's
 * consent-share key of the current epoch; the text and number are PHI), with in the clear only
 * which desk it came from, the mode, the claim and the delivery state. The leaseholder, every
 * round:
 *   - claims each unclaimed entry by compare-and-swap and takes it into its own queue, where the
 *     compliance gate, the pacing and the caps apply as to its own;
 *   - claims an entry another desk had claimed (that desk lost the lease) and takes it in doubt:
 *     it is reconciled against the gateway's list after the grace period before any send, so a
 *     send the other desk made in its last moments is found, not repeated (production: one
 *     gateway account; each training desk has its own sandbox, which cannot show another's);
 *   - writes each claimed entry's progress (sealed outcome, clear state) back.
 * The desk it came from settles its own entry from that outcome (its screens then show "sent",
 * "delivered" or the reason) and deletes the document once the outcome is final. An entry
 * cancelled at its desk first (staff, a withdrawal, an opt-out) is marked so, and the sender does
 * not send it if it has not yet. The client id
 * de-duplicates throughout: an entry is in each queue at most once, and a settled entry is never
 * sent from its own desk.
 *
 * The leaseholder's own entries go out directly. Keyword answers are made only by the
 * leaseholder. A desk that has not reached the practice server for a minute sends its own new
 * texts itself (the server's outage must not stop the practice texting); what it had already
 * handed waits for the server, since the sender may have claimed it.
 */
import { z } from 'zod';
import { FINAL_STATES, OUTBOX_STATES, type OutboxEntry, type OutboxState } from '../../shared/sync/outbox-model';
import type { EncryptedFileStore } from '../store/encrypted-file-store';
import type { HandoverQueue } from '../sync/sync-service';
import { keyForDoc, openControlDoc, sealControlDoc } from './control-seal';
import type { DeskService } from './desk-service';
import { periodicRound } from './periodic-round';

export const OUTBOX_DOC_PREFIX = 'outbox-';
const KIND = 'outbox';
const RESULT_KIND = 'outbox-result';
const ROUND_MS = 2_000;
/** A desk that has not reached the practice server for this long sends its own new texts itself. */
export const SERVER_OUTAGE_FALLBACK_MS = 60_000;

export const handoverStateSchema = z.object({ handed: z.array(z.string().max(128)).max(100_000) }).strict();
export type HandoverState = z.infer<typeof handoverStateSchema>;

const claimSchema = z.object({ by: z.string().max(64), at: z.number(), took: z.string().max(64).optional() }).strict();
const outcomeSchema = z
  .object({
    state: z.enum(OUTBOX_STATES),
    sid: z.string().max(64).nullable(),
    acceptedAt: z.string().max(40).nullable(),
    finalAt: z.string().max(40).nullable(),
    lastError: z.string().max(200).nullable(),
  })
  .strict();

export interface OutboxHandover {
  /** Whether this desk's send loop holds the entry back (the practice's sender sends it). */
  holdsBack(entry: OutboxEntry, mode: 'training' | 'production'): boolean;
  /** Reads the handed set kept from an earlier run (before the send loop starts). */
  load(): Promise<void>;
  round(): Promise<{ ran: boolean; handed: number; claimed: number; settled: number }>;
  start(): void;
  stop(): Promise<void>;
}

export function createOutboxHandover(options: {
  desk: Pick<DeskService, 'status' | 'listControl' | 'writeControl' | 'addControlDocs' | 'ownUser'>;
  queue: () => HandoverQueue | null;
  isSender: () => boolean;
  key: (epoch?: number) => Uint8Array;
  epoch: () => number;
  state: EncryptedFileStore<HandoverState>;
  now: () => number;
  /** Whether this desk was a member of a practice when it started (until the first round says). */
  member: boolean;
  onProblem?: (code: string) => void;
  intervalMs?: number;
  fallbackMs?: number;
}): OutboxHandover {
  const handed = new Set<string>();
  /** Who claimed each handed entry, as last listed. */
  const claims = new Map<string, string>();
  let member = options.member;
  let me: string | null = null;
  let lastContact = options.now();
  let running: Promise<{ ran: boolean; handed: number; claimed: number; settled: number }> | null = null;
  const fallbackMs = options.fallbackMs ?? SERVER_OUTAGE_FALLBACK_MS;

  const saveHanded = () => options.state.write({ handed: [...handed].slice(-100_000) });
  const serverDown = () => options.now() - lastContact > fallbackMs;

  function holdsBack(entry: OutboxEntry): boolean {
    if (!member || entry.origin.kind === 'auto-reply') return false;
    if (handed.has(entry.clientId)) return me === null || claims.get(entry.clientId) !== me;
    if (options.isSender()) return false;
    return !serverDown();
  }

  const openEntry = (id: string, doc: Record<string, unknown>): OutboxEntry | null => {
    const { key } = keyForDoc(options.key, doc);
    if (!key) return null;
    const value = openControlDoc(KIND, key, id, doc) as OutboxEntry | null;
    return value && typeof value === 'object' && `${OUTBOX_DOC_PREFIX}${value.clientId}` === id ? value : null;
  };
  const openOutcome = (id: string, sealed: unknown) => {
    if (!sealed || typeof sealed !== 'object') return null;
    const { key } = keyForDoc(options.key, sealed as Record<string, unknown>);
    return key ? outcomeSchema.safeParse(openControlDoc(RESULT_KIND, key, id, sealed as Record<string, unknown>)).data ?? null : null;
  };
  const clear = (doc: Record<string, unknown>) => {
    const { _id: _i, _rev: _r, ...rest } = doc;
    return rest;
  };

  async function listAll(): Promise<{ id: string; doc: Record<string, unknown>; rev: string }[]> {
    const out: { id: string; doc: Record<string, unknown>; rev: string }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await options.desk.listControl(OUTBOX_DOC_PREFIX, { limit: 2_000, ...(after !== undefined ? { after } : {}) });
      out.push(...page);
      if (page.length < 2_000) return out;
      after = page.at(-1)!.id;
    }
  }

  async function once() {
    const status = await options.desk.status().catch(() => null);
    member = status?.configured === true && status.member;
    const q = options.queue();
    if (!member || !q) return { ran: false, handed: 0, claimed: 0, settled: 0 };
    me ??= await options.desk.ownUser();
    if (!me) return { ran: false, handed: 0, claimed: 0, settled: 0 };
    const rows = await listAll();
    lastContact = options.now();
    const epoch = options.epoch();
    const key = options.key(epoch);
    let handedNow = 0;
    let claimed = 0;
    let settled = 0;

    // 1. Not the sender: hand over what is queued here. Marked first, with no await between the
    //    look and the mark, so the send loop either has it in hand already or holds it back.
    const listed = new Set(rows.map((r) => r.id));
    // Claims of documents no longer listed (finished and deleted) are forgotten.
    for (const id of claims.keys()) if (!listed.has(`${OUTBOX_DOC_PREFIX}${id}`)) claims.delete(id);
    if (!options.isSender()) {
      // Also handed before but missing from the server (its data restored from an older copy): written again.
      const fresh = q
        .all()
        .filter((e) => e.state === 'queued' && e.origin.kind !== 'auto-reply' && (!handed.has(e.clientId) || !listed.has(`${OUTBOX_DOC_PREFIX}${e.clientId}`)) && !q.isBusy(e.clientId));
      for (const e of fresh) handed.add(e.clientId);
      if (fresh.length > 0) {
        await saveHanded();
        const docs = fresh.map((e) => {
          const id = `${OUTBOX_DOC_PREFIX}${e.clientId}`;
          return { _id: id, ...sealControlDoc(KIND, key, id, e, epoch), from: me, mode: q.mode, claim: null, resultState: null };
        });
        await options.desk.addControlDocs(docs);
        handedNow = fresh.length;
      }
    }

    for (const row of rows) {
      const d = row.doc;
      if (d.mode !== q.mode) continue;
      const clientId = row.id.slice(OUTBOX_DOC_PREFIX.length);
      const claim = claimSchema.safeParse(d.claim).data ?? null;
      if (claim) claims.set(clientId, claim.by);
      else claims.delete(clientId);
      const resultState = typeof d.resultState === 'string' && (OUTBOX_STATES as readonly string[]).includes(d.resultState) ? (d.resultState as OutboxState) : null;
      const final = resultState !== null && FINAL_STATES.has(resultState);

      // 2. The sender: claim, take in, report progress.
      if (options.isSender() && !final) {
        if (d.cancelRequested === true && claim?.by !== me) {
          // Cancelled at its desk before this desk took it: it never goes out.
          const outcome = { state: 'cancelled' as const, sid: null, acceptedAt: null, finalAt: new Date(options.now()).toISOString(), lastError: 'CANCELLED_AT_ITS_DESK' };
          await options.desk.writeControl(row.id, { ...clear(d), resultState: 'cancelled', result: sealControlDoc(RESULT_KIND, key, row.id, outcome, epoch) }, row.rev);
          continue;
        }
        if (d.cancelRequested === true && q.get(clientId)?.state === 'queued') await q.cancel(clientId, 'CANCELLED_AT_ITS_DESK');
        if (!claim || claim.by !== me) {
          const entry = openEntry(row.id, d);
          if (!entry) {
            options.onProblem?.('OUTBOX_HANDOVER_UNREADABLE');
            continue;
          }
          const next = { ...clear(d), claim: { by: me, at: options.now(), ...(claim ? { took: claim.by } : {}) } };
          if (!(await options.desk.writeControl(row.id, next, row.rev))) continue; // another desk claimed first: next round
          claims.set(clientId, me);
          await q.adopt(entry, claim !== null);
          claimed += 1;
          continue; // its progress is written from the next round (the document has a new revision)
        }
        const local = q.get(clientId);
        if (!local) {
          const entry = openEntry(row.id, d);
          if (entry) await q.adopt(entry, true); // claimed here before, but no longer in this queue: in doubt
          continue;
        }
        if (local.state !== resultState && local.state !== 'queued' && local.state !== 'sending') {
          const outcome = { state: local.state, sid: local.sid, acceptedAt: local.acceptedAt, finalAt: local.finalAt, lastError: local.lastError };
          await options.desk.writeControl(row.id, { ...clear(d), resultState: local.state, result: sealControlDoc(RESULT_KIND, key, row.id, outcome, epoch) }, row.rev);
        }
        continue;
      }

      // 3. The desk it came from (or one that held it before): settle from the sender's outcome.
      if (resultState !== null && claims.get(clientId) !== me) {
        const outcome = openOutcome(row.id, d.result);
        if (outcome && (await q.settle(clientId, outcome))) settled += 1;
      }
      // Cancelled here (staff, a withdrawal, an opt-out) before the sender reported anything final: ask it not to send.
      if (!final && d.from === me && d.cancelRequested !== true) {
        const local = q.get(clientId);
        if (local && FINAL_STATES.has(local.state)) await options.desk.writeControl(row.id, { ...clear(d), cancelRequested: true }, row.rev);
      }
      if (final && d.from === me) {
        const local = q.get(clientId);
        if (!local || FINAL_STATES.has(local.state)) {
          if (await options.desk.writeControl(row.id, { _deleted: true }, row.rev)) {
            handed.delete(clientId);
            claims.delete(clientId);
            await saveHanded();
          }
        }
      }
    }
    return { ran: true, handed: handedNow, claimed, settled };
  }

  const round = () => {
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    holdsBack: (entry) => holdsBack(entry),
    async load() {
      for (const id of (await options.state.read())?.data.handed ?? []) handed.add(id);
    },
    round,
    ...periodicRound(round, options.intervalMs ?? ROUND_MS, () => running),
  };
}
