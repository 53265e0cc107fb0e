/**
 * Carries the IPC contract over one authenticated WebSocket: `{id, channel, payload}` in,
 * `{id, result}` out, and `{event, payload}` for main's events. Every call goes through the
 * same router as Electron IPC. Malformed frames get a typed error; nothing here throws.
 */
import type { WebSocket } from 'ws';
import type { EventHub } from '../ipc/event-hub';
import type { CallSender, IpcRouter } from '../ipc/ipc-router';

export interface BridgeOptions {
  readonly router: IpcRouter;
  readonly events: EventHub;
  readonly origin: string;
}

/** Frames larger than this close the socket (the router's own request limit is smaller). */
export const MAX_FRAME_BYTES = 1024 * 1024;

export function bridgeSocket(socket: WebSocket, options: BridgeOptions): void {
  const sender: CallSender = { transport: 'browser-host', frameUrl: options.origin, isMainFrame: true };
  const send = (message: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  for (const [name, payload] of options.events.latest()) send({ event: name, payload });
  const detach = options.events.attach((name, payload) => send({ event: name, payload }));
  socket.on('close', detach);
  socket.on('error', detach);

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send({ id: null, result: { ok: false, error: { code: 'BAD_REQUEST', message: 'Binary frames are not accepted.' } } });
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      send({ id: null, result: { ok: false, error: { code: 'BAD_REQUEST', message: 'The request is not valid JSON.' } } });
      return;
    }
    const f = (typeof frame === 'object' && frame !== null ? frame : {}) as Record<string, unknown>;
    const id = typeof f.id === 'number' && Number.isSafeInteger(f.id) ? f.id : null;
    if (id === null) {
      send({ id: null, result: { ok: false, error: { code: 'BAD_REQUEST', message: 'The request has no id.' } } });
      return;
    }
    void options.router.dispatch(f.channel, f.payload, sender).then((result) => send({ id, result }));
  });
}
