/**
 * The one IPC contract between the renderer and main: every channel with its request and
 * response schema, whether it touches PHI, and the permission it needs; every event main pushes.
 * Names are `domain.action`; preload turns `domain.action` into `carerelay.domain.action(request)`
 * and event `domain.name` into `carerelay.domain.onName(callback)`.
 */
import { z } from 'zod';
import { channel, event } from './define';
import { ROLES } from '../accounts/roles';
import { practiceDbChannels } from './channels/practice-db';
import { practiceDbRetentionChannels } from './channels/practice-db-retention';
import { syncChannels } from './channels/sync';
import { campaignChannels } from './channels/campaigns';
import { APP_CODE_PATTERN, ERROR_NAME_PATTERN } from '../diagnostics/error-facts';
import { deskChannels } from './channels/desks';
import { updateChannels } from './channels/updates';
import { syncEvents } from './channels/sync-events';
import { inboxChannels, inboxEvents } from './channels/inbox';

const empty = z.object({}).strict();

export const appInfoSchema = z
  .object({
    name: z.literal('CareRelay'),
    version: z.string().max(32),
    mode: z.enum(['training', 'production']),
    host: z.enum(['electron', 'browser']),
    platform: z.string().max(32),
  })
  .strict();
export type AppInfo = z.infer<typeof appInfoSchema>;

export const gatewayStatusSchema = z
  .object({
    /** online: reaching the gateway; degraded: reaching it with errors; offline: not reaching it. */
    state: z.enum(['online', 'degraded', 'offline']),
    /** The embedded sandbox gateway (training mode) or a real hosted gateway. */
    kind: z.enum(['sandbox', 'production']),
    /** Outbound messages waiting in main's outbox. */
    queueDepth: z.number().int().nonnegative(),
    /** ISO time of the last successful exchange with the gateway, if any. */
    lastContactAt: z.string().datetime().nullable(),
  })
  .strict();
export type GatewayStatus = z.infer<typeof gatewayStatusSchema>;

export const roleSchema = z.enum(ROLES);

/** A staff member as the screens see them. Staff names are not PHI. */
export const staffUserSchema = z
  .object({
    id: z.string().min(1).max(64),
    username: z.string().max(64),
    fullName: z.string().max(120),
    role: roleSchema,
  })
  .strict();
export type StaffUser = z.infer<typeof staffUserSchema>;

export const sessionStateSchema = z
  .object({
    /** 'unavailable': the OS keychain or a store could not be opened; `problem` says why and nothing opens. */
    state: z.enum(['unavailable', 'no-practice', 'signed-out', 'unlocked', 'locked']),
    problem: z.string().max(600).nullable(),
    /** The signed-in (or locked) user; null when nobody is signed in. */
    user: staffUserSchema.nullable(),
    /** Present while an emergency-access session runs. */
    emergency: z.object({ endsAt: z.string().datetime(), reason: z.string().max(500) }).strict().nullable(),
    /** When locked: whether unlocking needs an authenticator code as well as the password. */
    unlockNeedsCode: z.boolean(),
    /** Why the session locked last, for the lock screen. */
    lockReason: z.enum(['idle', 'os-lock-screen', 'os-suspend', 'manual']).nullable(),
    /** The practice's name once set up (shown on the sign-in screen). */
    practiceName: z.string().max(120).nullable(),
  })
  .strict();
export type SessionState = z.infer<typeof sessionStateSchema>;

const username = z
  .string()
  .min(3)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'Letters, digits, dot, dash or underscore');
const password = z.string().min(1).max(256);
const fullName = z.string().trim().min(2).max(120);
const otpCode = z.string().trim().min(6).max(32);

export const enrolmentSchema = z
  .object({
    enrolmentId: z.string().min(16).max(128),
    /** Base32 secret for manual entry; shown once during enrolment only. */
    secret: z.string().min(16).max(128),
    otpauthUri: z.string().max(512),
    qrDataUrl: z.string().startsWith('data:image/png;base64,').max(200_000),
  })
  .strict();
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const practiceSettingsSchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    timeZone: z.string().min(3).max(64),
    phone: z.string().min(10).max(20),
  })
  .strict();

