/**
 * Owns the gateway sync loops, which run whether or not the screens are locked:
 *  - send: takes due outbox entries in order, passes each through the compliance gate, waits
 *    for a paced slot (messages per second, bounded in flight), writes `sending` durably, calls
 *    create, writes the outcome durably; in-doubt sends (crash, timeout, dropped connection,
 *    nonsense answer, 5xx) are reconciled against the gateway's list before any resend;
 *  - inbound: polls the practice number with an overlapping DateSent window, de-duplicates by
 *    SID (persisted), acts on STOP/START keywords (suppression list, cancelling pending sends)
 *    and keeps messages in the inbox journal until the renderer acknowledges them;
 *  - status: polls accepted messages until final, with the error explained in plain English;
 *  - redaction (R14): when enabled, each synced message's body is removed at the gateway
 *    (POST Body=''), from a durable list, at the paced rate and after due sends;
 *  - holds (R28): the automated-send halt after 30034/30032 and per-number suspensions after
 *    repeated permanent carrier failures, both durable;
 *  - connectivity: online / degraded / offline, queue depth and last contact, for the indicator.
 * Failures back off (exponential with jitter) gateway-wide; nothing queued is ever dropped.
 */
import { evaluateSend, type GateDecision, type GatePolicy, type RefusalCode } from '../../shared/sync/compliance-gate';
import { classifyInbound } from '../../shared/sync/keywords';
import { classifyIntent } from '../../shared/consent/opt-out-classifier';
import { keywordOf } from '../../shared/consent/opt-out-wording';
import { autoReplyText, STOP_CONFIRMATION_WINDOW_MS, type AutoReplyKind, type PracticeIdentity, type ReplyLanguage } from '../../shared/consent/keyword-replies';
import { canTransition, FINAL_STATES, isAutomated, type OutboxEntry, type OutboxState } from '../../shared/sync/outbox-model';
import type { GatewayFailure, TwilioClient } from '../gateway/twilio-client';
import type { GatewayMessage } from '../gateway/twilio-parse';
import { backoffDelay, createPacer, type BackoffPolicy } from './backoff';
import type { Clock } from './clock';
import type { InboundEntry, InboxStore } from './inbox-store';
import { newOutboxEntry } from './outbox-entry';
import type { OutboxStore } from './outbox-store';
import type { RedactionQueue } from './redaction-queue';
import { listedPastEntry, pickMatch } from './reconcile';
import { createMemorySenderHolds, type SenderHolds } from './sender-holds';
import type { Suppression, SuppressionList } from './suppression-list';


/** The gate's view of a suppression entry: when, and how the patient opted out. */
const gateSuppression = (s: Suppression | null) =>
  s && { since: s.since, source: s.source === 'inbound-keyword' ? ('keyword' as const) : s.source === 'gateway-stop-list' ? ('carrier' as const) : ('staff' as const), keyword: s.keyword };

export type Connectivity = 'online' | 'degraded' | 'offline';

export interface SyncTuning {
  readonly messagesPerSecond: number;
  readonly maxInFlight: number;
  readonly inboundPollMs: number;
  /** How far each inbound poll reaches back before the previous one started. */
  readonly inboundOverlapMs: number;
  /** First poll on a new install reaches back this far. */
  readonly initialLookbackMs: number;
  readonly statusPollMs: number;
  readonly statusPollMaxMs: number;
  /** An unmatched in-doubt send is resent only this long after its attempt. */
  readonly reconcileGraceMs: number;
  /** How much of the gateway's list one reconciliation reads (messages to one number, newest first). */
  readonly reconcilePageSize?: number;
  readonly reconcileMaxPages?: number;
  readonly backoff: BackoffPolicy;
  /** Longest idle wait of the send loop before it looks again. */
  readonly idleMs: number;
}

export const DEFAULT_TUNING: SyncTuning = {
  messagesPerSecond: 1,
  maxInFlight: 4,
  inboundPollMs: 15_000,
  inboundOverlapMs: 10 * 60_000,
  initialLookbackMs: 24 * 60 * 60_000,
  statusPollMs: 5_000,
  statusPollMaxMs: 5 * 60_000,
  reconcileGraceMs: 30_000,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  idleMs: 5_000,
};

export interface SyncGateway {
  readonly client: TwilioClient;
  readonly kind: 'sandbox' | 'production';
  /** The practice's number: sender of outbound (unless a Messaging Service is used) and where inbound arrives. */
  readonly practiceNumber: string;
  readonly messagingServiceSid?: string;
}

