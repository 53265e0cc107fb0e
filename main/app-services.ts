/**
 * Composition root for main's services, shared by the Electron entry and the browser host:
 * the IPC router with its handlers, the event hub, and the services behind them.
 * Electron-free, so the browser host can run it under plain Node.
 */
import { channels, type AppInfo, type GatewayStatus } from '../shared/ipc';
import { createEventHub, type EventHub } from './ipc/event-hub';
import { createIpcRouter, type AppHandlers, type CallSender, type IpcRouter } from './ipc/ipc-router';
import type { SessionView } from './ipc/access-policy';
import { createGatewayStatus, type GatewayStatusService } from './gateway/gateway-status';

export interface AppServicesOptions {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly platform: string;
  /** Origin and frame check for the transport in use. */
  readonly isTrustedSender: (sender: CallSender) => boolean;
  /** Opens an allowlisted https URL outside the app; resolves false when refused. */
  readonly openExternal: (url: string) => Promise<boolean>;
  readonly onFailure?: (channel: string, code: string, cause?: unknown) => void;
}

export interface AppServices {
  readonly router: IpcRouter;
  readonly events: EventHub;
  readonly gateway: GatewayStatusService;
  dispose(): Promise<void>;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const events = createEventHub();
  const gateway = createGatewayStatus((status: GatewayStatus) => events.publish('gateway.statusChanged', status));
  // Until staff accounts exist there is no practice and nobody signed in.
  const getSession = (): SessionView => ({ state: 'no-practice', permissions: new Set() });

  const handlers: AppHandlers = {
    'app.getInfo': () => ({
      name: 'CareRelay',
      version: options.version,
      mode: gateway.current().kind === 'sandbox' ? 'training' : 'production',
      host: options.host,
      platform: options.platform,
    }),
    'app.openExternal': async ({ url }) => ({ opened: await options.openExternal(url) }),
    'gateway.getStatus': () => gateway.current(),
    'session.getState': () => ({ state: getSession().state }),
    'session.reportActivity': () => ({ accepted: true }),
  };

  const router = createIpcRouter({
    contract: channels,
    handlers,
    isTrustedSender: options.isTrustedSender,
    getSession,
    onFailure: options.onFailure,
  });

  return {
    router,
    events,
    gateway,
    async dispose() {
      gateway.dispose();
    },
  };
}
