/**
 * Owns gateway sync inside the app: opens the outbox, inbox and suppression list (separate
 * folders for training and production, so simulated traffic never reaches a real gateway),
 * starts the sandbox gateway in training mode or a client for the configured real gateway,
 * runs the engine (also while the screens are locked), feeds the status indicator and the
 * `outbox.changed` / `inbox.available` events, audits refusals, opt-outs, inbound receipts and
 * failed deliveries (numbers as keyed hashes, never bodies), removes synced message text from a
 * production gateway when the setting is on (R14), keeps the R28 holds, and implements the sync
 * IPC channels. Secrets are never logged, audited or returned in full.
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { autoReplyText, type PracticeIdentity } from '../../shared/consent/keyword-replies';
import type { EventName, EventPayloadOf } from '../../shared/ipc';
import type { campaignChannels } from '../../shared/ipc/channels/campaigns';
import type { InboundMessageView, OutboxEntryView, GatewaySettingsView, syncChannels } from '../../shared/ipc/channels/sync';
import { DEFAULT_GATE_POLICY, type GatePolicy } from '../../shared/sync/compliance-gate';
import { explainDeliveryCode } from '../../shared/sync/delivery-reasons';
import type { OutboxEntry } from '../../shared/sync/outbox-model';
import { SYSTEM_ACTOR, type AuditEvent } from '../audit/audit-record';
import type { GatewayStatusService } from '../gateway/gateway-status';
import { DEMO_TIMING, REALISTIC_TIMING, startSandboxGateway, type SandboxGateway } from '../gateway/sandbox/sandbox-gateway';
import { createTwilioClient, validateBaseUrl, type TwilioClient } from '../gateway/twilio-client';
import { IpcFailure, type AppHandlers } from '../ipc/ipc-router';
import { createOffsetClock, realClock, type Clock } from './clock';
import { createGatewaySettingsStore, keywordRepliesFor, secretHint, type GatewaySettings } from './gateway-settings-store';
import { openInboxStore, type InboundEntry, type InboxStore } from './inbox-store';
import { newOutboxEntry } from './outbox-entry';
import { openOutboxStore, type OutboxStore } from './outbox-store';
import { openRedactionQueue, type RedactionQueue } from './redaction-queue';
import { openSenderHolds, type SenderHolds } from './sender-holds';
import { openSuppressionList, type SuppressionList } from './suppression-list';
import { decideConsentAction, nextConsentState, type ConsentAction, type NumberConsentState } from '../../shared/replication/consent-actions';
import { withdrawCovers, type QueueAction } from '../../shared/replication/queue-actions';
import { createEncryptedFileStore, type EncryptedFileStore } from '../store/encrypted-file-store';
import { createSyncEngine, type SyncEngine, type SyncTuning } from './sync-engine';

export interface SyncServiceOptions {
  readonly storeDir: string;
  readonly key: Uint8Array;
  readonly keyId: string;
  readonly status: GatewayStatusService;
  readonly publish: <E extends EventName>(name: E, payload: EventPayloadOf<E>) => void;
  readonly audit: (event: AuditEvent) => Promise<unknown>;
  readonly practiceTimeZone: () => string;
  /** The practice's name and phone for CareRelay's automatic answers (null before set-up). */
  readonly practice?: () => PracticeIdentity | null;
  /** Several desks: whether this desk holds the sender lease (absent: it is the only desk). */
  readonly isSender?: () => boolean;
  readonly sandboxTiming?: 'realistic' | 'fast';
  readonly tuning?: Partial<SyncTuning>;
  readonly clock?: Clock;
  /** Tests only: redact synced messages on the training sandbox too (never on by default in training). */
  readonly sandboxRedaction?: boolean;
  /** Request timeout for test connection (default 10 s). */
  readonly testConnectionTimeoutMs?: number;
  /** Tests only: a "real" gateway may be a second sandbox on plain http at 127.0.0.1. Never in the app. */
  readonly allowLoopbackHttpGateway?: boolean;
  /** Inbound messages were collected (a count only: the OS notification). */
  readonly onInbound?: (count: number) => void;
  /** Several desks: a consent action or withdrawal staff recorded here, for every other desk's sending queue. */
  readonly shareAction?: (action: QueueAction) => void;
  /** The time shared actions are stamped with (several desks: the server's clock). */
  readonly actionClock?: () => number;
  /** Several desks: queued entries this desk holds back for the practice's sender (outbox-handover.ts). */
  readonly holdsBack?: (entry: OutboxEntry, mode: 'training' | 'production') => boolean;
}

/** Queue actions already applied to this mode's queue, and the latest revocation or re-opt-in per number. */
interface ConsentLog {
  applied: string[];
  latest: Record<string, NumberConsentState>;
}
const CONSENT_LOG_LIMIT = 20_000;

export interface Actor {
  readonly id: string;
  readonly role: 'front-desk' | 'practice-manager' | 'administrator';
}

export interface SyncService {
  start(): Promise<void>;
  /**
   * Several desks: applies consent actions and withdrawals recorded at other desks to this desk's
   * queue (each once, by the rules in shared/replication/consent-actions.ts and
   * queue-actions.ts); returns how many were new.
   */
  applyQueueActions(actions: readonly QueueAction[]): Promise<number>;
  /** Several desks: the running queue, for handing entries to the practice's sender (null while none runs). */
  queue(): HandoverQueue | null;
  handlers(actor: () => Actor): SyncHandlers;
  readonly sandbox: () => SandboxGateway | null;
  dispose(): Promise<void>;
}

