/**
 * The practice database for React: `PracticeDbProvider` sits inside the signed-in frame, so it
 * mounts after unlock or sign-in and unmounts at lock or sign-out; while mounted a
 * PracticeDbSession follows main's session state (key hand-over and open on unlock; close and
 * drop the keys on lock, even before React re-renders). Screens use the hooks in hooks.ts.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { CareRelayApi } from '../../../shared/ipc';
import type { PracticeDbStatus } from '../session/practice-db-session';
import type { GatewayBridge } from '../sync/gateway-bridge';
import type { InboxMemory } from '../inbox/inbox-memory';

const PracticeDbContext = createContext<PracticeDbStatus>({ state: 'closed' });
const GatewayBridgeContext = createContext<GatewayBridge | null>(null);

const InboxMemoryContext = createContext<InboxMemory | null>(null);

export function PracticeDbProvider({ api, staffId, children }: { api: CareRelayApi; staffId: string; children: ReactNode }) {
  const [status, setStatus] = useState<PracticeDbStatus>({ state: 'closed' });
  useEffect(() => {
    let stop: (() => void) | null = null;
    let unmounted = false;
    // RxDB, Dexie and the crypto load in their own chunk, in parallel with the first screen.
    void import('../session/practice-db-session').then(({ PracticeDbSession, bridgeKeyRelease, freshStartIfJoined, startDeskReplication, DESKS_CHANGED_EVENT }) => {
      if (unmounted) return;
      const session = new PracticeDbSession({
        releaseKeys: bridgeKeyRelease(api),
        beforeOpen: () => freshStartIfJoined(api),
        startReplication: (db, sealer, refreshKeys) => startDeskReplication(api, db, sealer, refreshKeys),
      });
      const unsubscribe = session.subscribe(setStatus);
      const stopFollowing = session.follow(api);
      const desksChanged = () => void session.ensureReplication();
      window.addEventListener(DESKS_CHANGED_EVENT, desksChanged);
      stop = () => {
        window.removeEventListener(DESKS_CHANGED_EVENT, desksChanged);
        stopFollowing();
        unsubscribe();
      };
    });
    return () => {
      unmounted = true;
      stop?.();
    };
  }, [api]);
  // While the database is open, inbound messages are filed and delivery states followed.
  const [bridge, setBridge] = useState<GatewayBridge | null>(null);
  const openDb = status.state === 'open' ? status.db : null;
  useEffect(() => {
    if (!openDb) return;
    let live: GatewayBridge | null = null;
    let cancelled = false;
    void import('../sync/gateway-bridge').then(({ startGatewayBridge }) => {
      if (cancelled) return;
      live = startGatewayBridge(openDb, api, (code) => void api.app.reportProblem({ scope: 'gateway-bridge', name: 'BridgeError', code }));
      setBridge(live);
    });
    return () => {
      cancelled = true;
      live?.stop();
      setBridge(null);
    };
  }, [openDb, api]);
  // The queue loads as soon as the database opens (the Inbox is the landing screen) and is
  // dropped with everything it decrypted when the database closes.
  const [inbox, setInbox] = useState<InboxMemory | null>(null);
  const names = status.state === 'open' ? status.names : null;
  useEffect(() => {
    if (!openDb || !names) return;
    let memory: InboxMemory | null = null;
    let cancelled = false;
    void import('../inbox/inbox-memory').then(({ startInboxMemory }) => {
      if (cancelled) return;
      memory = startInboxMemory(openDb, names.index, staffId);
      setInbox(memory);
    });
    return () => {
      cancelled = true;
      memory?.stop();
      setInbox(null);
    };
  }, [openDb, names, staffId]);
  return (
    <PracticeDbContext.Provider value={status}>
      <GatewayBridgeContext.Provider value={bridge}>
        <InboxMemoryContext.Provider value={inbox}>{children}</InboxMemoryContext.Provider>
      </GatewayBridgeContext.Provider>
    </PracticeDbContext.Provider>
  );
}

/** The queue and search while the database is open (null before it opens and after lock). */
export function useInboxMemory(): InboxMemory | null {
  return useContext(InboxMemoryContext);
}

/** The gateway bridge while the database is open (null before it opens and after lock). */
export function useGatewayBridge(): GatewayBridge | null {
  return useContext(GatewayBridgeContext);
}

/** The database's state for this session: 'closed', 'opening', 'open' or 'failed' (with a message for people). */
export function usePracticeDbStatus(): PracticeDbStatus {
  return useContext(PracticeDbContext);
}
