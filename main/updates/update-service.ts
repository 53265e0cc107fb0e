/**
 * Owns when CareRelay looks for, fetches and installs updates: a check at start and then daily,
 * the download in the background, verification by the updater (hash and publisher signature),
 * and installation only when CareRelay quits or when a person asks ("Restart to update") —
 * never a restart on its own during a signed-in session. An administrator can pause updates
 * (kept in main's encrypted store). Every step is in the audit trail: available, downloaded,
 * failed (by code), paused, resumed, restart requested.
 */
import type { UpdateErrorCode, UpdateInfo, UpdaterPort } from './updater-port';
import { classifyUpdateError } from './updater-port';

export const CHECK_INTERVAL_MS = 24 * 60 * 60_000;
/** After an offline start or a failure, try again sooner than a day. */
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

export type UpdateState = 'disabled' | 'idle' | 'checking' | 'downloading' | 'ready' | 'failed' | 'paused';

export interface UpdateStatus {
  readonly state: UpdateState;
  readonly currentVersion: string;
  /** The version found or downloaded. */
  readonly version: string | null;
  readonly lastCheckedAt: string | null;
  readonly error: UpdateErrorCode | null;
  readonly paused: boolean;
  /** Why updates are off ('NO_FEED': no update feed configured for this build). */
  readonly disabledReason: 'NO_FEED' | null;
}

export interface UpdateAudit {
  (event: { action: string; outcome: 'success' | 'failure'; detail?: string; actor?: { id: string; role: string } }): Promise<unknown>;
}

export interface PauseStore {
  read(): Promise<boolean>;
  write(paused: boolean): Promise<void>;
}

export interface UpdateServiceOptions {
  /** Null: this build has no update feed (updates are off and say so). */
  readonly port: UpdaterPort | null;
  readonly currentVersion: string;
  readonly audit: UpdateAudit;
  readonly pause: PauseStore;
  readonly now?: () => Date;
  readonly setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  readonly onStatus?: (status: UpdateStatus) => void;
}

export interface UpdateService {
  start(): Promise<void>;
  status(): UpdateStatus;
  checkNow(): Promise<UpdateStatus>;
  setPaused(paused: boolean, actor: { id: string; role: string }): Promise<UpdateStatus>;
  /** A person asked to restart now: allowed only with an update ready. */
  restartToUpdate(actor: { id: string; role: string }): Promise<boolean>;
  stop(): void;
}

const defaultTimer = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return { cancel: () => clearTimeout(t) };
};

const versionDetail = (v: string) => `VERSION_${v.replace(/[^0-9A-Za-z]+/g, '_').slice(0, 40)}`;

/** The status of a copy with no update feed (or none yet open). */
export const updatesOff = (currentVersion: string): UpdateStatus => ({
  state: 'disabled',
  currentVersion,
  version: null,
  lastCheckedAt: null,
  error: null,
  paused: false,
  disabledReason: 'NO_FEED',
});

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const now = options.now ?? (() => new Date());
  const setTimer = options.setTimer ?? defaultTimer;
  let status: UpdateStatus = options.port ? { ...updatesOff(options.currentVersion), state: 'idle', disabledReason: null } : updatesOff(options.currentVersion);
  let timer: { cancel(): void } | null = null;
  let running: Promise<UpdateStatus> | null = null;
  let stopped = false;

  const set = (patch: Partial<UpdateStatus>) => {
    status = { ...status, ...patch };
    options.onStatus?.(status);
  };
  const schedule = (ms: number) => {
    timer?.cancel();
    if (!stopped && options.port) timer = setTimer(() => void checkNow(), ms);
  };

  async function cycle(port: UpdaterPort): Promise<UpdateStatus> {
    if (status.paused) {
      set({ state: 'paused' });
      return status;
    }
    if (status.state === 'ready') return status;
    set({ state: 'checking', error: null });
    let found: UpdateInfo | null;
    try {
      found = await port.check();
    } catch (error) {
      return fail(classifyUpdateError(error));
    }
    set({ lastCheckedAt: now().toISOString() });
    if (!found) {
      set({ state: 'idle', version: null });
      schedule(CHECK_INTERVAL_MS);
      return status;
    }
    if (status.paused) {
      // Paused while checking: nothing is fetched.
      set({ state: 'paused' });
      return status;
    }
    await record({ action: 'updates.available', outcome: 'success', detail: versionDetail(found.version) });
    set({ state: 'downloading', version: found.version });
    try {
      const downloaded = await port.download();
      if (status.paused) {
        // Paused while downloading: keep the file, do not arm the install.
        set({ state: 'paused' });
        return status;
      }
      port.setInstallOnQuit(true);
      await record({ action: 'updates.downloaded', outcome: 'success', detail: versionDetail(downloaded.version) });
      if (status.paused) {
        port.setInstallOnQuit(false);
        set({ state: 'paused', version: downloaded.version });
        return status;
      }
      set({ state: 'ready', version: downloaded.version });
      return status;
    } catch (error) {
      port.setInstallOnQuit(false);
      return fail(classifyUpdateError(error));
    }
  }

  /** Audit writes for background steps: a failing trail (closing, wiped) must not wedge the updater. */
  async function record(event: Parameters<UpdateAudit>[0]): Promise<void> {
    try {
      await options.audit(event);
    } catch {
      // The trail is closed or unavailable; the step still happened.
    }
  }

  async function fail(code: UpdateErrorCode): Promise<UpdateStatus> {
    await record({ action: 'updates.failed', outcome: 'failure', detail: code });
    set({ state: 'failed', error: code });
    schedule(RETRY_AFTER_FAILURE_MS);
    return status;
  }

  function checkNow(): Promise<UpdateStatus> {
    const port = options.port;
    if (!port || stopped) return Promise.resolve(status);
    if (!running) running = cycle(port).catch(() => status).finally(() => (running = null));
    return running;
  }

  return {
    async start() {
      const paused = await options.pause.read().catch(() => false);
      set({ paused, ...(paused && options.port ? { state: 'paused' as const } : {}) });
      if (!options.port) return;
      options.port.setInstallOnQuit(false);
      await checkNow();
      if (status.state === 'paused' || status.state === 'ready') schedule(CHECK_INTERVAL_MS);
    },
    status: () => status,
    checkNow,
    async setPaused(paused, actor) {
      await options.pause.write(paused);
      await options.audit({ action: paused ? 'updates.paused' : 'updates.resumed', outcome: 'success', actor });
      set({ paused });
      if (options.port) {
        if (paused) {
          options.port.setInstallOnQuit(false);
          set({ state: 'paused' });
        } else {
          set({ state: 'idle' });
          await checkNow();
        }
      }
      return status;
    },
    async restartToUpdate(actor) {
      if (!options.port || status.state !== 'ready' || status.paused) return false;
      await options.audit({ action: 'updates.restart', outcome: 'success', detail: versionDetail(status.version ?? ''), actor });
      options.port.quitAndInstall();
      return true;
    },
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
