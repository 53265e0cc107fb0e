/**
 * The one IPC handler wrapper. Every call from any transport (Electron IPC or the browser
 * host's WebSocket) goes through `dispatch`: known channel, trusted sender, size limit, contract
 * access policy (a locked session never has its PHI payloads parsed), validation, handler, response validation. It always answers the result
 * envelope; it never throws, never answers a stack trace, and never waits forever.
 */
import type { z } from 'zod';
import {
  MAX_REQUEST_BYTES,
  type ChannelDef,
  type Channels,
  type IpcError,
  type IpcResult,
} from '../../shared/ipc';
import { authorizeCall, type AccessPolicy, type SessionView } from './access-policy';

/** Who sent a call, as the transport saw it. */
export interface CallSender {
  readonly transport: 'electron' | 'browser-host' | 'test';
  /** URL of the frame that sent the call (Electron) or the page origin (browser host). */
  readonly frameUrl: string | null;
  /** Whether the sending frame is the window's top-level frame. */
  readonly isMainFrame: boolean;
}

export interface HandlerContext {
  readonly sender: CallSender;
  readonly session: SessionView;
}

export type ChannelHandler<Def extends ChannelDef> = (
  request: z.output<Def['request']>,
  context: HandlerContext,
) => Promise<z.input<Def['response']>> | z.input<Def['response']>;

export type Handlers<C extends Record<string, ChannelDef> = Channels> = {
  [N in keyof C]: ChannelHandler<C[N]>;
};

export interface RouterOptions<C extends Record<string, ChannelDef>> {
  readonly contract: C;
  readonly handlers: Handlers<C>;
  /** Whether a sender may talk to main at all (origin and frame checks). */
  readonly isTrustedSender: (sender: CallSender) => boolean;
  /** The current session, read fresh for every call. */
  readonly getSession: () => SessionView;
  readonly policy?: AccessPolicy;
  readonly maxRequestBytes?: number;
  /** A handler that takes longer than this answers TIMEOUT (it is not cancelled). */
  readonly handlerTimeoutMs?: number;
  /** Receives failures for diagnostics: the channel and code only, never payloads. */
  readonly onFailure?: (channel: string, code: string, cause?: unknown) => void;
}

export interface IpcRouter {
  dispatch(channel: unknown, payload: unknown, sender: CallSender): Promise<IpcResult<unknown>>;
  readonly channelNames: readonly string[];
}

const fail = (code: string, message: string): { ok: false; error: IpcError } => ({
  ok: false,
  error: { code, message },
});

/** JSON size of a payload, or -1 when it is not plain data (functions, cycles, BigInt). */
export function measurePayload(payload: unknown, limit: number): number {
  let text: string | undefined;
  try {
    text = JSON.stringify(payload === undefined ? {} : payload);
  } catch {
    return -1;
  }
  if (text === undefined) return -1;
  // Byte length is at most 3x the UTF-16 length; only count precisely near the limit.
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).byteLength;
}

export function createIpcRouter<C extends Record<string, ChannelDef>>(options: RouterOptions<C>): IpcRouter {
  const {
    contract,
    handlers,
    isTrustedSender,
    getSession,
    policy = authorizeCall,
    maxRequestBytes = MAX_REQUEST_BYTES,
    handlerTimeoutMs = 30_000,
    onFailure = () => undefined,
  } = options;

  const has = (name: unknown): name is keyof C & string =>
    typeof name === 'string' && name.length <= 128 && Object.prototype.hasOwnProperty.call(contract, name);

  async function dispatch(channel: unknown, payload: unknown, sender: CallSender): Promise<IpcResult<unknown>> {
    const label = typeof channel === 'string' ? channel.slice(0, 64) : '(not a string)';
    const refuse = (code: string, message: string, cause?: unknown) => {
      onFailure(label, code, cause);
      return fail(code, message);
    };

    let trusted: boolean;
    try {
      trusted = isTrustedSender(sender);
    } catch {
      trusted = false;
    }
    if (!trusted) return refuse('FORBIDDEN_SENDER', 'This window is not allowed to talk to CareRelay.');
    if (!has(channel)) return refuse('UNKNOWN_CHANNEL', 'CareRelay does not know that request.');

    const def = contract[channel] as ChannelDef;
    const limit = Math.max(maxRequestBytes, def.maxRequestBytes ?? 0);
    const size = measurePayload(payload, limit);
    if (size < 0) return refuse('BAD_REQUEST', 'The request is not plain data.');
    if (size > limit) return refuse('PAYLOAD_TOO_LARGE', 'The request is too large.');

    let session: SessionView;
    try {
      session = getSession();
    } catch (cause) {
      return refuse('INTERNAL', 'CareRelay could not check the session.', cause);
    }
    const denied = policy(def, session);
    if (denied) return refuse(denied.code, denied.message);

    const parsed = def.request.safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'request';
      return refuse('BAD_REQUEST', `The request is not valid (${where.slice(0, 80)}).`);
    }

    const handler = handlers[channel] as ChannelHandler<ChannelDef>;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HandlerTimeout()), handlerTimeoutMs);
      });
      const value = await Promise.race([Promise.resolve().then(() => handler(parsed.data, { sender, session })), timeout]);
      const checked = def.response.safeParse(value);
      if (!checked.success) return refuse('INTERNAL', 'CareRelay produced an answer it could not send.', checked.error);
      return { ok: true, value: checked.data };
    } catch (cause) {
      if (cause instanceof HandlerTimeout) return refuse('TIMEOUT', 'CareRelay took too long to answer.');
      if (cause instanceof IpcFailure) return refuse(cause.code, cause.message);
      return refuse('INTERNAL', 'Something went wrong in CareRelay. The problem was recorded.', cause);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  return { dispatch, channelNames: Object.freeze(Object.keys(contract)) };
}

class HandlerTimeout extends Error {}

/** Thrown by a handler to answer a typed, user-presentable error. */
export class IpcFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Typed helper for handler maps over the real contract. */
export type AppHandlers = Handlers<Channels>;