/** What the outbox hand-over between desks uses of the running queue. */
export interface HandoverQueue {
  readonly mode: 'training' | 'production';
  all(): OutboxEntry[];
  get(clientId: string): OutboxEntry | undefined;
  isBusy(clientId: string): boolean;
  adopt(entry: OutboxEntry, inDoubt: boolean): Promise<boolean>;
  settle(clientId: string, outcome: Pick<OutboxEntry, 'state' | 'sid' | 'acceptedAt' | 'finalAt' | 'lastError'>): Promise<boolean>;
  /** Cancels an entry still waiting here (not in hand); false when it is not. */
  cancel(clientId: string, reason: string): Promise<boolean>;
}

export type SyncChannel = keyof typeof syncChannels | keyof typeof campaignChannels | 'training.getState' | 'training.simulateInbound' | 'training.setOutage';
export type SyncHandlers = Pick<AppHandlers, SyncChannel>;


const SUSPENDED_WARNING = 'Recent texts to this number kept failing at the carrier, so automated texts to it are suspended. This reply will be tried, but it may not arrive: consider calling the patient.';

/** An audit detail code from free parts (upper case, digits and underscores only). */
const detailCode = (...parts: string[]) => parts.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 48);

function explain(code: string | null): string | null {
  return explainDeliveryCode(code)?.explanation ?? null;
}

export function toOutboxView(e: OutboxEntry): OutboxEntryView {
  return {
    clientId: e.clientId,
    to: e.to,
    body: e.body,
    origin: { kind: e.origin.kind, refs: { ...e.origin.refs } },
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    notBefore: e.notBefore,
    notAfter: e.notAfter,
    state: e.state,
    sid: e.sid,
    attempts: e.attempts,
    acceptedAt: e.acceptedAt,
    finalAt: e.finalAt,
    updatedAt: e.updatedAt,
    nextAttemptAt: e.nextAttemptAt,
    errorCode: e.lastError,
    errorText: explain(e.lastError),
  };
}

const toInboundView = (m: InboundEntry): InboundMessageView => ({
  sid: m.sid,
  from: m.from,
  to: m.to,
  body: m.body,
  receivedAt: m.receivedAt,
  numMedia: m.numMedia,
  keyword: m.keyword,
  stopIntent: m.stopIntent,
});

interface Running {
  mode: 'training' | 'production';
  /** Training tools: the sandbox is cut off (a simulated outage). */
  outage: boolean;
  outbox: OutboxStore;
  inbox: InboxStore;
  suppression: SuppressionList;
  engine: SyncEngine;
  sandbox: SandboxGateway | null;
  client: TwilioClient;
  holds: SenderHolds;
  redactions: RedactionQueue;
  consentLog: EncryptedFileStore<ConsentLog>;
}

