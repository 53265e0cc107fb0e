/**
 * The Electron side of the preload transport: calls go out on one `ipcRenderer.invoke` channel,
 * events come in on one `ipcRenderer.on` listener and are fanned out by event name. The
 * IpcRendererEvent never reaches a callback; only the validated payload does (see api-builder).
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { IpcResult } from '../shared/ipc';
import type { Transport } from './api-builder';

/** Channel names shared with main/ipc/electron-ipc.ts (a test asserts they match). */
export const ELECTRON_CALL_CHANNEL = 'carerelay:call';
export const ELECTRON_EVENT_CHANNEL = 'carerelay:event';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on'>;

export function createElectronTransport(ipc: IpcRendererLike): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  ipc.on(ELECTRON_EVENT_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    const set = listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch {
        // One screen's broken listener must not starve the others.
      }
    }
  });

  return {
    async invoke(channel: string, payload: unknown): Promise<IpcResult<unknown>> {
      try {
        return (await ipc.invoke(ELECTRON_CALL_CHANNEL, channel, payload)) as IpcResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'NOT_AVAILABLE', message: 'CareRelay is not reachable right now.' } };
      }
    },
    subscribe(eventName: string, listener: (payload: unknown) => void): () => void {
      let set = listeners.get(eventName);
      if (!set) {
        set = new Set();
        listeners.set(eventName, set);
      }
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry = (payload: unknown) => listener(payload);
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
  };
}
