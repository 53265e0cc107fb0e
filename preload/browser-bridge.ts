/**
 * The browser host's preload: builds the same frozen `window.carerelay` as the Electron preload,
 * over the host's loopback WebSocket authenticated by this run's token. Loaded as a classic
 * script before the renderer. The token is taken from the address once, kept for this tab
 * only, and removed from the address bar.
 */
import type { IpcResult } from '../shared/ipc';
import { buildApi, type Transport } from './api-builder';

const TOKEN_KEY = 'carerelay.hostToken';
const CALL_TIMEOUT_MS = 35_000;

function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function createSocketTransport(token: string): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, { resolve: (r: IpcResult<unknown>) => void; timer: number }>();
  const waiting: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const unavailable = (message: string): IpcResult<unknown> => ({ ok: false, error: { code: 'NOT_AVAILABLE', message } });

  const connect = () => {
    const url = `${location.origin.replace(/^http/, 'ws')}/ipc?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const frame of waiting.splice(0)) ws.send(frame);
    };
    ws.onmessage = (message) => {
      let frame: { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
      try {
        frame = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (typeof frame.event === 'string') {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
        return;
      }
      if (typeof frame.id === 'number') {
        const call = pending.get(frame.id);
        if (!call) return;
        pending.delete(frame.id);
        clearTimeout(call.timer);
        call.resolve(frame.result as IpcResult<unknown>);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, call] of pending) {
        clearTimeout(call.timer);
        call.resolve(unavailable('The connection to CareRelay was interrupted.'));
        pending.delete(id);
      }
      window.setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    };
  };
  connect();

  return {
    invoke(channel, payload) {
      return new Promise((resolve) => {
        const id = nextId++;
        const timer = window.setTimeout(() => {
          pending.delete(id);
          resolve(unavailable('CareRelay did not answer in time.'));
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        let frame: string;
        try {
          frame = JSON.stringify({ id, channel, payload });
        } catch {
          pending.delete(id);
          clearTimeout(timer);
          resolve({ ok: false, error: { code: 'BAD_REQUEST', message: 'The request is not plain data.' } });
          return;
        }
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame);
        else waiting.push(frame);
      });
    },
    subscribe(eventName, listener) {
      const set = listeners.get(eventName) ?? new Set();
      listeners.set(eventName, set);
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
}

Object.defineProperty(window, 'carerelay', {
  value: buildApi(createSocketTransport(takeToken())),
  writable: false,
  configurable: false,
  enumerable: false,
});