export const settingsSchema = z
  .object({
    practice: practiceSettingsSchema,
    idleMinutes: z.number().int().min(1).max(30),
    unlockCodeAfterMinutes: z.number().int().min(0).max(24 * 60),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

export const staffAccountSchema = staffUserSchema
  .extend({
    disabled: z.boolean(),
    mfaEnrolled: z.boolean(),
    lockedUntil: z.string().datetime().nullable(),
    lastSignInAt: z.string().datetime().nullable(),
    createdAt: z.string().datetime(),
  })
  .strict();
export type StaffAccount = z.infer<typeof staffAccountSchema>;

export const auditRecordSchema = z
  .object({
    seq: z.number().int().nonnegative(),
    at: z.string(),
    actorId: z.string(),
    actorRole: z.string(),
    device: z.string(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string(),
    outcome: z.string(),
    detail: z.string().optional(),
  })
  .strict();
export type AuditRecordView = z.infer<typeof auditRecordSchema>;

export const auditFilterSchema = z
  .object({
    actorId: z.string().max(64).optional(),
    action: z.string().max(64).optional(),
    objectId: z.string().max(128).optional(),
    from: z.string().datetime().optional(),
    to: z.string().datetime().optional(),
  })
  .strict();

const signInAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed-in'), user: staffUserSchema }).strict(),
  z
    .object({
      status: z.literal('enrol'),
      /** First sign-in of an account an administrator created or reset: choose a password and set up MFA. */
      enrolment: enrolmentSchema,
      mustChangePassword: z.boolean(),
    })
    .strict(),
]);

/** https only; the allowlist itself lives in main. */
const externalUrl = z.string().min(8).max(2048);

export const channels = {
  ...practiceDbChannels,
  ...practiceDbRetentionChannels,
  ...syncChannels,
  ...inboxChannels,
  ...campaignChannels,
  ...deskChannels,
  ...updateChannels,
  'app.getInfo': channel({
    request: empty,
    response: appInfoSchema,
    phi: false,
    permission: 'public',
    summary: 'Product name, version, training or production mode, and which host runs the screens.',
  }),
  'app.openExternal': channel({
    request: z.object({ url: externalUrl }).strict(),
    response: z.object({ opened: z.boolean() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Opens an allowlisted https help page in the system browser.',
  }),
  'app.reportProblem': channel({
    request: z
      .object({
        scope: z.string().regex(/^[a-z][a-z0-9.-]{0,39}$/),
        /** The error's class name (TypeError, QuotaExceededError): never its message, which may quote data. */
        name: z.string().regex(ERROR_NAME_PATTERN),
        /** A code the app chose (INBOX_ACK_LOCKED), never free text. */
        code: z
          .string()
          .regex(APP_CODE_PATTERN)
          .optional(),
      })
      .strict(),
    response: z.object({ logged: z.boolean() }).strict(),
    phi: false,
    permission: 'public',
    summary: "Renderer diagnostics for main's log: a scope, an error class name and an optional code; no free text, so nothing a patient wrote can reach the disk.",
  }),
  'app.getDiagnostics': channel({
    request: empty,
    response: z.object({ text: z.string().max(20_000) }).strict(),
    phi: false,
    permission: 'public',
    summary: 'A PHI-free diagnostic summary for support: versions, platform, uptime, connection state and recent problems by code.',
  }),
  'gateway.getStatus': channel({
    request: empty,
    response: gatewayStatusSchema,
    phi: false,
    permission: 'public',
    summary: 'Current connectivity to the SMS gateway and the outbox depth.',
  }),
  'session.getState': channel({
    request: empty,
    response: sessionStateSchema,
    phi: false,
    permission: 'public',
    summary: 'Whether a practice is set up, who is signed in, and whether the screens are locked.',
  }),
  'session.reportActivity': channel({
    request: empty,
    response: z.object({ accepted: z.boolean() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Throttled renderer activity ping that keeps the idle timer from locking.',
  }),
  'session.signIn': channel({
    request: z.object({ username: z.string().min(1).max(64), password, code: otpCode.optional() }).strict(),
    response: signInAnswer,
    phi: false,
    permission: 'public',
    summary: 'Signs a staff member in with password and authenticator (or recovery) code.',
  }),
  'session.completeEnrolment': channel({
    request: z.object({ enrolmentId: z.string().min(16).max(128), code: otpCode, newPassword: password.optional() }).strict(),
    response: z.object({ user: staffUserSchema, recoveryCodes: z.array(z.string().max(32)).max(20) }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Finishes a first sign-in: proves the authenticator, sets the password, returns recovery codes once.',
  }),
  'session.unlock': channel({
    request: z.object({ password, code: otpCode.optional() }).strict(),
    response: z.object({ user: staffUserSchema }).strict(),
    phi: false,
    permission: 'public',
    summary: "Unlocks the locked session with the same user's password (and code after a long lock).",
  }),
  'session.lock': channel({
    request: empty,
    response: z.object({ locked: z.boolean() }).strict(),
    phi: false,
    permission: 'session.self',
    summary: 'Locks the screens now.',
  }),
  'session.signOut': channel({
    request: empty,
    response: z.object({ signedOut: z.boolean() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Ends the session outright (also "switch user" from the lock screen).',
  }),
  'session.beginEmergency': channel({
    request: z.object({ emergencyCode: otpCode, reason: z.string().trim().min(15).max(500) }).strict(),
    response: z.object({ endsAt: z.string().datetime() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Break-glass access with the administrator-held emergency code: time-limited, bannered, audited.',
  }),
  'setup.startEnrolment': channel({
    request: z.object({ username, fullName }).strict(),
    response: enrolmentSchema,
    phi: false,
    permission: 'public',
    summary: 'First run: creates the first administrator\'s authenticator secret and QR code.',
  }),
  'setup.createPractice': channel({
    request: z
      .object({
        practice: practiceSettingsSchema,
        admin: z.object({ fullName, username, password }).strict(),
        enrolmentId: z.string().min(16).max(128),
        code: otpCode,
      })
      .strict(),
    response: z
      .object({
        user: staffUserSchema,
        recoveryCodes: z.array(z.string().max(32)).max(20),
        emergencyCode: z.string().max(64),
      })
      .strict(),
    phi: false,
    permission: 'public',
    summary: 'First run: sets up the practice and its first administrator. Refused once a practice exists.',
  }),
  'settings.get': channel({
    request: empty,
    response: settingsSchema,
    phi: false,
    permission: 'session.self',
    summary: 'Practice settings: name, time zone, phone, idle lock.',
  }),
  'settings.update': channel({
    request: z
      .object({
        idleMinutes: z.number().int().min(1).max(30).optional(),
        unlockCodeAfterMinutes: z.number().int().min(0).max(24 * 60).optional(),
        practice: practiceSettingsSchema.partial().optional(),
      })
      .strict(),
    response: settingsSchema,
    phi: false,
    permission: 'settings.manage',
    summary: 'Changes practice settings (audited).',
  }),
  'users.list': channel({
    request: empty,
    response: z.object({ users: z.array(staffAccountSchema).max(1000) }).strict(),
    phi: false,
    permission: 'users.manage',
    summary: 'Every staff account with role and status.',
  }),
  'users.create': channel({
    request: z.object({ fullName, username, role: roleSchema, temporaryPassword: password }).strict(),
    response: z.object({ user: staffAccountSchema }).strict(),
    phi: false,
    permission: 'users.manage',
    summary: 'Adds a staff account; the person sets their password and MFA at first sign-in.',
  }),
  'users.update': channel({
    request: z
      .object({ userId: z.string().min(1).max(64), role: roleSchema.optional(), disabled: z.boolean().optional() })
      .strict(),
    response: z.object({ user: staffAccountSchema }).strict(),
    phi: false,
    permission: 'users.manage',
    summary: 'Changes a role or disables/enables an account; a disabled user is signed out at once.',
  }),
  'users.resetAccess': channel({
    request: z.object({ userId: z.string().min(1).max(64), temporaryPassword: password }).strict(),
    response: z.object({ user: staffAccountSchema }).strict(),
    phi: false,
    permission: 'users.manage',
    summary: 'Resets password and MFA: the person enrols again at next sign-in.',
  }),
  'audit.query': channel({
    request: auditFilterSchema
      .extend({
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
        /** Several desks: this desk's trail (default), or every desk's records as the practice shares them. */
        scope: z.enum(['this-desk', 'practice']).optional(),
      })
      .strict(),
    response: z.object({ records: z.array(auditRecordSchema).max(500), total: z.number().int().nonnegative() }).strict(),
    phi: true,
    permission: 'audit.view',
    summary: 'Audit records filtered by user, action, patient and date, newest first.',
  }),
  'audit.verify': channel({
    request: empty,
    response: z
      .object({ ok: z.boolean(), checked: z.number().int().nonnegative(), problem: z.string().max(500).nullable() })
      .strict(),
    phi: false,
    permission: 'audit.view',
    summary: 'Checks the whole trail: reports the first broken, missing or reordered record.',
  }),
  'audit.verifyDesks': channel({
    request: empty,
    response: z
      .object({
        desks: z
          .array(z.object({ desk: z.string().max(64), records: z.number().int().nonnegative(), lastSeq: z.number().int().nonnegative(), ok: z.boolean(), problem: z.string().max(500).nullable(), thisDesk: z.boolean() }).strict())
          .max(50),
      })
      .strict(),
    phi: false,
    permission: 'audit.view',
    summary: 'Several desks: checks every desk’s audit chain as the practice server holds it (one per desk), reporting per desk.',
  }),
  'audit.exportCsv': channel({
    request: auditFilterSchema,
    response: z.object({ fileName: z.string().max(128), csv: z.string().max(50_000_000), rows: z.number().int() }).strict(),
    phi: true,
    permission: 'audit.export',
    summary: 'The filtered trail as CSV (the export is itself audited).',
  }),
  'audit.recordView': channel({
    request: z
      .object({
        objectType: z.enum(['patient', 'conversation', 'appointment', 'campaign', 'consent-ledger']),
        objectId: z.string().min(1).max(128),
        /** A view (default), or the record leaving the screen: a CSV export or a printout. */
        use: z.enum(['view', 'export', 'print']).optional(),
      })
      .strict(),
    response: z.object({ recorded: z.boolean() }).strict(),
    phi: true,
    permission: 'patients.use',
    summary: 'The renderer reports a record view; main stamps who viewed it.',
  }),
  'device.wipe': channel({
    request: z.object({ password, confirm: z.literal('WIPE THIS COMPUTER') }).strict(),
    response: z.object({ wiped: z.boolean() }).strict(),
    phi: false,
    permission: 'device.wipe',
    summary: "Deletes this computer's key and local stores (crypto-shred); audited first.",
  }),
} as const;

export const events = {
  ...syncEvents,
  ...inboxEvents,
  'gateway.statusChanged': event({
    payload: gatewayStatusSchema,
    phi: false,
    summary: 'Pushed whenever connectivity or the outbox depth changes.',
  }),
  'session.stateChanged': event({
    payload: sessionStateSchema,
    phi: false,
    summary: 'Pushed on sign-in, lock, unlock and sign-out.',
  }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type Events = typeof events;
export type EventName = keyof Events;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;
export type EventPayloadOf<E extends EventName> = z.output<Events[E]['payload']>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}
