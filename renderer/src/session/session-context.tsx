/**
 * The session as the screens know it: main's `SessionState`, read once with `session.getState()`
 * and then followed through `session.onStateChanged` (an event always wins over an older
 * answer). `useSession()` gives it to any screen below the gate, with `refresh()` for after a
 * call that changes it, in case the event is slow.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { SessionState } from '../../../shared/ipc';
import type { Loadable } from '../app/app-data';
import { call } from '../platform/call';
import { carerelay } from '../platform/carerelay';

export interface SessionData {
  session: SessionState;
  refresh: () => void;
}

const SessionContext = createContext<SessionData | null>(null);

export function SessionProvider({ value, children }: { value: SessionData; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionData {
  const data = useContext(SessionContext);
  if (!data) throw new Error('useSession must be used inside the session gate.');
  return data;
}

/** Follows main's session state: subscribes first, then reads, so no change is lost. */
export function useSessionState(): { state: Loadable<SessionState>; refresh: () => void } {
  const [state, setState] = useState<Loadable<SessionState>>({ state: 'loading' });
  const events = useRef(0);
  const live = useRef(true);

  const refresh = useCallback(() => {
    const eventsBefore = events.current;
    void call(() => carerelay().session.getState()).then((result) => {
      // An event that arrived after this read was sent is newer than its answer.
      if (!live.current || events.current !== eventsBefore) return;
      if (result.ok) setState({ state: 'ready', value: result.value });
      else setState((previous) => (previous.state === 'ready' ? previous : { state: 'error', message: result.error.message }));
    });
  }, []);

  useEffect(() => {
    live.current = true;
    const unsubscribe = carerelay().session.onStateChanged((value) => {
      if (!live.current) return;
      events.current += 1;
      setState({ state: 'ready', value });
    });
    refresh();
    return () => {
      live.current = false;
      unsubscribe();
    };
  }, [refresh]);

  return { state, refresh };
}