export interface SyncEngineOptions {
  readonly outbox: OutboxStore;
  readonly inbox: InboxStore;
  readonly suppression: SuppressionList;
  readonly gateway: SyncGateway;
  readonly clock: Clock;
  readonly tuning?: Partial<SyncTuning>;
  readonly policy: () => GatePolicy;
  readonly baaOnFile: () => boolean;
  /** Durable R28 holds; in memory when absent. */
  readonly holds?: SenderHolds;
  /** Durable list of gateway redactions (R14); with `redactAfterSync`, bodies are removed at the gateway once synced. */
  readonly redactions?: RedactionQueue;
  readonly redactAfterSync?: () => boolean;
  readonly random?: () => number;
  /**
   * R25/R29: when CareRelay (not the gateway) answers STOP, HELP and START, the practice whose
   * name and number the answers carry; null when the gateway answers them itself.
   */
  readonly keywordReplies?: () => PracticeIdentity | null;
  /**
   * Several desks: whether this desk holds the sender lease. Every desk polls and applies
   * keywords (so a STOP suppresses on every desk at once and a locked desk never hides a text),
   * but only the leaseholder answers them, so a patient gets one confirmation (R25). Absent: yes.
   */
  readonly isSender?: () => boolean;
  /**
   * Several desks: a queued entry this desk holds back because the practice's sender sends it
   * (main/desks/outbox-handover.ts). Asked when the entry is picked and again, synchronously,
   * just before it is marked sending. Absent: none.
   */
  readonly holdsBack?: (entry: OutboxEntry) => boolean;
  readonly onConnectivity?: (state: Connectivity, queueDepth: number, lastContactAt: number | null) => void;
  readonly onOutboxChanged?: (clientIds: readonly string[]) => void;
  readonly onInboxAvailable?: (pending: number) => void;
  /** The gate or the gateway refused a message (audit it: no PHI). */
  readonly onRefused?: (entry: OutboxEntry, code: string) => void;
  /** A number newly added to the suppression list (not called when it was already there). */
  readonly onOptOut?: (number: string, source: 'inbound-keyword' | 'gateway-stop-list', cancelled: number) => void;
  readonly onOptIn?: (number: string) => void;
  /** 30034 / 30032: automated sending paused until the registration is fixed. */
  readonly onRegistrationProblem?: (code: number) => void;
  /** New inbound messages were journalled (R39: audit each receipt; no body). */
  readonly onInboundReceived?: (entries: readonly InboundEntry[]) => void;
  /** An outbound message became failed or undelivered (called once per message). */
  readonly onFinalFailure?: (entry: OutboxEntry, code: string | null) => void;
  /** R19: a "wrong number" reply put the number on hold until staff review it. */
  readonly onHeldForReview?: (number: string) => void;
  /** Automated sends to a number were suspended after repeated permanent failures. */
  readonly onNumberSuspended?: (number: string, code: number | null) => void;
  /** A redaction the gateway kept refusing was given up (code only). */
  readonly onRedactionAbandoned?: (sid: string, code: string) => void;
}

export interface SyncEngine {
  start(): void;
  stop(): Promise<void>;
  /** Wake the send loop (a new entry was queued). */
  kick(): void;
  /** Poll inbound now. */
  pollInboundNow(): Promise<void>;
  connectivity(): Connectivity;
  automatedPaused(): boolean;
  /** Lifts the durable automated-send halt; true when one was lifted. */
  resumeAutomated(): Promise<boolean>;
  /** Journals redactions of acknowledged inbound messages (when redaction is on). Call before the ack is recorded. */
  queueInboundRedactions(sids: readonly string[]): Promise<number>;
  /** Cancels pending entries to a number (STOP, staff), or only those for some purposes, or only those created before a time (ms); returns how many. */
  cancelPendingTo(number: string, reason: string, purposes?: readonly string[], createdBefore?: number): Promise<number>;
  /** The compliance gate's answer for this entry now, as the send loop would ask it. */
  gate(entry: OutboxEntry, now: number): GateDecision;
  /** Adds a number to the suppression list (staff-recorded revocation) and cancels what waits for it. */
  suppress(number: string): Promise<{ added: boolean; cancelled: number }>;
  /** Lifts a suppression after a documented re-opt-in recorded by staff (R27); true when one was lifted. */
  unsuppress(number: string): Promise<boolean>;
  /** R19: staff reviewed the wrong-number reply; true when a hold was lifted. */
  releaseReview(number: string): Promise<boolean>;
  /** True while the send loop has this entry in hand (between picking it and its outcome). */
  isBusy(clientId: string): boolean;
  /**
   * Several desks: takes an entry another desk handed over, as queued; or, when a sender that
   * went away had claimed it (`inDoubt`), as an in-doubt send that is reconciled against the
   * gateway's list (after the grace period) before any send. False when nothing changed.
   */
  adopt(entry: OutboxEntry, inDoubt: boolean): Promise<boolean>;
  /** Several desks: the sender's outcome for an entry handed over from here. False when nothing changed. */
  settle(clientId: string, outcome: Pick<OutboxEntry, 'state' | 'sid' | 'acceptedAt' | 'finalAt' | 'lastError'>): Promise<boolean>;
}

