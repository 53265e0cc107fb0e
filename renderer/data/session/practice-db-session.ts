/**
 * The practice database's life within a staff session: after unlock or sign-in it receives the
 * keys (key hand-over), opens the database and starts the in-memory name index; on lock or
 * sign-out it closes the database (RxDB's caches of decrypted documents go with it), drops the
 * keys and the name index. Open and close are serialised, so a quick lock during an open still
 * ends closed. The keys live only in this object's closure. When the desk shares its practice
 * through a replication server (several desks), replication starts after the database opens and
 * stops before it closes.
 */
import type { CareRelayApi, SessionState } from '../../../shared/ipc';
import { openPracticeDb, type IndexedDbSource, type PracticeDb } from '../database/open-practice-db';
import { startPatientNameSearch, type PatientNameSearch } from '../search/patient-name-search';
import { practiceConflictHandlers } from '../replication/conflict-handlers';
import type { PracticeReplication } from '../replication/practice-replication';
import { createWireSealer, type WireSealer } from '../replication/wire-seal';
import { receivePracticeKeys, type PracticeKeys } from './key-handover';

export type PracticeDbStatus =
  | { readonly state: 'closed' }
  | { readonly state: 'opening' }
  | { readonly state: 'open'; readonly db: PracticeDb; readonly names: PatientNameSearch }
  | { readonly state: 'failed'; readonly message: string };

export interface PracticeDbSessionOptions {
  /** The bridge's releaseKeys (or a stand-in in tests and the benchmark). */
  readonly releaseKeys: () => Promise<PracticeKeys>;
  readonly name?: string;
  readonly idb?: IndexedDbSource;
  /** Starts replication with the practice's server for an open database, or answers null (not configured). */
  readonly startReplication?: (db: PracticeDb, sealer: WireSealer, refreshKeys: (epoch?: number) => Promise<boolean>) => Promise<PracticeReplication | null>;
  /** Runs after the keys arrive and before the database opens (a desk that just joined starts it afresh). */
  readonly beforeOpen?: () => Promise<void>;
}

export class PracticeDbSession {
  private status: PracticeDbStatus = { state: 'closed' };
  private keys: PracticeKeys | null = null;
  private queue: Promise<void> = Promise.resolve();
  private wantOpen = false;
  private replication: PracticeReplication | null = null;
  private sealer: WireSealer | null = null;
  private readonly listeners = new Set<(status: PracticeDbStatus) => void>();

  constructor(private readonly options: PracticeDbSessionOptions) {}

  current(): PracticeDbStatus {
    return this.status;
  }

  /** True while a key is held (for tests: after close it is gone). */
  holdsKey(): boolean {
    return this.keys !== null;
  }

  subscribe(listener: (status: PracticeDbStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(status: PracticeDbStatus): void {
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  open(): Promise<void> {
    this.wantOpen = true;
    return this.enqueue(async () => {
      if (!this.wantOpen || this.status.state === 'open') return;
      this.set({ state: 'opening' });
      try {
        const keys = await this.options.releaseKeys();
        if (!this.wantOpen) return;
        this.keys = keys;
        await this.options.beforeOpen?.();
        if (!this.wantOpen) return;
        const sealer = createWireSealer(keys.wireKeys);
        this.sealer = sealer;
        const db = await openPracticeDb({
          name: this.options.name,
          getDbKey: () => this.keys?.dbKey ?? null,
          indexKey: keys.indexKey,
          keyId: keys.keyId,
          idb: this.options.idb,
          conflictHandlers: practiceConflictHandlers(Date.now, sealer),
        });
        if (!this.wantOpen) {
          await db.close();
          this.keys = null;
          this.set({ state: 'closed' });
          return;
        }
        this.set({ state: 'open', db, names: startPatientNameSearch(db) });
        // Several desks: a replication that cannot start leaves this desk working on its own.
        this.replication = (await this.options.startReplication?.(db, sealer, this.refreshWireKeys).catch(() => null)) ?? null;
      } catch (error) {
        this.keys = null;
        this.set({ state: 'failed', message: error instanceof Error ? error.message : 'The practice database could not be opened.' });
      }
    });
  }

  /** Starts replication if the database is open without it (the desk was connected to a server just now). */
  ensureReplication(): Promise<void> {
    return this.enqueue(async () => {
      const status = this.status;
      if (status.state !== 'open' || this.replication || !this.sealer) return;
      this.replication = (await this.options.startReplication?.(status.db, this.sealer, this.refreshWireKeys).catch(() => null)) ?? null;
    });
  }

  /**
   * The practice moved to a newer key epoch (a desk was removed): the sealer takes the newer wire
   * keys, and seals under the new epoch from now on. True when `epoch` (if given) is now held.
   */
  readonly refreshWireKeys = async (epoch?: number): Promise<boolean> => {
    const sealer = this.sealer;
    if (!sealer || !this.keys) return false;
    const keys = await this.options.releaseKeys();
    if (this.sealer !== sealer) return false; // locked meanwhile
    sealer.setKeys(keys.wireKeys);
    return epoch === undefined || keys.wireKeys.byEpoch.has(epoch);
  };

  close(): Promise<void> {
    this.wantOpen = false;
    // Drop the key at once: anything still running fails closed rather than reading on.
    this.keys = null;
    return this.enqueue(async () => {
      const status = this.status;
      await this.replication?.stop().catch(() => undefined);
      this.replication = null;
      this.sealer = null;
      if (status.state === 'open') {
        status.names.stop();
        await status.db.close().catch(() => undefined);
      }
      this.keys = null;
      if (this.status.state !== 'closed') this.set({ state: 'closed' });
    });
  }

  /** Opens while main says the session is unlocked, closes otherwise. Returns the unsubscribe. */
  follow(api: Pick<CareRelayApi, 'session'>): () => void {
    const apply = (state: SessionState) => {
      if (state.state === 'unlocked' && state.user) void this.open();
      else void this.close();
    };
    const unsubscribe = api.session.onStateChanged(apply);
    void api.session.getState().then((result) => {
      if (result.ok) apply(result.value);
    }, () => undefined);
    return () => {
      unsubscribe();
      void this.close();
    };
  }
}

/** The bridge's key hand-over, for the app. */
export function bridgeKeyRelease(api: Pick<CareRelayApi, 'practiceDb'>): () => Promise<PracticeKeys> {
  return () => receivePracticeKeys((request) => api.practiceDb.releaseKeys(request));
}

export { freshStartIfJoined, startDeskReplication } from '../replication/desk-replication';
export { DESKS_CHANGED_EVENT } from '../replication/desks-event';