export function createSyncService(options: SyncServiceOptions): SyncService {
  const wallClock = options.clock ?? realClock;
  // Training mode's clock can be moved forward (training.advanceClock); a real gateway's never.
  const trainingClock = createOffsetClock(wallClock);
  let clock: Clock = wallClock;
  const loopbackHttp = options.allowLoopbackHttpGateway === true;
  const settingsStore = createGatewaySettingsStore(options.storeDir, options.key, options.keyId);
  let settings: GatewaySettings | null = null;
  let running: Running | null = null;
  let switching: Promise<void> = Promise.resolve();
  const audit = (e: AuditEvent) => void options.audit(e).catch(() => undefined);
  // Phone numbers never enter the audit trail: a keyed, truncated hash identifies the number.
  const numberRef = (n: string) => `pn-${createHmac('sha256', options.key).update(`audit-number:${n}`).digest('hex').slice(0, 16)}`;

  const policy = (): GatePolicy => ({ ...DEFAULT_GATE_POLICY, practiceTimeZone: options.practiceTimeZone() });

  async function open(current: GatewaySettings): Promise<Running> {
    clock = current.mode === 'training' ? trainingClock : wallClock;
    const dir = path.join(options.storeDir, 'sync', current.mode);
    const outbox = await openOutboxStore({ dir, key: options.key, keyId: options.keyId, now: () => clock.now() });
    const inbox = await openInboxStore({ dir, key: options.key, keyId: options.keyId, now: () => clock.now() });
    const suppression = await openSuppressionList({ dir, key: options.key, keyId: options.keyId });
    const holds = await openSenderHolds({ dir, key: options.key, keyId: options.keyId });
    const redactions = await openRedactionQueue({ dir, key: options.key, keyId: options.keyId, now: () => clock.now() });
    const consentLog = createEncryptedFileStore<ConsentLog>({
      dir,
      name: 'consent-actions',
      key: options.key,
      keyId: options.keyId,
      parse: (d) => {
        const doc = d as ConsentLog;
        if (!doc || !Array.isArray(doc.applied) || typeof doc.latest !== 'object') throw new Error('bad consent log');
        return doc;
      },
    });
    let sandbox: SandboxGateway | null = null;
    let client: TwilioClient;
    let practiceNumber: string;
    if (current.mode === 'training') {
      sandbox = await startSandboxGateway({
        timing: options.sandboxTiming === 'fast' ? DEMO_TIMING : REALISTIC_TIMING,
        messagesPerSecond: 10,
        keywordHandling: keywordRepliesFor(current),
        clock: () => trainingClock.now(),
      });
      client = createTwilioClient({ baseUrl: sandbox.url, accountSid: sandbox.accountSid, username: sandbox.username, password: sandbox.password, allowLoopbackHttp: true });
      practiceNumber = sandbox.practiceNumber;
    } else {
      if (!current.baseUrl || !current.accountSid || !current.apiKeySid || !current.secret || !current.fromNumber) throw new Error('incomplete production settings');
      client = createTwilioClient({ baseUrl: current.baseUrl, accountSid: current.accountSid, username: current.apiKeySid, password: current.secret, allowLoopbackHttp: loopbackHttp });
      practiceNumber = current.fromNumber;
    }
    const kind = current.mode === 'training' ? 'sandbox' : 'production';
    const engine = createSyncEngine({
      outbox,
      inbox,
      suppression,
      gateway: { client, kind, practiceNumber, ...(current.messagingServiceSid ? { messagingServiceSid: current.messagingServiceSid } : {}) },
      clock,
      tuning: { messagesPerSecond: current.messagesPerSecond, ...(options.sandboxTiming === 'fast' && current.mode === 'training' ? { inboundPollMs: 300, statusPollMs: 150, statusPollMaxMs: 300 } : {}), ...options.tuning },
      policy,
      baaOnFile: () => settings?.baa !== null && settings?.baa !== undefined,
      holds,
      redactions,
      keywordReplies: () => (keywordRepliesFor(settings ?? current) === 'app' ? (options.practice?.() ?? null) : null),
      ...(options.isSender ? { isSender: options.isSender } : {}),
      ...(options.holdsBack ? { holdsBack: (e: OutboxEntry) => options.holdsBack!(e, current.mode) } : {}),
      // R14: on a production gateway as set (default on); in training only when a test asks for it.
      redactAfterSync: () => (current.mode === 'production' ? (settings?.redactAfterSync ?? true) : options.sandboxRedaction === true),
      onConnectivity: (state, queueDepth, lastContactAt) =>
        options.status.update({ state, queueDepth, lastContactAt: lastContactAt === null ? null : new Date(lastContactAt).toISOString(), kind }),
      onOutboxChanged: (clientIds) => options.publish('outbox.changed', { clientIds: clientIds.slice(0, 1000), queueDepth: outbox.queueDepth() }),
      onInboxAvailable: (pending) => options.publish('inbox.available', { pending }),
      onRefused: (entry, code) => audit({ ...SYSTEM_ACTOR, action: 'message.send', objectType: 'message', objectId: entry.clientId, outcome: 'denied', detail: code }),
      onOptOut: (n, source) => audit({ ...SYSTEM_ACTOR, action: 'consent.revoke', objectType: 'phone-number', objectId: numberRef(n), outcome: 'success', detail: source === 'gateway-stop-list' ? 'GATEWAY_21610' : 'INBOUND_STOP' }),
      onOptIn: (n) => audit({ ...SYSTEM_ACTOR, action: 'consent.re-opt-in', objectType: 'phone-number', objectId: numberRef(n), outcome: 'success', detail: 'INBOUND_START' }),
      onRegistrationProblem: (code) => audit({ ...SYSTEM_ACTOR, action: 'gateway.registration-problem', objectType: 'gateway', objectId: 'messaging', outcome: 'failure', detail: `GATEWAY_${code}` }),
      onInboundReceived: (entries) => {
        for (const m of entries) {
          const kind = m.keyword ? `KEYWORD_${m.keyword}` : m.numMedia > 0 ? 'MMS' : 'SMS';
          audit({ ...SYSTEM_ACTOR, action: 'message.receive', objectType: 'phone-number', objectId: m.from ? numberRef(m.from) : 'unknown-sender', outcome: 'success', detail: detailCode(kind) });
        }
        options.onInbound?.(entries.length);
      },
      onFinalFailure: (entry, code) =>
        audit({ ...SYSTEM_ACTOR, action: 'message.delivery', objectType: 'message', objectId: entry.clientId, outcome: 'failure', detail: detailCode(code ?? 'NO_CODE') }),
      onHeldForReview: (n) => audit({ ...SYSTEM_ACTOR, action: 'message.number-review', objectType: 'phone-number', objectId: numberRef(n), outcome: 'success', detail: 'WRONG_NUMBER_HOLD' }),
      onNumberSuspended: (n, code) =>
        audit({ ...SYSTEM_ACTOR, action: 'message.number-suspend', objectType: 'phone-number', objectId: numberRef(n), outcome: 'success', detail: detailCode('GATEWAY', String(code ?? 'NONE')) }),
      onRedactionAbandoned: (sid, code) => audit({ ...SYSTEM_ACTOR, action: 'gateway.redact', objectType: 'message', objectId: sid, outcome: 'failure', detail: detailCode(code) }),
    });
    options.status.update({ kind, queueDepth: outbox.queueDepth() });
    engine.start();
    return { mode: current.mode, outage: false, outbox, inbox, suppression, engine, sandbox, client, holds, redactions, consentLog };
  }

  async function close(r: Running) {
    await r.engine.stop();
    await r.outbox.close();
    await r.inbox.close();
    await r.redactions.close();
    await r.sandbox?.close();
  }

  /** Stops the current engine and starts one for `next` (one switch at a time). */
  function restart(next: GatewaySettings): Promise<void> {
    const op = switching.then(async () => {
      if (running) await close(running);
      running = null;
      running = await open(next);
    });
    switching = op.catch(() => undefined);
    return op;
  }

  async function need(): Promise<Running> {
    await switching;
    if (!running) throw new IpcFailure('UNAVAILABLE', 'Gateway sync is not running. Check the gateway settings.');
    return running;
  }

  const settingsView = (s: GatewaySettings): GatewaySettingsView => ({
    mode: s.mode,
    baseUrl: s.baseUrl,
    accountSid: s.accountSid,
    apiKeySid: s.apiKeySid,
    secretHint: secretHint(s.secret),
    fromNumber: s.fromNumber,
    messagingServiceSid: s.messagingServiceSid,
    messagesPerSecond: s.messagesPerSecond,
    redactAfterSync: s.redactAfterSync,
    keywordReplies: keywordRepliesFor(s),
    baa: s.baa,
    automatedPaused: running?.engine.automatedPaused() ?? false,
    automatedHalt: running?.holds.automatedHalt() ?? null,
    suspendedNumbers: running?.holds.suspendedCount() ?? 0,
    pendingRedactions: running?.redactions.pendingCount() ?? 0,
  });

  /** Fields whose change needs a new client and engine. */
  const CONNECTION_FIELDS = ['mode', 'baseUrl', 'accountSid', 'apiKeySid', 'secret', 'fromNumber', 'messagingServiceSid', 'messagesPerSecond'] as const;
  const connectionChanged = (a: GatewaySettings, b: GatewaySettings) => CONNECTION_FIELDS.some((f) => a[f] !== b[f]);

  /** Records consent actions as applied to this mode's queue (and the number's latest state). */
  async function logConsent(r: Running, actions: readonly QueueAction[]): Promise<void> {
    await r.consentLog.update((snap) => {
      const log: ConsentLog = snap?.data ?? { applied: [], latest: {} };
      const latest = { ...log.latest };
      for (const a of actions) {
        if (a.kind === 'withdraw') continue;
        const next = nextConsentState(a, latest[a.number]);
        if (next) latest[a.number] = next;
      }
      const applied = [...log.applied, ...actions.map((a) => a.id)].slice(-CONSENT_LOG_LIMIT);
      return { applied, latest };
    });
  }

  const actionNow = () => options.actionClock?.() ?? wallClock.now();

  /** Cancels the waiting sends a withdrawal covers (recorded at `at`); returns them. */
  async function withdraw(r: Running, action: Pick<QueueAction & { kind: 'withdraw' }, 'campaignId' | 'appointmentId' | 'reason'>, at: number): Promise<OutboxEntry[]> {
    const now = new Date(clock.now()).toISOString();
    const reason = `WITHDRAWN_${action.reason.toUpperCase().replace(/-/g, '_')}`;
    const victims = r.outbox.all().filter((e) => withdrawCovers(action, at, e));
    if (victims.length) await r.outbox.putMany(victims.map((e) => ({ ...e, state: 'cancelled' as const, lastError: reason, finalAt: now, updatedAt: now, nextAttemptAt: null })));
    if (victims.length) options.publish('outbox.changed', { clientIds: victims.map((e) => e.clientId).slice(0, 1000), queueDepth: r.outbox.queueDepth() });
    options.status.update({ queueDepth: r.outbox.queueDepth() });
    return victims;
  }

  return {
    sandbox: () => running?.sandbox ?? null,
    queue() {
      const r = running;
      if (!r) return null;
      return {
        mode: r.mode,
        all: () => r.outbox.all(),
        get: (id) => r.outbox.get(id),
        isBusy: (id) => r.engine.isBusy(id),
        adopt: (entry, inDoubt) => r.engine.adopt(entry, inDoubt),
        settle: (id, outcome) => r.engine.settle(id, outcome),
        async cancel(id, reason) {
          const e = r.outbox.get(id);
          if (!e || e.state !== 'queued' || r.engine.isBusy(id)) return false;
          const at = new Date(clock.now()).toISOString();
          await r.outbox.put({ ...e, state: 'cancelled', lastError: reason, finalAt: at, updatedAt: at, nextAttemptAt: null });
          options.publish('outbox.changed', { clientIds: [id], queueDepth: r.outbox.queueDepth() });
          options.status.update({ queueDepth: r.outbox.queueDepth() });
          return true;
        },
      };
    },
    async applyQueueActions(actions) {
      const r = running;
      if (!r || actions.length === 0) return 0;
      const log = (await r.consentLog.read())?.data ?? { applied: [], latest: {} };
      const done = new Set(log.applied);
      const fresh = actions.filter((a) => !done.has(a.id)).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
      const latest = { ...log.latest };
      for (const a of fresh) {
        if (a.kind === 'withdraw') {
          const victims = await withdraw(r, a, a.at);
          const reason = `WITHDRAWN_${a.reason.toUpperCase().replace(/-/g, '_')}`;
          audit({ ...SYSTEM_ACTOR, action: 'campaign.withdraw', objectType: a.campaignId ? 'campaign' : 'appointment', objectId: a.campaignId ?? a.appointmentId ?? 'none', outcome: 'success', detail: detailCode('ANOTHER_DESK', reason, String(victims.length)) });
          continue;
        }
        const own = r.suppression.get(a.number);
        const patientSince = own && own.source !== 'staff' ? Date.parse(own.since) : null;
        const effect = decideConsentAction(a, latest[a.number], patientSince);
        let detail: string;
        if ('suppress' in effect) {
          const cancelled = await r.engine.cancelPendingTo(a.number, 'CONSENT_REVOKED', undefined, effect.cancelCreatedBefore);
          if (effect.suppress) await r.engine.suppress(a.number);
          detail = detailCode('ANOTHER_DESK', effect.suppress ? 'SUPPRESSED' : 'SUPERSEDED', `CANCELLED_${cancelled}`);
        } else if ('cancelPurposes' in effect) {
          const cancelled = await r.engine.cancelPendingTo(a.number, 'CONSENT_REVOKED', effect.cancelPurposes, effect.cancelCreatedBefore);
          detail = detailCode('ANOTHER_DESK', 'PURPOSES', `CANCELLED_${cancelled}`);
        } else if ('unsuppress' in effect) {
          const removed = await r.engine.unsuppress(a.number);
          detail = detailCode('ANOTHER_DESK', removed ? 'LIFTED' : 'NOT_SUPPRESSED');
        } else if ('releaseReview' in effect) {
          const lifted = await r.engine.releaseReview(a.number);
          detail = detailCode('ANOTHER_DESK', lifted ? 'HOLD_LIFTED' : 'NOT_HELD');
        } else {
          detail = detailCode('ANOTHER_DESK', effect.none === 'superseded' ? 'SUPERSEDED' : 'OPTED_OUT_LATER');
        }
        const next = nextConsentState(a, latest[a.number]);
        if (next) latest[a.number] = next;
        const action: string = a.kind === 'restore' ? 'consent.re-opt-in' : a.kind === 'review-cleared' ? 'message.number-review' : 'consent.revoke';
        audit({ ...SYSTEM_ACTOR, action, objectType: 'phone-number', objectId: numberRef(a.number), outcome: 'success', detail });
      }
      if (fresh.length > 0) await logConsent(r, fresh);
      return fresh.length;
    },
    async start() {
      settings = await settingsStore.read();
      try {
        await restart(settings);
      } catch {
        // Production settings that cannot start (bad URL): fall back to nothing running; the
        // administrator sees the problem through test connection. Never to training silently.
        running = null;
        options.status.update({ state: 'offline', kind: settings.mode === 'training' ? 'sandbox' : 'production' });
      }
    },
    handlers(actor) {
      const auditAs = (e: Omit<AuditEvent, 'actorId' | 'actorRole'>) => {
        const a = actor();
        return options.audit({ actorId: a.id, actorRole: a.role, ...e } as AuditEvent);
      };
      /**
       * Queues one entry staff asked for: the gate the send loop applies, asked now so a refusal
       * is seen at once (typed, audited, never queued), then the durable put, the audit line and
       * the queue events. `tolerated` refusals are left for send time (e.g. a suspension).
       */
      const admit = async (r: Running, entry: OutboxEntry, now: number, detail: string, tolerated: readonly string[] = []) => {
        const decision = r.engine.gate(entry, now);
        if (decision.action === 'refuse' && !tolerated.includes(decision.code)) {
          await auditAs({ action: 'message.send', objectType: 'message', objectId: entry.clientId, outcome: 'denied', detail: decision.code });
          throw new IpcFailure(decision.code, decision.message);
        }
        await r.outbox.put(entry);
        await auditAs({ action: 'message.send', objectType: 'message', objectId: entry.clientId, outcome: 'success', detail });
        options.publish('outbox.changed', { clientIds: [entry.clientId], queueDepth: r.outbox.queueDepth() });
        options.status.update({ queueDepth: r.outbox.queueDepth() });
        r.engine.kick();
      };
      return {
        'outbox.send': async (req) => {
          const r = await need();
          const a = actor();
          const now = clock.now();
          const entry = newOutboxEntry(
            {
              to: req.to,
              body: req.body,
              origin: { kind: 'inbox-reply', refs: req.conversationId ? { conversation: req.conversationId } : {} },
              createdBy: a.id,
              notAfter: req.notAfter ?? null,
            },
            now,
          );
          await admit(r, entry, now, 'QUEUED');
          // Chosen rule (R28): a suspension stops automated sends only; a staff reply goes with a warning.
          return { entry: toOutboxView(entry), warning: r.holds.isSuspended(entry.to) ? SUSPENDED_WARNING : null };
        },
        'outbox.queueReminder': async (req) => {
          const r = await need();
          const a = actor();
          const now = clock.now();
          if (Date.parse(req.notAfter) <= Math.max(now, Date.parse(req.notBefore))) {
            throw new IpcFailure('BAD_REQUEST', 'The reminder would have no time left to go out: its appointment has passed or is about to start.');
          }
          // One reminder per appointment and planned time: asking twice (two desks, a retry) is one entry.
          const clientId = `rem-${createHmac('sha256', options.key).update(`reminder:${req.appointmentId}:${req.notBefore}`).digest('hex').slice(0, 24)}`;
          const existing = r.outbox.get(clientId);
          if (existing) return { entry: toOutboxView(existing), created: false };
          const entry = newOutboxEntry(
            {
              clientId,
              to: req.to,
              body: req.body,
              origin: { kind: 'appointment', refs: { appointment: req.appointmentId, patient: req.patientId } },
              purpose: 'appointment-reminders',
              createdBy: a.id,
              notBefore: req.notBefore,
              notAfter: req.notAfter,
              recipientTimeZone: req.recipientTimeZone,
              recipientStates: req.recipientStates ?? [],
              recipientWindow: req.contactWindow ?? null,
            },
            now,
          );
          await admit(r, entry, now, 'REMINDER_QUEUED', ['NUMBER_SUSPENDED']);
          return { entry: toOutboxView(entry), created: true };
        },
        'outbox.sendOptInConfirmation': async (req) => {
          const r = await need();
          const practice = options.practice?.() ?? null;
          if (!practice) throw new IpcFailure('NO_PRACTICE', 'This practice is not set up yet.');
          const now = clock.now();
          const entry = newOutboxEntry(
            {
              clientId: `ar-opt-in-${req.consentEventId}`.slice(0, 128),
              to: req.to,
              body: autoReplyText('opt-in-confirmation', practice, req.language, req.purposes),
              origin: { kind: 'auto-reply', refs: { reply: 'opt-in-confirmation', consent: req.consentEventId } },
              createdBy: actor().id,
              purpose: 'care',
              notAfter: new Date(now + 60 * 60_000).toISOString(),
            },
            now,
          );
          const existing = r.outbox.get(entry.clientId);
          if (existing) return { entry: toOutboxView(existing) };
          await admit(r, entry, now, 'OPT_IN_CONFIRMATION');
          return { entry: toOutboxView(entry) };
        },
        'suppression.set': async (req) => {
          const r = await need();
          // Several desks: the same action reaches every desk's queue (consent-share.ts), applied once here.
          const shared: ConsentAction = {
            id: req.consentEventId,
            number: req.number,
            kind: req.action === 'revoke' ? (req.purposes ? 'revoke-purposes' : 'revoke') : req.action === 'review-cleared' ? 'review-cleared' : 'restore',
            ...(req.action === 'revoke' && req.purposes ? { purposes: [...req.purposes] } : {}),
            at: actionNow(),
          };
          await logConsent(r, [shared]);
          options.shareAction?.(shared);
          if (req.action === 'revoke' && req.purposes) {
            const cancelled = await r.engine.cancelPendingTo(req.number, 'CONSENT_REVOKED', req.purposes);
            await auditAs({ action: 'consent.revoke', objectType: 'phone-number', objectId: numberRef(req.number), outcome: 'success', detail: detailCode('STAFF', 'PURPOSES', `CANCELLED_${cancelled}`) });
            return { changed: false, cancelled };
          }
          if (req.action === 'review-cleared') {
            const lifted = await r.engine.releaseReview(req.number);
            await auditAs({ action: 'message.number-review', objectType: 'phone-number', objectId: numberRef(req.number), outcome: 'success', detail: lifted ? 'HOLD_LIFTED' : 'NOT_HELD' });
            return { changed: lifted, cancelled: 0 };
          }
          if (req.action === 'revoke') {
            // A confirmed wrong number becomes an opt-out; the review hold has done its job.
            await r.engine.releaseReview(req.number);
            const { added, cancelled } = await r.engine.suppress(req.number);
            await auditAs({ action: 'consent.revoke', objectType: 'phone-number', objectId: numberRef(req.number), outcome: 'success', detail: detailCode('STAFF', added ? 'SUPPRESSED' : 'ALREADY', `CANCELLED_${cancelled}`) });
            return { changed: added, cancelled };
          }
          const removed = await r.engine.unsuppress(req.number);
          await auditAs({ action: 'consent.re-opt-in', objectType: 'phone-number', objectId: numberRef(req.number), outcome: 'success', detail: removed ? 'DOCUMENTED_CONSENT' : 'NOT_SUPPRESSED' });
          return { changed: removed, cancelled: 0 };
        },
        'outbox.queueCampaign': async (req) => {
          const r = await need();
          const a = actor();
          const now = clock.now();
          let existing = 0;
          const refused: { clientId: string; code: string }[] = [];
          const fresh: OutboxEntry[] = [];
          for (const send of req.sends) {
            if (r.outbox.get(send.clientId)) {
              existing++;
              continue;
            }
            const entry = newOutboxEntry(
              {
                clientId: send.clientId,
                to: send.to,
                body: send.body,
                origin: { kind: 'campaign', refs: { campaign: req.campaignId, appointment: send.appointmentId, patient: send.patientId, touch: String(send.touch) } },
                purpose: 'appointment-reminders',
                createdBy: a.id,
                notBefore: send.notBefore,
                notAfter: send.notAfter,
                recipientTimeZone: send.recipientTimeZone,
                recipientStates: send.recipientStates,
                recipientWindow: send.contactWindow,
              },
              now,
            );
            // Opt-outs and holds since the plan refuse now; quiet hours and caps are for send time.
            const decision = r.engine.gate(entry, now);
            if (decision.action === 'refuse' && decision.code !== 'SEND_WINDOW_PASSED' && decision.code !== 'NUMBER_SUSPENDED') {
              refused.push({ clientId: send.clientId, code: decision.code });
              continue;
            }
            fresh.push(entry);
          }
          if (fresh.length) await r.outbox.putMany(fresh);
          const queued = fresh.length;
          await auditAs({ action: 'campaign.queue', objectType: 'campaign', objectId: req.campaignId, outcome: 'success', detail: detailCode('QUEUED', String(queued), 'REFUSED', String(refused.length)) });
          options.publish('outbox.changed', { clientIds: fresh.map((e) => e.clientId).slice(0, 1000), queueDepth: r.outbox.queueDepth() });
          options.status.update({ queueDepth: r.outbox.queueDepth() });
          r.engine.kick();
          return { queued, existing, refused };
        },
        'outbox.withdraw': async (req) => {
          const r = await need();
          const reason = `WITHDRAWN_${req.reason.toUpperCase().replace(/-/g, '_')}`;
          const victims = await withdraw(r, req, Number.POSITIVE_INFINITY);
          // Several desks: the reminder may wait at another desk (the one that approved it).
          const at = actionNow();
          const shared: QueueAction = { id: `wd-${(req.appointmentId ?? req.campaignId ?? 'none').slice(0, 100)}-${at}`, kind: 'withdraw', ...(req.campaignId ? { campaignId: req.campaignId } : {}), ...(req.appointmentId ? { appointmentId: req.appointmentId } : {}), reason: req.reason, at };
          await logConsent(r, [shared]);
          options.shareAction?.(shared);
          await auditAs({ action: 'campaign.withdraw', objectType: req.campaignId ? 'campaign' : 'appointment', objectId: req.campaignId ?? req.appointmentId!, outcome: 'success', detail: detailCode(reason, String(victims.length)) });
          return { withdrawn: victims.length };
        },
        'training.advanceClock': async ({ minutes }) => {
          const r = await need();
          if (!r.sandbox) throw new IpcFailure('NOT_TRAINING', 'The clock can be moved only in training mode.');
          const offset = trainingClock.advance(minutes * 60_000);
          await auditAs({ action: 'training.clock', objectType: 'gateway', objectId: 'sandbox', outcome: 'success', detail: detailCode('PLUS', String(minutes), 'MIN') });
          r.engine.kick();
          void r.engine.pollInboundNow().catch(() => undefined);
          return { offsetMinutes: Math.floor(offset / 60_000), now: new Date(trainingClock.now()).toISOString() };
        },
        'outbox.list': async (req) => {
          const r = await need();
          const states = req.states ? new Set(req.states) : null;
          const all = r.outbox
            .all()
            .filter((e) => !states || states.has(e.state))
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
          const offset = req.offset ?? 0;
          return { entries: all.slice(offset, offset + (req.limit ?? 100)).map(toOutboxView), total: all.length };
        },
        'outbox.get': async ({ clientId }) => {
          const e = (await need()).outbox.get(clientId);
          if (!e) throw new IpcFailure('NOT_FOUND', 'That message is not in the outbox.');
          return { entry: toOutboxView(e) };
        },
        'outbox.cancel': async ({ clientId }) => {
          const r = await need();
          const e = r.outbox.get(clientId);
          if (!e) throw new IpcFailure('NOT_FOUND', 'That message is not in the outbox.');
          if (e.state !== 'queued') throw new IpcFailure('TOO_LATE', 'That message has already left this computer (or is finished) and cannot be cancelled.');
          const at = new Date(clock.now()).toISOString();
          await r.outbox.put({ ...e, state: 'cancelled', lastError: 'CANCELLED_BY_STAFF', finalAt: at, updatedAt: at, nextAttemptAt: null });
          await auditAs({ action: 'message.cancel', objectType: 'message', objectId: clientId, outcome: 'success' });
          options.publish('outbox.changed', { clientIds: [clientId], queueDepth: r.outbox.queueDepth() });
          options.status.update({ queueDepth: r.outbox.queueDepth() });
          return { clientId, state: 'cancelled' as const };
        },
        'inbox.take': async (req) => {
          const r = await need();
          return { messages: r.inbox.pending(req.limit ?? 100).map(toInboundView), pending: r.inbox.pendingCount() };
        },
        'inbox.ack': async ({ sids }) => {
          const r = await need();
          // R14: the redactions are journalled before the ack, so a crash in between forgets nothing.
          await r.engine.queueInboundRedactions(sids.filter((s) => r.inbox.isPending(s)));
          const acknowledged = await r.inbox.ack(sids);
          options.publish('inbox.available', { pending: r.inbox.pendingCount() });
          return { acknowledged, pending: r.inbox.pendingCount() };
        },
        'gateway.getSettings': async () => settingsView(settings ?? (await settingsStore.read())),
        'gateway.updateSettings': async (req) => {
          const current = settings ?? (await settingsStore.read());
          const next: GatewaySettings = {
            ...current,
            ...(req.mode !== undefined ? { mode: req.mode } : {}),
            ...(req.baseUrl !== undefined ? { baseUrl: req.baseUrl } : {}),
            ...(req.redactAfterSync !== undefined ? { redactAfterSync: req.redactAfterSync } : {}),
            ...(req.keywordReplies !== undefined ? { keywordReplies: req.keywordReplies } : {}),
            ...(req.accountSid !== undefined ? { accountSid: req.accountSid } : {}),
            ...(req.apiKeySid !== undefined ? { apiKeySid: req.apiKeySid } : {}),
            ...(req.secret !== undefined ? { secret: req.secret } : {}),
            ...(req.fromNumber !== undefined ? { fromNumber: req.fromNumber } : {}),
            ...(req.messagingServiceSid !== undefined ? { messagingServiceSid: req.messagingServiceSid } : {}),
            ...(req.messagesPerSecond !== undefined ? { messagesPerSecond: req.messagesPerSecond } : {}),
          };
          if (req.baseUrl !== undefined) {
            try {
              validateBaseUrl(req.baseUrl, { allowLoopbackHttp: loopbackHttp });
            } catch (error) {
              throw new IpcFailure('BAD_REQUEST', error instanceof Error ? error.message : 'That gateway address cannot be used.');
            }
          }
          if (next.mode === 'production') {
            if (!next.baseUrl || !next.accountSid || !next.apiKeySid || !next.secret || !next.fromNumber) {
              throw new IpcFailure('BAD_REQUEST', 'A real gateway needs its address, account SID, API key SID and secret, and the practice number.');
            }
            try {
              createTwilioClient({ baseUrl: next.baseUrl, accountSid: next.accountSid, username: next.apiKeySid, password: next.secret, allowLoopbackHttp: loopbackHttp });
            } catch (error) {
              throw new IpcFailure('BAD_REQUEST', error instanceof Error ? error.message : 'Those gateway settings cannot be used.');
            }
          }
          await settingsStore.write(next);
          settings = next;
          running?.sandbox?.setKeywordHandling(keywordRepliesFor(next));
          // Which secret, key or address is never recorded: only the mode, whether credentials changed and the redaction setting.
          const credentials = req.secret !== undefined || req.apiKeySid !== undefined || req.accountSid !== undefined || req.baseUrl !== undefined;
          await auditAs({
            action: 'gateway.settings-change', objectType: 'gateway', objectId: 'messaging', outcome: 'success',
            detail: detailCode(next.mode, credentials ? 'CREDENTIALS' : '', next.redactAfterSync ? 'REDACT_ON' : 'REDACT_OFF', `KEYWORDS_${keywordRepliesFor(next)}`).replace(/__+/g, '_'),
          });
          if (connectionChanged(current, next) || !running) {
            await restart(next).catch(() => {
              running = null;
              options.status.update({ state: 'offline' });
            });
          }
          return settingsView(next);
        },
        'gateway.testConnection': async (req) => {
          const current = settings ?? (await settingsStore.read());
          const candidate = req.baseUrl !== undefined || req.accountSid !== undefined || req.apiKeySid !== undefined || req.secret !== undefined;
          const answer = async (ok: boolean, code: string | null, message: string) => {
            await auditAs({ action: 'gateway.test', objectType: 'gateway', objectId: 'messaging', outcome: ok ? 'success' : 'failure', ...(code ? { detail: detailCode(code) } : {}) });
            return { ok, code, message };
          };
          let client: TwilioClient;
          if (!candidate && current.mode === 'training') {
            client = (await need()).client;
          } else {
            // The typed (unsaved) values over the stored ones: proves them before they are saved.
            const baseUrl = req.baseUrl ?? current.baseUrl;
            const accountSid = req.accountSid ?? current.accountSid;
            const apiKeySid = req.apiKeySid ?? current.apiKeySid;
            const secret = req.secret ?? current.secret;
            if (!baseUrl || !accountSid || !apiKeySid || !secret) return answer(false, 'INCOMPLETE', 'Enter the gateway address, account SID, API key SID and secret first.');
            try {
              client = createTwilioClient({ baseUrl, accountSid, username: apiKeySid, password: secret, timeoutMs: options.testConnectionTimeoutMs ?? 10_000, allowLoopbackHttp: loopbackHttp });
            } catch (error) {
              return answer(false, 'BAD_ADDRESS', error instanceof Error ? error.message : 'Those gateway settings cannot be used.');
            }
          }
          const result = await client.list({ pageSize: 1 }, () => false, 1);
          if (result.ok) return answer(true, null, 'Connected: the gateway accepted the credentials. No message was sent.');
          const code = result.error.info.code !== null && result.error.kind !== 'unreachable' && result.error.kind !== 'ambiguous' ? String(result.error.info.code) : result.error.detail;
          const message =
            result.error.kind === 'unreachable' || result.error.kind === 'ambiguous'
              ? 'CareRelay could not reach the gateway at that address. Check the address and this computer’s internet connection.'
              : result.error.kind === 'auth'
                ? 'The gateway refused these credentials. Check the account SID, API key SID and secret.'
                : result.error.info.explanation;
          return answer(false, code, message);
        },
        'gateway.resumeSending': async (req) => {
          const r = await need();
          if ('automated' in req) {
            const lifted = await r.engine.resumeAutomated();
            await auditAs({ action: 'gateway.resume-automated', objectType: 'gateway', objectId: 'messaging', outcome: 'success', detail: lifted ? 'RESUMED' : 'NOT_HALTED' });
          } else {
            const was = r.holds.isSuspended(req.number) || r.holds.health(req.number).consecutiveFailures > 0;
            await r.holds.record(req.number, { kind: 'cleared' });
            await auditAs({ action: 'message.number-unsuspend', objectType: 'phone-number', objectId: numberRef(req.number), outcome: 'success', detail: was ? 'CLEARED' : 'NOT_SUSPENDED' });
            r.engine.kick();
          }
          return settingsView(settings ?? (await settingsStore.read()));
        },
        'training.getState': async () => {
          const r = running;
          const available = r?.sandbox !== null && r?.sandbox !== undefined;
          return { available, offline: r?.outage ?? false, clockOffsetMinutes: available ? Math.floor(trainingClock.offset() / 60_000) : 0 };
        },
        'training.simulateInbound': async ({ from, body }) => {
          const r = await need();
          if (!r.sandbox) throw new IpcFailure('NOT_TRAINING', 'Simulated patients exist only in training mode.');
          if (r.outage) throw new IpcFailure('TRAINING_OFFLINE', 'The practice gateway is cut off (simulated outage): turn the outage off first, and the text will arrive.');
          const sid = r.sandbox.addInbound(from, body);
          await auditAs({ action: 'training.simulate-inbound', objectType: 'phone-number', objectId: numberRef(from), outcome: 'success' });
          void r.engine.pollInboundNow().catch(() => undefined);
          return { sid };
        },
        'training.setOutage': async ({ offline }) => {
          const r = await need();
          if (!r.sandbox) throw new IpcFailure('NOT_TRAINING', 'A simulated outage is only possible in training mode.');
          if (offline !== r.outage) {
            r.outage = offline;
            if (offline) await r.sandbox.goOffline();
            else await r.sandbox.goOnline();
            await auditAs({ action: 'training.outage', objectType: 'gateway', objectId: 'sandbox', outcome: 'success', detail: offline ? 'OFFLINE' : 'ONLINE' });
            r.engine.kick();
            if (!offline) void r.engine.pollInboundNow().catch(() => undefined);
          }
          return { available: true, offline: r.outage, clockOffsetMinutes: Math.floor(trainingClock.offset() / 60_000) };
        },
        'gateway.recordBaa': async (req) => {
          const current = settings ?? (await settingsStore.read());
          const a = actor();
          const next: GatewaySettings = { ...current, baa: { vendor: req.vendor, signedOn: req.signedOn, signer: req.signer, reference: req.reference, recordedBy: a.id, recordedAt: new Date(clock.now()).toISOString() } };
          await settingsStore.write(next);
          settings = next;
          await auditAs({ action: 'gateway.baa-record', objectType: 'gateway', objectId: 'messaging', outcome: 'success' });
          running?.engine.kick();
          return settingsView(next);
        },
      };
    },
    async dispose() {
      await switching;
      if (running) await close(running);
      running = null;
    },
  };
}
