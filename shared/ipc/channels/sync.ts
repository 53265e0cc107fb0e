/**
 * Channels of gateway sync: the outbox (send an inbox reply, list, get, cancel), the inbox
 * hand-over (the renderer takes collected inbound messages and acknowledges them once stored
 * in the practice database), and the administrator's gateway settings (training or production,
 * credentials that are never returned in full, test connection, the vendor's BAA record,
 * removing message text from the gateway after syncing, and resuming held sends).
 */
import { z } from 'zod';
import { channel } from '../define';
import { OUTBOX_STATES } from '../../sync/outbox-model';
import { E164_PATTERN } from '../../phone/us-phone';

const e164 = z.string().regex(E164_PATTERN, 'an E.164 phone number such as +12025550123');
const opaqueId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
const isoTime = z.string().datetime();

export const outboxEntryViewSchema = z
  .object({
    clientId: opaqueId,
    to: e164,
    body: z.string().max(1600),
    origin: z.object({ kind: z.enum(['inbox-reply', 'campaign', 'appointment', 'auto-reply']), refs: z.record(z.string().max(64), z.string().max(128)) }).strict(),
    createdBy: z.string().max(64),
    createdAt: isoTime,
    notBefore: isoTime.nullable(),
    notAfter: isoTime.nullable(),
    state: z.enum(OUTBOX_STATES),
    sid: z.string().max(64).nullable(),
    attempts: z.number().int().nonnegative(),
    acceptedAt: isoTime.nullable(),
    finalAt: isoTime.nullable(),
    updatedAt: isoTime,
    /** Deferred (quiet hours, caps, backoff) until this time. */
    nextAttemptAt: isoTime.nullable(),
    /** Gateway error code or local reason code, and its plain-English explanation for the screens. */
    errorCode: z.string().max(48).nullable(),
    errorText: z.string().max(400).nullable(),
  })
  .strict();
export type OutboxEntryView = z.infer<typeof outboxEntryViewSchema>;

export const inboundMessageViewSchema = z
  .object({
    sid: z.string().max(64),
    from: z.string().max(32),
    to: z.string().max(32),
    body: z.string().max(1600),
    receivedAt: isoTime,
    numMedia: z.number().int().nonnegative(),
    keyword: z.enum(['stop', 'help', 'start']).nullable(),
    /** Opt-out wording inside a longer message: staff must confirm (R22). */
    stopIntent: z.boolean(),
  })
  .strict();
export type InboundMessageView = z.infer<typeof inboundMessageViewSchema>;

export const gatewaySettingsViewSchema = z
  .object({
    mode: z.enum(['training', 'production']),
    baseUrl: z.string().max(300).nullable(),
    accountSid: z.string().max(64).nullable(),
    /** API key SID (or the account SID when the auth token is used). */
    apiKeySid: z.string().max(64).nullable(),
    /** Only the last four characters of the secret, e.g. "••••1a2b"; null when none is stored. */
    secretHint: z.string().max(16).nullable(),
    fromNumber: e164.nullable(),
    messagingServiceSid: z.string().max(64).nullable(),
    messagesPerSecond: z.number().positive().max(100),
    /** R14: message text is removed from a production gateway once synced locally. */
    redactAfterSync: z.boolean(),
    /** R25/R29: who answers STOP, HELP and START — the gateway's own opt-out handling, or CareRelay. */
    keywordReplies: z.enum(['gateway', 'app']),
    baa: z
      .object({ vendor: z.string().max(120), signedOn: z.string().date(), signer: z.string().max(120), reference: z.string().max(120), recordedBy: z.string().max(64), recordedAt: isoTime })
      .strict()
      .nullable(),
    /** 30034/30032 seen: automated sending halted (kept across restarts) until an administrator resumes it. */
    automatedPaused: z.boolean(),
    automatedHalt: z.object({ code: z.number().int(), since: isoTime }).strict().nullable(),
    /** Numbers whose automated sends are suspended after repeated permanent carrier failures (R28). */
    suspendedNumbers: z.number().int().nonnegative(),
    /** Gateway redactions journalled and not yet done. */
    pendingRedactions: z.number().int().nonnegative(),
  })
  .strict();
