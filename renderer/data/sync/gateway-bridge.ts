/**
 * Connects the practice database to main's gateway sync while the database is open: files
 * inbound messages from main's inbox journal into their conversations and only then
 * acknowledges them (a crash in between re-delivers, and the SID de-duplicates), queues staff
 * replies in main's outbox and files them with their client id, and follows `outbox.changed`
 * to keep each message's delivery state and plain-English failure reason current. Messages
 * main queued on its own (answers to STOP / HELP / START, reminders) are filed in their
 * conversation the first time the bridge sees them, including those queued while locked.
 */
import { classifyIntent, isRevocation } from '../../../shared/consent/opt-out-classifier';
import type { CareRelayApi } from '../../../shared/ipc';
import type { OutboxEntryView } from '../../../shared/ipc/channels/sync';
import type { PracticeDb } from '../database/open-practice-db';
import { assignIfUnassigned, recordMessage } from '../repositories/conversations';
import { recordCarrierOptOut, recordInboundKeyword } from '../consent/keyword-ledger';
import { findMessageByClientId, findMessageByGatewaySid, updateDelivery } from '../repositories/messages';
import { handleReminderReply, isReplyToReminder } from '../campaigns/reminder-replies';
import type { DeliveryState } from '../schema';
import type { MessageReview } from '../schema/messages';

/** The slice of `window.carerelay` the bridge uses (tests pass a stand-in; `settings` is optional there). */
export type SyncApi = Pick<CareRelayApi, 'inbox' | 'outbox'> & Partial<Pick<CareRelayApi, 'settings' | 'desks'>>;

const STATE_MAP: Readonly<Record<OutboxEntryView['state'], DeliveryState>> = {
  queued: 'queued',
  sending: 'sending',
  accepted: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  cancelled: 'failed',
  refused: 'failed',
};

export function deliveryStateOf(entry: Pick<OutboxEntryView, 'state'>): DeliveryState {
  return STATE_MAP[entry.state];
}

/** Client ids main gives its own texts: keyword answers, one-off reminders, campaign reminders. */
const MAIN_CLIENT_ID = /^(?:ar|rem|cmp)-/;

const numericCode = (code: string | null): number => (code && /^\d{1,5}$/.test(code) ? Number(code) : 0);

export interface SendResult {
  readonly ok: boolean;
  readonly messageId?: string;
  readonly conversationId?: string;
  readonly warning?: string | null;
  readonly error?: { code: string; message: string };
}

export interface GatewayBridge {
  /** Pulls and files everything main is holding now (also runs on start and on each inbox event). */
  ingest(): Promise<number>;
  /** Queues a staff reply in main's outbox, then files it in the thread. */
  send(input: { to: string; body: string; staffId: string; conversationId?: string }): Promise<SendResult>;
  /** Refreshes delivery states of the given outbox entries. */
  refresh(clientIds: readonly string[]): Promise<void>;
  stop(): void;
}

