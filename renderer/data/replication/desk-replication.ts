/**
 * Starts this desk's replication with the practice's server once the practice database is open
 * (issue 12), when an administrator has connected the desk to one: RxDB's CouchDB replication
 * runs over `deskFetch`, which hands each request to main (`desks.request`): main adds the
 * desk's credentials and lets it reach only the practice's own databases, so neither the
 * password nor any other database is within the page's reach. Stopped at lock with the database.
 */
import type { CareRelayApi } from '../../../shared/ipc';
import type { PracticeDb } from '../database/open-practice-db';
import { resetLocalPracticeDb } from './local-reset';
import { startPracticeReplication, type PracticeReplication } from './practice-replication';
import { setReplicationStatus } from './replication-status';
import type { WireSealer } from './wire-seal';

/** The address the page's replication "fetches" from; only deskFetch understands it. */
export const DESK_SERVER_BASE = 'https://practice-server.carerelay.invalid/';
const NULL_BODY = new Set([101, 204, 205, 304]);

export function deskFetch(api: Pick<CareRelayApi, 'desks'>): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(DESK_SERVER_BASE)) throw new TypeError('Only the practice server is reachable here.');
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST' && method !== 'PUT' && method !== 'DELETE') throw new TypeError('Unsupported request.');
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const answer = await api.desks.request({ method, path: url.slice(DESK_SERVER_BASE.length), ...(body !== undefined ? { body } : {}) });
    // A refusal or an unreachable server reads as a network failure: RxDB retries by itself.
    if (!answer.ok) throw new TypeError(answer.error.code);
    return new Response(NULL_BODY.has(answer.value.status) ? null : answer.value.body, { status: answer.value.status, headers: { 'content-type': 'application/json' } });
  };
}

/** Documents per pull from the practice server; consent events (signature images) fewer. */
export const DESK_PULL_BATCH = 500;
export const DESK_PULL_BATCH_SIGNED = 20;
export const DESK_PUSH_BATCH_SIGNED = 3;
/** A patient with long notes and a full merge history is the next largest record. */
export const DESK_PUSH_BATCH_PATIENTS = 10;

/** How often a desk looks for a newer practice key epoch (and, as the sender, for records to re-seal). */
const KEY_EPOCH_CHECK_MS = 10_000;

export async function startDeskReplication(
  api: Pick<CareRelayApi, 'desks'>,
  db: PracticeDb,
  sealer: WireSealer,
  /** Takes the practice's newer wire keys into the sealer; true when `epoch` (if given) is now held. */
  refreshKeys?: (epoch?: number) => Promise<boolean>,
): Promise<PracticeReplication | null> {
  const status = await api.desks.getStatus({});
  // Only a member of the practice replicates: a desk waiting to join would push records sealed
  // under its own key and refuse everything the others push.
  if (!status.ok || !status.value.configured || !status.value.member || !status.value.prefix) return null;
  // Pushes go through main's request limit (900 KB): batches of 50 sealed documents stay inside
  // for ordinary records, 10 for patients (notes and merge history), 3 for consent events (each
  // may carry a signature image of up to 200 KB). Pulls are answers (main accepts up to 32 MB): live replication
  // fetches 500 at a time, consent events 20 (a signature image each); a new desk's first load reads
  // larger pages (practice-replication.ts firstLoadPage).
  const subscriptions: { unsubscribe(): void }[] = [];
  // onState and the progress timer run only after this returns (the first load awaits first).
  const replication: PracticeReplication = startPracticeReplication(db, {
    serverUrl: DESK_SERVER_BASE,
    serverIdentity: status.value.server ?? undefined,
    prefix: status.value.prefix,
    sealer,
    fetch: deskFetch(api),
    batchSize: (collection) => (collection === 'consent_events' ? DESK_PUSH_BATCH_SIGNED : collection === 'patients' ? DESK_PUSH_BATCH_PATIENTS : 50),
    pullBatchSize: (collection) => (collection === 'consent_events' ? DESK_PULL_BATCH_SIGNED : DESK_PULL_BATCH),
    // bench:desks only: the page sets this to time RxDB's replication without the first load, in the same run.
    ...((globalThis as { carerelayBenchNoFirstLoad?: boolean }).carerelayBenchNoFirstLoad ? { firstLoadPageSize: () => 0 } : {}),
    // A record sealed under a newer key epoch: main takes up its grant, then the screens its keys.
    ...(refreshKeys
      ? {
          onUnknownEpoch: async (epoch: number) => {
            const checked = await api.desks.checkKeyEpoch({});
            return checked.ok && checked.value.keyEpoch >= epoch && (await refreshKeys(epoch));
          },
        }
      : {}),
    onState: (_name, state) =>
      subscriptions.push(
        state.received$.subscribe(() => setReplicationStatus({ lastActivityAt: Date.now() })),
        state.sent$.subscribe(() => setReplicationStatus({ lastActivityAt: Date.now() })),
        state.error$.subscribe(() => setReplicationStatus({ problems: recentProblems() })),
      ),
  });
  // Long-poll timeouts (RC_STREAM) are the normal rhythm of live replication, not problems.
  const recentProblems = () => replication.errors.filter((e) => !e.endsWith('RC_STREAM')).slice(-5);
  setReplicationStatus({ running: true, caughtUp: false, problems: [], loaded: 0 });
  // A new desk's first load: how many records have come so far, twice a second.
  const progress = setInterval(() => setReplicationStatus({ loaded: replication.loaded(), problems: recentProblems() }), 500);
  // Every collection caught up once: a new desk now holds the practice's records.
  let live = true;
  void replication.awaitInSync().then(
    () => {
      clearInterval(progress);
      if (live) setReplicationStatus({ caughtUp: true, loaded: replication.loaded() });
    },
    () => undefined,
  );
  // Key epochs: take up a newer one; the sender desk re-seals what is still under an older one.
  let resealedEpoch = 1;
  let resealing = false;
  const epochCheck = setInterval(() => {
    if (resealing || !live) return;
    resealing = true;
    void (async () => {
      const status = await api.desks.getStatus({});
      if (!status.ok) return;
      if (status.value.keyEpoch > sealer.epoch() && refreshKeys) await refreshKeys(status.value.keyEpoch);
      if (!status.value.sender || sealer.epoch() <= resealedEpoch) return;
      const epoch = sealer.epoch();
      const results = await replication.reseal();
      if (results.every((r) => r.done && r.epoch === epoch)) resealedEpoch = epoch;
    })()
      .catch(() => setReplicationStatus({ problems: [...recentProblems(), 'RESEAL_FAILED'].slice(-5) }))
      .finally(() => (resealing = false));
  }, KEY_EPOCH_CHECK_MS);
  return {
    ...replication,
    async stop() {
      live = false;
      clearInterval(progress);
      clearInterval(epochCheck);
      for (const s of subscriptions) s.unsubscribe();
      setReplicationStatus({ running: false, caughtUp: false });
      await replication.stop();
    },
  };
}

/**
 * A desk that has just joined a practice holds a local database sealed under its old key: it is
 * deleted before the database opens (the practice's records then come by replication), once.
 */
export async function freshStartIfJoined(api: Pick<CareRelayApi, 'desks'>): Promise<void> {
  const status = await api.desks.getStatus({});
  if (!status.ok || !status.value.freshStart) return;
  await resetLocalPracticeDb();
  await api.desks.freshStartDone({});
}
