/**
 * Building blocks of the IPC contract: how a channel and an event are declared,
 * the permission names a channel can require, and the result envelope every call answers with.
 * Pure types and zod: no process-specific imports.
 */
import { z } from 'zod';

/** What a caller must hold to use a channel. `public` needs no session at all. */
export const PERMISSIONS = [
  'public',
  'session.self',
  'inbox.use',
  'patients.use',
  'consent.capture',
  'campaigns.manage',
  'templates.manage',
  'reports.view',
  'users.manage',
  'settings.manage',
  'gateway.manage',
  'audit.view',
  'audit.export',
  'device.wipe',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface ChannelDef<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
  /** True when the request or the answer can carry protected health information. */
  readonly phi: boolean;
  readonly permission: Permission;
  /** One line for reviewers: what the channel does. */
  readonly summary: string;
  /** A larger request limit than MAX_REQUEST_BYTES, for the one channel that carries documents in bulk. */
  readonly maxRequestBytes?: number;
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  readonly phi: boolean;
  readonly summary: string;
}

export function channel<Req extends z.ZodType, Res extends z.ZodType>(def: ChannelDef<Req, Res>): ChannelDef<Req, Res> {
  return Object.freeze(def);
}

export function event<P extends z.ZodType>(def: EventDef<P>): EventDef<P> {
  return Object.freeze(def);
}

/** Error codes every caller can rely on. Later capabilities add their own beside these. */
export const IPC_ERROR_CODES = [
  'UNKNOWN_CHANNEL',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'FORBIDDEN_SENDER',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LOCKED',
  'NOT_AVAILABLE',
  'INTERNAL',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export const ipcErrorSchema = z
  .object({
    code: z.string().min(1).max(64),
    message: z.string().max(500),
  })
  .strict();
export type IpcError = z.infer<typeof ipcErrorSchema>;

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The largest request, in bytes of its JSON text, that main will look at. */
export const MAX_REQUEST_BYTES = 256 * 1024;
