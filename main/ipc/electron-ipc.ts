/**
 * The Electron IPC transport, and the only file that imports `ipcMain`. One invoke channel
 * (`carerelay:call`) hands every call to the router with who sent it; one send channel
 * (`carerelay:event`) carries the event hub's events to the main window. The sender check
 * (exact `app://carerelay` origin, main frame only) is `isTrustedElectronSender`.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventHub } from './event-hub';
import type { CallSender, IpcRouter } from './ipc-router';
import { isAppOriginUrl } from '../security/app-origin';

export const ELECTRON_CALL_CHANNEL = 'carerelay:call';
export const ELECTRON_EVENT_CHANNEL = 'carerelay:event';

type InvokeEventLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & { readonly sender: Pick<WebContents, 'mainFrame'> };

/** Who sent a call, as Electron saw it. A destroyed or navigated-away frame is `null`. */
export function senderFromEvent(event: InvokeEventLike): CallSender {
  let frame: IpcMainInvokeEvent['senderFrame'];
  let mainFrame: unknown;
  try {
    frame = event.senderFrame ?? null;
    mainFrame = event.sender?.mainFrame;
  } catch {
    frame = null; // Electron throws when reading a frame that is gone.
  }
  let frameUrl: string | null;
  try {
    frameUrl = frame ? frame.url : null;
  } catch {
    frameUrl = null;
  }
  return { transport: 'electron', frameUrl, isMainFrame: frame != null && frame === mainFrame };
}

/** Only the app's own top-level page may talk to main. */
export function isTrustedElectronSender(sender: CallSender): boolean {
  return sender.transport === 'electron' && sender.isMainFrame === true && isAppOriginUrl(sender.frameUrl);
}

export interface ElectronIpcOptions {
  readonly router: IpcRouter;
  readonly events: EventHub;
  /** The window that receives events; null while there is none. */
  readonly getTarget: () => Pick<WebContents, 'send' | 'isDestroyed'> | null;
}

/** Registers the call handler and the event sink. Returns a function that removes both. */
export function registerElectronIpc(options: ElectronIpcOptions): () => void {
  const { router, events, getTarget } = options;
  ipcMain.handle(ELECTRON_CALL_CHANNEL, (event, channel: unknown, payload: unknown) =>
    router.dispatch(channel, payload, senderFromEvent(event)),
  );
  const detach = events.attach((name, payload) => {
    const target = getTarget();
    if (target && !target.isDestroyed()) target.send(ELECTRON_EVENT_CHANNEL, name, payload);
  });
  return () => {
    detach();
    ipcMain.removeHandler(ELECTRON_CALL_CHANNEL);
  };
}

/** Sends the latest value of every event to a freshly loaded page, so it starts from now. */
export function replayLatestEvents(events: EventHub, target: Pick<WebContents, 'send' | 'isDestroyed'>): void {
  if (target.isDestroyed()) return;
  for (const [name, payload] of events.latest()) target.send(ELECTRON_EVENT_CHANNEL, name, payload);
}
