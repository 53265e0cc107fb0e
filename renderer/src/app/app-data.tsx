/**
 * The frame's live facts from main, shared by every screen through one context: app info
 * (name, version, training or production mode, host) read once at start, and the gateway
 * status read once and then kept current from `gateway.onStatusChanged`. The mode follows the
 * gateway's kind (sandbox = training), so an administrator's switch shows everywhere at once.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, GatewayStatus } from '../../../shared/ipc';
import { carerelay } from '../platform/carerelay';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'error'; message: string };

export interface AppData {
  info: Loadable<AppInfo>;
  gateway: Loadable<GatewayStatus>;
}

const AppDataContext = createContext<AppData | null>(null);

export function AppDataProvider({ children }: { children: ReactNode }) {
  const [info, setInfo] = useState<Loadable<AppInfo>>({ state: 'loading' });
  const [gateway, setGateway] = useState<Loadable<GatewayStatus>>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    carerelay()
      .app.getInfo()
      .then((result) => {
        if (!live) return;
        setInfo(result.ok ? { state: 'ready', value: result.value } : { state: 'error', message: result.error.message });
      })
      .catch(() => live && setInfo({ state: 'error', message: 'CareRelay did not answer.' }));
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const api = carerelay();
    let live = true;
    // Subscribe first, so a change pushed while the first read is in flight is not lost;
    // once an event has arrived, the (older) answer to the first read is ignored.
    let heardEvent = false;
    const unsubscribe = api.gateway.onStatusChanged((status) => {
      if (!live) return;
      heardEvent = true;
      setGateway({ state: 'ready', value: status });
    });
    api.gateway
      .getStatus()
      .then((result) => {
        if (!live || heardEvent) return;
        setGateway(
          result.ok ? { state: 'ready', value: result.value } : { state: 'error', message: result.error.message },
        );
      })
      .catch(() => live && !heardEvent && setGateway({ state: 'error', message: 'CareRelay did not answer.' }));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);

  // Main derives the mode from the gateway's kind; follow it when the status moves on.
  const kind = gateway.state === 'ready' ? gateway.value.kind : null;
  const liveInfo: Loadable<AppInfo> =
    info.state === 'ready' && kind !== null
      ? { state: 'ready', value: { ...info.value, mode: kind === 'sandbox' ? 'training' : 'production' } }
      : info;
  return <AppDataContext.Provider value={{ info: liveInfo, gateway }}>{children}</AppDataContext.Provider>;
}

export function useAppData(): AppData {
  const data = useContext(AppDataContext);
  if (!data) throw new Error('useAppData must be used inside AppDataProvider.');
  return data;
}
