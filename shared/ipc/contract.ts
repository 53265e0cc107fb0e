/**
 * The one IPC contract between the renderer and main: every channel with its request and
 * response schema, whether it touches PHI, and the permission it needs; every event main pushes.
 * Names are `domain.action`; preload turns `domain.action` into `carerelay.domain.action(request)`
 * and event `domain.name` into `carerelay.domain.onName(callback)`.
 */
import { z } from 'zod';
import { channel, event } from './define';

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

export const sessionStateSchema = z
  .object({
    state: z.enum(['no-practice', 'signed-out', 'unlocked', 'locked']),
  })
  .strict();
export type SessionState = z.infer<typeof sessionStateSchema>;

/** https only; the allowlist itself lives in main. */
const externalUrl = z.string().min(8).max(2048);

export const channels = {
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
    summary: 'Whether a practice is set up and whether a user is signed in, locked or signed out.',
  }),
  'session.reportActivity': channel({
    request: empty,
    response: z.object({ accepted: z.boolean() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Throttled renderer activity ping that keeps the idle timer from locking.',
  }),
} as const;

export const events = {
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