export function startGatewayBridge(db: PracticeDb, api: SyncApi, onError: (code: string) => void = () => undefined): GatewayBridge {
  let stopped = false;
  let ingesting: Promise<number> | null = null;
  let practice: { name: string; phone: string; timeZone: string } | null = null;
  void api.settings?.get().then((r) => {
    if (r.ok) practice = { name: r.value.practice.name, phone: r.value.practice.phone, timeZone: r.value.practice.timeZone };
  });

  /**
   * Several desks file the same reply; only the one holding the sender lease (or a lone desk)
   * thanks the patient, so they get one acknowledgement.
   */
  const acknowledgeOnce = async (to: string, body: string, conversationId: string): Promise<void> => {
    const status = api.desks ? await api.desks.getStatus({}).catch(() => null) : null;
    if (status?.ok && status.value.configured && !status.value.sender) return;
    await sendAs(to, body, 'system', conversationId);
  };

  async function ingestOnce(): Promise<number> {
    let filed = 0;
    for (let round = 0; round < 50 && !stopped; round++) {
      const taken = await api.inbox.take({ limit: 100 });
      if (!taken.ok) {
        if (taken.error.code !== 'LOCKED') onError(`INBOX_TAKE_${taken.error.code}`);
        return filed;
      }
      if (taken.value.messages.length === 0) return filed;
      const sids: string[] = [];
      for (const m of taken.value.messages) {
        if (stopped) return filed;
        if (!(await findMessageByGatewaySid(db, m.sid))) {
          // R19/R22: a possible opt-out or wrong-number reply waits for staff (never acted on here).
          const intent = m.keyword ? null : classifyIntent(m.body);
          const at = Date.parse(m.receivedAt);
          let review: MessageReview = intent?.action === 'review' ? (intent.intent === 'stop' ? 'opt-out' : intent.intent === 'wrong-number' ? 'wrong-number' : '') : '';
          // "I need to cancel, sorry" after a reminder is about the appointment, not the texts.
          if (review === 'opt-out' && intent && !isRevocation(intent) && (await isReplyToReminder(db, m.from, at))) review = '';
          const filedAs = await recordMessage(db, {
            phone: m.from,
            direction: 'inbound',
            body: m.body,
            at,
            gatewaySid: m.sid,
            state: 'received',
            review,
            reviewConfidence: review && intent ? Math.round(intent.confidence * 100) : 0,
          });
          filed += 1;
          // A reply to a reminder: confirm / cancel act on the appointment; the rest is for staff.
          // Any text but STOP: YES / SÍ are also START keywords (a no-op unless the number had opted
          // out) and confirm here; the interpreter reads HELP and START as nothing to act on.
          if (!review && m.keyword !== 'stop') {
            await handleReminderReply(db, { api, practice: () => practice, acknowledge: acknowledgeOnce }, {
              conversationId: filedAs.conversationId,
              messageId: filedAs.messageId,
              body: m.body,
              at,
              from: m.from,
            }).catch(() => onError('REMINDER_REPLY_FAILED'));
          }
        }
        // Main already acted on STOP / START (even while locked); the ledger records it now.
        if (m.keyword === 'stop' || m.keyword === 'start') {
          await recordInboundKeyword(db, { from: m.from, keyword: m.keyword, body: m.body, receivedAt: Date.parse(m.receivedAt) || Date.now(), sid: m.sid });
        }
        sids.push(m.sid);
      }
      const acked = await api.inbox.ack({ sids });
      if (!acked.ok) {
        onError(`INBOX_ACK_${acked.error.code}`);
        return filed;
      }
      if (taken.value.pending <= sids.length) return filed;
    }
    return filed;
  }

  // One pass at a time. An event during a pass asks for one more pass after it: the pass's own
  // loop may already have seen an empty inbox and be finishing (a lost wake-up otherwise).
  let again = false;
  const ingest = (): Promise<number> => {
    if (ingesting) {
      again = true;
      return ingesting;
    }
    const pass = async (): Promise<number> => {
      let filed = 0;
      do {
        again = false;
        filed += await ingestOnce().catch(() => {
          onError('INBOX_INGEST_FAILED');
          return 0;
        });
      } while (again && !stopped);
      return filed;
    };
    ingesting = pass().finally(() => {
      ingesting = null;
    });
    return ingesting;
  };

  /** Files an entry main created itself (not a staff reply from this screen) as an automatic message. */
  async function fileMainEntry(entry: OutboxEntryView): Promise<void> {
    await recordMessage(db, {
      phone: entry.to,
      direction: 'outbound',
      body: entry.body,
      // When it left (a reminder is created days before it goes).
      at: Date.parse(entry.acceptedAt ?? entry.createdAt) || Date.now(),
      state: deliveryStateOf(entry),
      clientId: entry.clientId,
      staffId: 'system',
      ...(entry.origin.refs.campaign ? { campaignId: entry.origin.refs.campaign } : {}),
    });
  }
  /**
   * Main's own answers are filed at once; a reminder only once it has left (a reminder waiting
   * for Thursday, or cancelled by an opt-out, belongs on the patient page, not in the thread).
   */
  const mainCreated = (entry: OutboxEntryView) =>
    entry.origin.kind === 'auto-reply' ||
    ((entry.origin.kind === 'appointment' || entry.origin.kind === 'campaign') && entry.state !== 'queued' && entry.state !== 'cancelled' && entry.state !== 'refused');

  async function refresh(clientIds: readonly string[]): Promise<void> {
    for (const clientId of clientIds) {
      if (stopped) return;
      let message = await findMessageByClientId(db, clientId);
      if (!message && !MAIN_CLIENT_ID.test(clientId)) continue; // a staff reply sent before this database existed
      const answer = await api.outbox.get({ clientId });
      if (!answer.ok) continue;
      const entry = answer.value.entry;
      if (!message) {
        if (!mainCreated(entry)) continue;
        await fileMainEntry(entry);
        message = await findMessageByClientId(db, clientId);
        if (!message) continue;
      }
      const state = deliveryStateOf(entry);
      if (state === message.state && (entry.sid ?? '') === message.gatewaySid && (entry.errorCode ?? '') === message.failureCode) continue;
      if (entry.errorCode === '21610') await recordCarrierOptOut(db, { to: entry.to, clientId: entry.clientId, at: Date.parse(entry.updatedAt) || Date.now() });
      await updateDelivery(db, message.id, {
        state,
        ...(entry.sid ? { gatewaySid: entry.sid } : {}),
        errorCode: numericCode(entry.errorCode),
        failureCode: entry.errorCode ?? '',
        at: Date.parse(entry.updatedAt) || Date.now(),
      });
    }
  }

  const offInbox = api.inbox.onAvailable((p) => {
    if (p.pending > 0) void ingest();
  });
  const offOutbox = api.outbox.onChanged((p) => {
    void refresh(p.clientIds).catch(() => onError('DELIVERY_REFRESH_FAILED'));
  });
  /** Automatic messages main queued while this screen was locked or closed. */
  async function catchUp(): Promise<void> {
    const listed = await api.outbox.list({ limit: 500, offset: 0 });
    if (!listed.ok) return;
    const missing = listed.value.entries.filter(mainCreated).map((e) => e.clientId);
    if (missing.length) await refresh(missing);
  }
  // Reminders first, so a reply that waited while locked finds the reminder it answers.
  void catchUp()
    .catch(() => onError('OUTBOX_CATCHUP_FAILED'))
    .then(() => ingest());

  return {
    ingest,
    refresh,
    send: ({ to, body, staffId, conversationId }) => sendAs(to, body, staffId, conversationId),
    stop() {
      stopped = true;
      offInbox();
      offOutbox();
    },
  };

  async function sendAs(to: string, body: string, staffId: string, conversationId?: string): Promise<SendResult> {
    const answer = await api.outbox.send({ to, body, ...(conversationId ? { conversationId } : {}) });
    if (!answer.ok) return { ok: false, error: answer.error };
    const entry = answer.value.entry;
    const filed = await recordMessage(db, {
      phone: entry.to,
      direction: 'outbound',
      body: entry.body,
      at: Date.parse(entry.createdAt) || Date.now(),
      state: deliveryStateOf(entry),
      clientId: entry.clientId,
      staffId,
    });
    // Whoever replies to an unassigned conversation takes it on (not CareRelay's own answers).
    if (staffId !== 'system') await assignIfUnassigned(db, filed.conversationId, staffId).catch(() => undefined);
    return { ok: true, messageId: filed.messageId, conversationId: filed.conversationId, warning: answer.value.warning };
  }
}
