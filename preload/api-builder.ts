/**
 * Builds the frozen `window.carerelay` object from the contract over any transport.
 * Only named functions cross the boundary: no generic invoke, no transport objects, no event
 * objects. Electron IPC and the browser host's WebSocket both use this one builder, so the
 * renderer cannot tell them apart.
 */
import { channels, events, eventMemberName, splitName, type CareRelayApi, type IpcResult } from '../shared/ipc';

export interface Transport {
  /** Sends a call and resolves with main's result envelope (never rejects). */
  invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  /** Delivers each payload of one event to the listener; returns an unsubscribe. */
  subscribe(eventName: string, listener: (payload: unknown) => void): () => void;
}

function isEnvelope(value: unknown): value is IpcResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.ok === true) return 'value' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as Record<string, unknown>;
  return typeof e.code === 'string' && typeof e.message === 'string';
}

export function buildApi(transport: Transport): CareRelayApi {
  const domains: Record<string, Record<string, unknown>> = {};
  const domainOf = (name: string) => (domains[splitName(name).domain] ??= {});

  for (const name of Object.keys(channels)) {
    const call = async (request?: unknown): Promise<IpcResult<unknown>> => {
      try {
        const answer = await transport.invoke(name, request === undefined ? {} : request);
        if (isEnvelope(answer)) return answer;
        return { ok: false, error: { code: 'BAD_RESPONSE', message: 'CareRelay sent an answer the screen cannot read.' } };
      } catch {
        return { ok: false, error: { code: 'NOT_AVAILABLE', message: 'CareRelay is not reachable right now.' } };
      }
    };
    domainOf(name)[splitName(name).member] = call;
  }

  for (const name of Object.keys(events) as (keyof typeof events)[]) {
    const schema = events[name].payload;
    const on = (listener: (payload: unknown) => void): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError('A listener function is required.');
      return transport.subscribe(name, (payload) => {
        const checked = schema.safeParse(payload);
        if (checked.success) listener(checked.data);
      });
    };
    domainOf(name)[eventMemberName(name)] = on;
  }

  for (const key of Object.keys(domains)) Object.freeze(domains[key]);
  return Object.freeze(domains) as unknown as CareRelayApi;
}