/** How long a HELP answer may still go after the text it answers, and how often one number gets it. */
const HELP_REPLY_WINDOW_MS = 15 * 60_000;
const HELP_REPLY_EVERY_MS = 60 * 60_000;

const iso = (t: number) => new Date(t).toISOString();
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const tuning: SyncTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { outbox, inbox, suppression, gateway, clock } = options;
  const random = options.random ?? Math.random;
  const pacer = createPacer(clock, tuning.messagesPerSecond);
  let controller = new AbortController();
  let wake = new AbortController();
  let loops: Promise<void>[] = [];
  const inFlight = new Set<string>();
  let consecutiveFailures = 0;
  let blockedUntil = 0;
  let state: Connectivity = 'online';
  let lastContactAt: number | null = null;
  const holds = options.holds ?? createMemorySenderHolds();
  const redactions = options.redactions ?? null;
  const redactOn = () => redactions !== null && (options.redactAfterSync?.() ?? false);
  const REDACT_MAX_ATTEMPTS = 5;
  let changed = new Set<string>();
  let changeTimer: NodeJS.Timeout | null = null;
  let inflightDone: (() => void) | null = null;

  const publishState = () => options.onConnectivity?.(state, outbox.queueDepth(), lastContactAt);
  const noteChanged = (id: string) => {
    changed.add(id);
    if (changeTimer) return;
    changeTimer = setTimeout(() => {
      changeTimer = null;
      const ids = [...changed];
      changed = new Set();
      options.onOutboxChanged?.(ids);
      publishState();
    }, 50);
  };
  const put = async (entry: OutboxEntry) => {
    await outbox.put(entry);
    noteChanged(entry.clientId);
  };
  const update = (e: OutboxEntry, change: Partial<OutboxEntry>): OutboxEntry => ({ ...e, ...change, updatedAt: iso(clock.now()) });

  function success() {
    consecutiveFailures = 0;
    blockedUntil = 0;
    lastContactAt = clock.now();
    if (state !== 'online') {
      state = 'online';
      kick();
    }
    publishState();
  }
  function failed(error: GatewayFailure) {
    consecutiveFailures++;
    blockedUntil = clock.now() + backoffDelay(consecutiveFailures, tuning.backoff, random, error.retryAfterMs);
    const next: Connectivity = error.kind === 'unreachable' || (error.kind === 'ambiguous' && consecutiveFailures >= 3) ? 'offline' : 'degraded';
    state = next;
    publishState();
  }
  function kick() {
    wake.abort();
  }
  async function idle(ms: number) {
    const signal = AbortSignal.any([controller.signal, wake.signal]);
    await clock.sleep(Math.max(1, ms), signal);
    if (wake.signal.aborted) wake = new AbortController();
  }

  const claimedSids = () => {
    const s = new Set<string>();
    for (const e of outbox.all()) if (e.sid) s.add(e.sid);
    return s;
  };

  function recentAutomated(to: string, now: number): number[] {
    const out: number[] = [];
    for (const e of outbox.all()) {
      if (e.to === to && isAutomated(e.origin) && e.acceptedAt && Date.parse(e.acceptedAt) > now - 86_400_000) out.push(Date.parse(e.acceptedAt));
    }
    return out;
  }

  function gate(entry: OutboxEntry, now: number): GateDecision {
    return evaluateSend(
      {
        to: entry.to,
        body: entry.body,
        automated: isAutomated(entry.origin),
        notBefore: entry.notBefore ? Date.parse(entry.notBefore) : null,
        notAfter: entry.notAfter ? Date.parse(entry.notAfter) : null,
        recipientTimeZone: entry.recipientTimeZone,
        recipientStates: entry.recipientStates,
        recipientWindow: entry.recipientWindow ?? null,
        now,
        suppressed: gateSuppression(suppression.get(entry.to)),
        gateway: { kind: gateway.kind, baaOnFile: options.baaOnFile() },
        recentAutomatedSends: recentAutomated(entry.to, now),
        numberSuspended: holds.isSuspended(entry.to),
        underReview: holds.underReview(entry.to),
        autoReply: entry.origin.kind === 'auto-reply' ? ((entry.origin.refs.reply as AutoReplyKind | undefined) ?? null) : null,
      },
      options.policy(),
    );
  }

  async function refuse(entry: OutboxEntry, code: RefusalCode | string) {
    await put(update(entry, { state: 'refused', lastError: code, finalAt: iso(clock.now()), needsReconcile: false, nextAttemptAt: null }));
    options.onRefused?.(entry, code);
  }

  async function cancelPendingTo(number: string, reason: string, purposes?: readonly string[], createdBefore?: number): Promise<number> {
    const covered = (e: OutboxEntry) => (!purposes || purposes.includes(e.purpose)) && (createdBefore === undefined || Date.parse(e.createdAt) < createdBefore);
    const victims = outbox.all().filter((e) => e.to === number && e.state === 'queued' && !inFlight.has(e.clientId) && covered(e));
    const now = iso(clock.now());
    const next = victims.map((e) => ({ ...e, state: 'cancelled' as const, lastError: reason, finalAt: now, updatedAt: now, nextAttemptAt: null }));
    if (next.length) {
      await outbox.putMany(next);
      for (const e of next) noteChanged(e.clientId);
    }
    return next.length;
  }

  async function optOut(number: string, source: 'inbound-keyword' | 'gateway-stop-list', keyword?: string): Promise<boolean> {
    const added = await suppression.add(number, { since: iso(clock.now()), source, ...(keyword ? { keyword } : {}) });
    const cancelled = await cancelPendingTo(number, 'CONSENT_REVOKED');
    if (added) options.onOptOut?.(number, source, cancelled);
    return added;
  }

  /**
   * Queues CareRelay's answer to an inbound keyword under an id made from the inbound SID, so a
   * re-polled message never answers twice (R25: at most one confirmation).
   */
  async function autoReply(kind: AutoReplyKind, m: InboundEntry, lang: ReplyLanguage): Promise<void> {
    const practice = options.keywordReplies?.() ?? null;
    if (!practice || !m.from) return;
    if (options.isSender && !options.isSender()) return; // another desk answers (one confirmation, R25)
    const clientId = `ar-${kind}-${m.sid}`;
    if (outbox.get(clientId)) return;
    const now = clock.now();
    const received = Date.parse(m.receivedAt);
    const window = kind === 'stop-confirmation' ? STOP_CONFIRMATION_WINDOW_MS : HELP_REPLY_WINDOW_MS;
    if (!(received + window > now)) return; // too late to be an answer (an old message seen on a first poll)
    if (kind === 'help') {
      if (suppression.get(m.from)) return; // R25: nothing but the one confirmation after an opt-out
      const recent = outbox.all().some((e) => e.to === m.from && e.origin.kind === 'auto-reply' && e.origin.refs.reply === 'help' && Date.parse(e.createdAt) > now - HELP_REPLY_EVERY_MS);
      if (recent) return;
    }
    const entry = newOutboxEntry(
      {
        clientId,
        to: m.from,
        body: autoReplyText(kind, practice, lang),
        origin: { kind: 'auto-reply', refs: { reply: kind, inbound: m.sid } },
        createdBy: 'system',
        purpose: 'care',
        notAfter: iso(received + window),
      },
      now,
    );
    await put(entry);
    kick();
  }

  /** R28 bookkeeping after a final outcome for `to`. */
  async function noteNumber(to: string, outcome: 'delivered' | { code: number | null }) {
    const r = await holds.record(to, outcome === 'delivered' ? { kind: 'delivered' } : { kind: 'failure', code: outcome.code, at: iso(clock.now()) });
    if (r.suspended) options.onNumberSuspended?.(to, r.health.lastCode);
  }

  // ---- sending ----------------------------------------------------------------------------

  function nextDue(now: number): { entry: OutboxEntry | null; wakeAt: number } {
    let best: OutboxEntry | null = null;
    let wakeAt = now + tuning.idleMs;
    for (const e of outbox.all()) {
      if (inFlight.has(e.clientId)) continue;
      if (e.state !== 'queued' && !(e.state === 'sending')) continue;
      if (e.state === 'queued' && holds.automatedHalt() !== null && isAutomated(e.origin)) continue;
      if (e.state === 'queued' && options.holdsBack?.(e)) continue;
      const due = e.nextAttemptAt ? Date.parse(e.nextAttemptAt) : 0;
      if (due > now) {
        wakeAt = Math.min(wakeAt, due);
        continue;
      }
      if (!best || e.createdAt < best.createdAt || (e.createdAt === best.createdAt && e.clientId < best.clientId)) best = e;
    }
    return { entry: best, wakeAt };
  }

  async function sendLoop() {
    const signal = controller.signal;
    while (!signal.aborted) {
      try {
        const now = clock.now();
        if (blockedUntil > now) {
          await idle(blockedUntil - now);
          continue;
        }
        if (inFlight.size >= tuning.maxInFlight) {
          await new Promise<void>((r) => (inflightDone = r));
          continue;
        }
        const { entry, wakeAt } = nextDue(now);
        if (!entry) {
          await idle(wakeAt - now);
          continue;
        }
        if (entry.state === 'sending') {
          // In doubt (a crash or an ambiguous failure): find out before any resend.
          inFlight.add(entry.clientId);
          try {
            await reconcile(entry);
          } finally {
            inFlight.delete(entry.clientId);
          }
          continue;
        }
        const decision = gate(entry, now);
        if (decision.action === 'refuse') {
          await refuse(entry, decision.code);
          continue;
        }
        if (decision.action === 'defer') {
          await put(update(entry, { nextAttemptAt: iso(decision.until), lastError: decision.code }));
          continue;
        }
        if (!(await pacer.acquire(signal))) break;
        // Handed to the practice's sender meanwhile (checked with no await before inFlight.add).
        const current = outbox.get(entry.clientId);
        if (!current || current.state !== 'queued' || options.holdsBack?.(current)) continue;
        inFlight.add(entry.clientId);
        const sending = update(entry, { state: 'sending', attempts: entry.attempts + 1, sendingAt: iso(clock.now()), needsReconcile: true, nextAttemptAt: null });
        try {
          await put(sending);
        } catch (error) {
          inFlight.delete(entry.clientId);
          throw error;
        }
        void create(sending).finally(() => {
          inFlight.delete(entry.clientId);
          inflightDone?.();
          inflightDone = null;
        });
      } catch {
        // A journal write failed (disk full?): wait and try again; nothing is dropped.
        await idle(tuning.backoff.maxMs);
      }
    }
  }

  async function create(entry: OutboxEntry) {
    const result = await gateway.client.create({
      to: entry.to,
      body: entry.body,
      ...(gateway.messagingServiceSid ? { messagingServiceSid: gateway.messagingServiceSid } : { from: gateway.practiceNumber }),
    });
    const now = clock.now();
    if (result.ok) {
      success();
      await put(update(entry, { state: 'accepted', sid: result.value.sid, acceptedAt: iso(now), needsReconcile: false, lastError: null, nextStatusPollAt: iso(now + tuning.statusPollMs) }));
      return;
    }
    const error = result.error;
    if (error.kind === 'rejected') {
      success(); // the gateway answered
      const code = error.info.code;
      if (code === 21610) {
        await refuse(entry, '21610');
        await optOut(entry.to, 'gateway-stop-list');
        return;
      }
      const lastError = code !== null ? String(code) : `HTTP_${error.httpStatus ?? 0}`;
      await put(update(entry, { state: 'failed', lastError, finalAt: iso(now), needsReconcile: false }));
      options.onFinalFailure?.(entry, lastError);
      if (code === 30034 || code === 30032) await pauseAutomated(code);
      else await noteNumber(entry.to, { code });
      return;
    }
    failed(error);
    if (!error.maybeDelivered) {
      // Certainly not created (refused connection, 429): back in the queue, in order.
      await put(update(entry, { state: 'queued', needsReconcile: false, lastError: error.info.code !== null ? String(error.info.code) : error.detail }));
      return;
    }
    await put(update(entry, { needsReconcile: true, lastError: error.detail, nextAttemptAt: iso(now + Math.min(tuning.reconcileGraceMs, backoffDelay(1, tuning.backoff, random))) }));
  }

  async function reconcile(entry: OutboxEntry) {
    const listed: GatewayMessage[] = [];
    const maxPages = tuning.reconcileMaxPages ?? 20;
    let reachedEntry = false;
    let moreListed = false;
    const result = await gateway.client.list(
      { to: entry.to, ...(gateway.messagingServiceSid ? {} : { from: gateway.practiceNumber }), pageSize: tuning.reconcilePageSize ?? 50 },
      (page) => {
        listed.push(...page.messages);
        reachedEntry = listedPastEntry(entry, page.messages);
        moreListed = page.nextPageUri !== null;
        return !reachedEntry;
      },
      maxPages,
    );
    const now = clock.now();
    if (!result.ok) {
      failed(result.error);
      await put(update(entry, { nextAttemptAt: iso(now + backoffDelay(consecutiveFailures, tuning.backoff, random)) }));
      return;
    }
    success();
    const claimed = claimedSids();
    const match = pickMatch(entry, listed, claimed);
    if (match) {
      const mapped = mapStatus(match);
      await put(update(entry, { state: 'accepted', sid: match.sid, acceptedAt: iso(match.dateCreated ?? now), needsReconcile: false, lastError: null, nextStatusPollAt: iso(now) }));
      if (mapped !== 'accepted') await applyStatus(outbox.get(entry.clientId)!, match);
      return;
    }
    const attemptAt = entry.sendingAt ? Date.parse(entry.sendingAt) : 0;
    if (now - attemptAt < tuning.reconcileGraceMs) {
      await put(update(entry, { nextAttemptAt: iso(attemptAt + tuning.reconcileGraceMs) }));
      return;
    }
    // Listing stopped at its page limit before reaching the entry's time: the message may be
    // further back. Not proof that it never arrived, so it is not sent again; look later.
    if (!reachedEntry && moreListed) {
      await put(update(entry, { lastError: 'RECONCILE_INCONCLUSIVE', nextAttemptAt: iso(now + Math.max(tuning.reconcileGraceMs, backoffDelay(consecutiveFailures + 3, tuning.backoff, random))) }));
      return;
    }
    // The gateway has no such message: it never arrived. Safe to send again.
    await put(update(entry, { state: 'queued', needsReconcile: false, nextAttemptAt: null }));
  }

  async function pauseAutomated(code: number) {
    if (await holds.haltAutomated(code, iso(clock.now()))) options.onRegistrationProblem?.(code);
  }

  // ---- status -----------------------------------------------------------------------------

  function mapStatus(m: GatewayMessage): OutboxState {
    switch (m.status) {
      case 'sent':
        return 'sent';
      case 'delivered':
      case 'read':
        return 'delivered';
      case 'undelivered':
        return 'undelivered';
      case 'failed':
        return 'failed';
      case 'canceled':
        return 'cancelled';
      default:
        return 'accepted';
    }
  }

  async function applyStatus(entry: OutboxEntry, m: GatewayMessage) {
    const now = clock.now();
    let next = mapStatus(m);
    if (next === 'cancelled') next = 'failed';
    if (next === entry.state || (next === 'accepted' && entry.state === 'sent')) {
      const polls = entry.nextStatusPollAt ? Math.max(1, Math.round(Math.log2(Math.max(1, (now - Date.parse(entry.acceptedAt ?? iso(now))) / tuning.statusPollMs)))) : 1;
      await put(update(entry, { nextStatusPollAt: iso(now + Math.min(tuning.statusPollMaxMs, tuning.statusPollMs * 2 ** Math.min(polls, 10))) }));
      return;
    }
    const final = FINAL_STATES.has(next);
    // Journal the redaction before the final state, so a crash in between cannot forget it.
    if (final && redactOn() && (entry.sid ?? m.sid)) await redactions!.add([{ sid: entry.sid ?? m.sid, origin: 'outbound' }]);
    const lastError = m.errorCode !== null ? String(m.errorCode) : entry.lastError;
    await put(update(entry, { state: next, lastError, finalAt: final ? iso(now) : null, nextStatusPollAt: final ? null : iso(now + tuning.statusPollMs) }));
    if (m.errorCode === 30034 || m.errorCode === 30032) await pauseAutomated(m.errorCode);
    else if (next === 'delivered') await noteNumber(entry.to, 'delivered');
    else if (next === 'failed' || next === 'undelivered') await noteNumber(entry.to, { code: m.errorCode });
    if (next === 'failed' || next === 'undelivered') options.onFinalFailure?.(entry, lastError);
  }

  async function statusLoop() {
    const signal = controller.signal;
    while (!signal.aborted) {
      const now = clock.now();
      const due = outbox
        .all()
        .filter((e) => (e.state === 'accepted' || e.state === 'sent') && e.sid && (!e.nextStatusPollAt || Date.parse(e.nextStatusPollAt) <= now))
        .slice(0, 20);
      if (due.length === 0 || blockedUntil > now) {
        await clock.sleep(Math.min(tuning.statusPollMs, 1000), signal);
        continue;
      }
      await Promise.all(
        due.map(async (e) => {
          const r = await gateway.client.fetch(e.sid!);
          if (!r.ok) {
            if (r.error.info.kind === 'not-found') await put(update(e, { nextStatusPollAt: iso(clock.now() + tuning.statusPollMaxMs) }));
            else failed(r.error);
            return;
          }
          success();
          const current = outbox.get(e.clientId);
          if (current && !FINAL_STATES.has(current.state)) await applyStatus(current, r.value);
        }),
      ).catch(() => undefined);
    }
  }

  // ---- inbound ----------------------------------------------------------------------------

  let polling: Promise<void> | null = null;
  async function pollInbound(): Promise<void> {
    const started = clock.now();
    const cursor = inbox.cursor();
    const from = (cursor ?? started - tuning.initialLookbackMs) - tuning.inboundOverlapMs;
    const fresh: GatewayMessage[] = [];
    const seenNow = new Set<string>();
    const result = await gateway.client.list(
      { to: gateway.practiceNumber, dateSentOnOrAfter: utcDay(from), pageSize: 100 },
      (page) => {
        for (const m of page.messages) {
          if (m.direction !== 'inbound' || inbox.hasSeen(m.sid) || seenNow.has(m.sid)) continue;
          seenNow.add(m.sid);
          fresh.push(m);
        }
        // Newest first: once a whole page is older than the window, the rest is too.
        return !(page.messages.length > 0 && page.messages.every((m) => (m.dateSent ?? m.dateCreated ?? 0) < from));
      },
      1000,
    );
    if (!result.ok) {
      failed(result.error);
      return;
    }
    success();
    fresh.sort((a, b) => (a.dateSent ?? 0) - (b.dateSent ?? 0));
    const collectedAt = iso(clock.now());
    const wrongNumber = new Set<string>();
    const entries: InboundEntry[] = fresh.map((m) => {
      const k = classifyInbound(m.body);
      // R22: loosely written keywords ("S T O P", "st0p") act like the keyword; revocations in
      // words and look-alikes are flagged for staff (shared/consent/opt-out-classifier.ts).
      // R19: a "wrong number" reply holds the number until staff review it.
      const intent = classifyIntent(m.body);
      if (intent.intent === 'wrong-number') wrongNumber.add(m.sid);
      const loose = intent.action === 'act' && (intent.intent === 'stop' || intent.intent === 'help' || intent.intent === 'start') ? intent.intent : null;
      return {
        sid: m.sid,
        from: m.from ?? '',
        to: m.to ?? gateway.practiceNumber,
        body: m.body,
        receivedAt: iso(m.dateSent ?? m.dateCreated ?? clock.now()),
        numMedia: m.numMedia,
        keyword: k.keyword ?? loose,
        stopIntent: k.stopIntent || (intent.intent === 'stop' && intent.action === 'review'),
        collectedAt,
      };
    });
    // Keywords act first (R24: pending sends cancelled at once), then the messages are kept;
    // CareRelay answers them when the gateway does not (R25, R29).
    for (const e of entries) {
      if (!e.from) continue;
      const lang: ReplyLanguage = classifyInbound(e.body).language === 'es' ? 'es' : 'en';
      if (e.keyword === 'stop') {
        if (await optOut(e.from, 'inbound-keyword', keywordOf(e.body))) await autoReply('stop-confirmation', e, lang);
      } else if (e.keyword === 'start') {
        if (await suppression.remove(e.from)) {
          options.onOptIn?.(e.from);
          await autoReply('start-confirmation', e, lang);
        }
      } else if (e.keyword === 'help') await autoReply('help', e, lang);
      else if (wrongNumber.has(e.sid) && (await holds.holdForReview(e.from, iso(clock.now())))) options.onHeldForReview?.(e.from);
    }
    await inbox.add(entries, started);
    if (entries.length) {
      options.onInboundReceived?.(entries);
      options.onInboxAvailable?.(inbox.pendingCount());
    }
  }

  // ---- redaction (R14) -------------------------------------------------------------------

  async function redactLoop() {
    const signal = controller.signal;
    while (!signal.aborted) {
      try {
        const now = clock.now();
        if (!redactions || !redactOn() || blockedUntil > now || nextDue(now).entry !== null) {
          // Off, backing off, or sends are due (they go first): look again shortly.
          await clock.sleep(Math.max(1, Math.min(tuning.idleMs, blockedUntil > now ? blockedUntil - now : tuning.idleMs)), signal);
          continue;
        }
        const { item, wakeAt } = redactions.next(now);
        if (!item) {
          await clock.sleep(Math.max(1, Math.min(tuning.idleMs, wakeAt === null ? tuning.idleMs : wakeAt - now)), signal);
          continue;
        }
        if (!(await pacer.acquire(signal))) break;
        const r = await gateway.client.redact(item.sid);
        if (r.ok) {
          success();
          await redactions.done(item.sid, 'redacted');
        } else if (r.error.info.kind === 'not-found') {
          success();
          await redactions.done(item.sid, 'gone');
        } else if (r.error.kind === 'rejected') {
          success();
          const attempts = item.attempts + 1;
          const code = r.error.info.code !== null ? `GATEWAY_${r.error.info.code}` : `HTTP_${r.error.httpStatus ?? 0}`;
          if (attempts >= REDACT_MAX_ATTEMPTS) {
            await redactions.done(item.sid, 'abandoned');
            options.onRedactionAbandoned?.(item.sid, code);
          } else await redactions.retryLater(item.sid, attempts, clock.now() + tuning.statusPollMaxMs * attempts);
        } else failed(r.error);
      } catch {
        // A journal write failed: wait and try again; the redaction stays pending.
        await clock.sleep(tuning.backoff.maxMs, signal);
      }
    }
  }

  async function inboundLoop() {
    const signal = controller.signal;
    while (!signal.aborted) {
      await pollInboundNow().catch(() => undefined);
      await clock.sleep(tuning.inboundPollMs, signal);
    }
  }

  function pollInboundNow(): Promise<void> {
    polling ??= pollInbound().finally(() => (polling = null));
    return polling;
  }

  return {
    start() {
      controller = new AbortController();
      publishState();
      loops = [sendLoop(), statusLoop(), inboundLoop(), redactLoop()];
    },
    async stop() {
      controller.abort();
      inflightDone?.();
      await Promise.all(loops);
      while (inFlight.size > 0) await new Promise((r) => setTimeout(r, 5));
      if (changeTimer) {
        clearTimeout(changeTimer);
        changeTimer = null;
      }
    },
    kick,
    pollInboundNow,
    connectivity: () => state,
    automatedPaused: () => holds.automatedHalt() !== null,
    async resumeAutomated() {
      const lifted = await holds.resumeAutomated();
      kick();
      return lifted;
    },
    async queueInboundRedactions(sids) {
      if (!redactOn() || sids.length === 0) return 0;
      return redactions!.add(sids.map((sid) => ({ sid, origin: 'inbound' as const })));
    },
    cancelPendingTo,
    gate,
    isBusy: (clientId) => inFlight.has(clientId),
    async adopt(entry, inDoubt) {
      const now = clock.now();
      const existing = outbox.get(entry.clientId);
      if (existing && (!inDoubt || existing.state !== 'queued' || inFlight.has(entry.clientId))) return false;
      const base = existing ?? { ...entry, state: 'queued' as const, sid: null, attempts: 0, sendingAt: null, needsReconcile: false, nextAttemptAt: null, acceptedAt: null, finalAt: null, lastError: null, nextStatusPollAt: null };
      // In doubt: reconciled once the grace period since now has passed (the other desk's send may still be on its way).
      const next = inDoubt ? update(base, { state: 'sending', sendingAt: iso(now), needsReconcile: true, nextAttemptAt: iso(now + tuning.reconcileGraceMs), lastError: 'TAKEN_OVER' }) : update(base, {});
      if (!existing && inDoubt) await outbox.put(update(base, {}));
      await put(next);
      kick();
      return true;
    },
    async settle(clientId, outcome) {
      const existing = outbox.get(clientId);
      if (!existing || FINAL_STATES.has(existing.state) || existing.state === outcome.state || outcome.state === 'queued' || outcome.state === 'sending' || inFlight.has(clientId)) return false;
      // The sender polls the gateway for it: this desk does not (far in the future).
      const settled = update(existing, { ...outcome, needsReconcile: false, nextAttemptAt: null, nextStatusPollAt: iso(clock.now() + 365 * 86_400_000) });
      const steps = existing.state === 'queued' ? [update(existing, { state: 'sending', sendingAt: iso(clock.now()), needsReconcile: false }), settled] : [settled];
      if (!steps.every((step, i) => canTransition(i === 0 ? existing.state : steps[i - 1]!.state, step.state))) return false;
      for (const step of steps) await outbox.put(step); // one at a time: each change is checked against the one before
      noteChanged(clientId);
      return true;
    },
    async suppress(number) {
      const added = await suppression.add(number, { since: iso(clock.now()), source: 'staff' });
      const cancelled = await cancelPendingTo(number, 'CONSENT_REVOKED');
      return { added, cancelled };
    },
    async releaseReview(number) {
      const lifted = await holds.releaseReview(number);
      if (lifted) kick();
      return lifted;
    },
    async unsuppress(number) {
      const removed = await suppression.remove(number);
      if (removed) kick();
      return removed;
    },
  };
}