export type GatewaySettingsView = z.infer<typeof gatewaySettingsViewSchema>;

export const syncChannels = {
  'outbox.send': channel({
    request: z
      .object({
        to: e164,
        body: z.string().trim().min(1).max(1600),
        /** The conversation in the practice database this reply belongs to. */
        conversationId: opaqueId.optional(),
        notAfter: isoTime.optional(),
      })
      .strict(),
    response: z
      .object({
        entry: outboxEntryViewSchema,
        /** A caution for the sender, e.g. recent texts to this number kept failing at the carrier. */
        warning: z.string().max(400).nullable(),
      })
      .strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'Queues an inbox reply in the durable outbox after the compliance gate; refusals are typed and audited.',
  }),
  'outbox.queueReminder': channel({
    request: z
      .object({
        to: e164,
        body: z.string().trim().min(1).max(1600),
        /** The appointment in the practice database; the entry's id derives from it (one reminder per appointment and send time). */
        appointmentId: opaqueId,
        patientId: opaqueId,
        notBefore: isoTime,
        notAfter: isoTime,
        recipientTimeZone: z.string().min(3).max(64).nullable(),
        /** The patient's state (quiet hours differ by state, R34). */
        recipientStates: z.array(z.string().regex(/^[A-Z]{2}$/)).max(3).optional(),
        /** R17: the patient's preferred contact hours, minutes after local midnight. */
        contactWindow: z
          .object({ startMinute: z.number().int().min(0).max(1440), endMinute: z.number().int().min(0).max(1440) })
          .strict()
          .refine((w) => w.startMinute < w.endMinute, 'the contact window must open before it closes')
          .optional(),
      })
      .strict(),
    response: z.object({ entry: outboxEntryViewSchema, created: z.boolean() }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'Queues one appointment reminder (automated: quiet hours, caps, opt-outs apply when it is due); the same appointment and time twice is one entry.',
  }),
  'outbox.sendOptInConfirmation': channel({
    request: z
      .object({
        to: e164,
        /** The consent event that granted it: the entry id derives from it, so one grant sends one confirmation (R30). */
        consentEventId: opaqueId,
        purposes: z.array(z.enum(['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing'])).min(1).max(5),
        language: z.enum(['en', 'es']),
      })
      .strict(),
    response: z.object({ entry: outboxEntryViewSchema }).strict(),
    phi: true,
    permission: 'consent.capture',
    summary: 'R30: queues the opt-in confirmation (practice, programme, frequency, rates, HELP and STOP) built by main from the practice settings.',
  }),
  'suppression.set': channel({
    request: z
      .object({
        number: e164,
        /**
         * revoke: staff recorded or confirmed an opt-out (R22, R23); restore: a documented re-opt-in
         * was recorded (R27); review-cleared: staff looked at a "wrong number" reply and it was not one (R19).
         */
        action: z.enum(['revoke', 'restore', 'review-cleared']),
        /** The consent event behind the change (kept in the audit trail; the event itself stays in the practice database). */
        consentEventId: opaqueId,
        /**
         * R26: a revocation scoped to some purposes only (the practice chose per-purpose scope, or
         * staff recorded a narrower request): what waits for those purposes is cancelled and the
         * number is not suppressed. Absent: every automated and staff text (the default).
         */
        purposes: z.array(z.enum(['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing'])).min(1).max(4).optional(),
      })
      .strict(),
    response: z.object({ changed: z.boolean(), cancelled: z.number().int().nonnegative() }).strict(),
    phi: true,
    permission: 'consent.capture',
    summary: "Brings main's suppression list in line with the consent ledger after a staff-recorded revocation or a documented re-opt-in; a revocation cancels what waits for the number (R24).",
  }),
  'outbox.list': channel({
    request: z
      .object({
        states: z.array(z.enum(OUTBOX_STATES)).max(9).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    response: z.object({ entries: z.array(outboxEntryViewSchema).max(500), total: z.number().int().nonnegative() }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'Outbox entries, newest first, with their delivery state and explained errors.',
  }),
  'outbox.get': channel({
    request: z.object({ clientId: opaqueId }).strict(),
    response: z.object({ entry: outboxEntryViewSchema }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'One outbox entry by client id.',
  }),
  'outbox.cancel': channel({
    request: z.object({ clientId: opaqueId }).strict(),
    response: z.object({ clientId: opaqueId, state: z.enum(OUTBOX_STATES) }).strict(),
    phi: false,
    permission: 'inbox.use',
    summary: 'Cancels a message that has not left this computer yet (audited).',
  }),
  'inbox.take': channel({
    request: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    response: z.object({ messages: z.array(inboundMessageViewSchema).max(500), pending: z.number().int().nonnegative() }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'Inbound messages collected by main and not yet acknowledged, oldest first.',
  }),
  'inbox.ack': channel({
    request: z.object({ sids: z.array(z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/)).min(1).max(500) }).strict(),
    response: z.object({ acknowledged: z.number().int().nonnegative(), pending: z.number().int().nonnegative() }).strict(),
    phi: false,
    permission: 'inbox.use',
    summary: 'The renderer stored these inbound messages in the practice database; main forgets their content.',
  }),
  'gateway.getSettings': channel({
    request: z.object({}).strict(),
    response: gatewaySettingsViewSchema,
    phi: false,
    permission: 'gateway.manage',
    summary: 'Gateway settings; the secret only as its last four characters.',
  }),
  'gateway.updateSettings': channel({
    request: z
      .object({
        mode: z.enum(['training', 'production']).optional(),
        baseUrl: z.string().url().max(300).optional(),
        redactAfterSync: z.boolean().optional(),
        keywordReplies: z.enum(['gateway', 'app']).optional(),
        accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/).optional(),
        apiKeySid: z.string().regex(/^(SK|AC)[0-9a-fA-F]{32}$/).optional(),
        secret: z.string().min(16).max(128).optional(),
        fromNumber: e164.optional(),
        messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/).nullable().optional(),
        messagesPerSecond: z.number().positive().max(100).optional(),
      })
      .strict(),
    response: gatewaySettingsViewSchema,
    phi: false,
    permission: 'gateway.manage',
    summary: 'Switches between training and a real gateway and stores its credentials through the vault (audited, never logged).',
  }),
  'gateway.testConnection': channel({
    request: z
      .object({
        // Unsaved values from the form; anything left out comes from the stored settings.
        baseUrl: z.string().url().max(300).optional(),
        accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/).optional(),
        apiKeySid: z.string().regex(/^(SK|AC)[0-9a-fA-F]{32}$/).optional(),
        secret: z.string().min(16).max(128).optional(),
      })
      .strict(),
    response: z.object({ ok: z.boolean(), code: z.string().max(48).nullable(), message: z.string().max(400) }).strict(),
    phi: false,
    permission: 'gateway.manage',
    summary: 'Proves the credentials (stored, or typed and not yet saved) with a read-only request; sends nothing.',
  }),
  'gateway.resumeSending': channel({
    request: z.union([z.object({ automated: z.literal(true) }).strict(), z.object({ number: e164 }).strict()]),
    response: gatewaySettingsViewSchema,
    phi: true,
    permission: 'gateway.manage',
    summary: 'Resumes automated sending halted after 30034/30032, or lifts one number’s suspension after carrier failures (audited).',
  }),
  'gateway.recordBaa': channel({
    request: z
      .object({ vendor: z.string().trim().min(2).max(120), signedOn: z.string().date(), signer: z.string().trim().min(2).max(120), reference: z.string().trim().min(2).max(120) })
      .strict(),
    response: gatewaySettingsViewSchema,
    phi: false,
    permission: 'gateway.manage',
    summary: "Records the gateway vendor's Business Associate Agreement (vendor, date, signer, reference); required before production sending.",
  }),
} as const;
