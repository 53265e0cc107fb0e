/**
 * A new desk pulling a whole practice (run by `npm run bench:desks`, never by `npm test`):
 * desk C (a browser host with the data harness) holds the benchmark dataset — 20,000 patients,
 * 20,000 conversations and 200,000 messages, written into its encrypted database through the
 * harness — and founds the practice on pouchdb-server (on disk), pushing everything sealed. Then
 * desk D joins through the same channels the Desks settings use and pulls it:
 *  - new_desk_pull_200k_s: from desk D unlocking after it joined to its Settings → Desks saying
 *    "Up to date with the practice server" (every collection caught up once), in seconds; its
 *    Patients page must then count all 20,000 patients;
 *  - push_s: how long desk C took to put the dataset on the server (for context).
 * Writes test-results/bench/desks-pull.json. --quick: a tenth of the data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { deskApi, enrolDeskByApi, openDesk, startCouch, type CouchStandIn } from '../desks-rig';
import type { RunningHost } from '../e2e-host';
import { openSignedInPractice, root, seedThroughHarness, startBenchHost } from './bench-practice';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = QUICK
  ? { patients: 2_000, conversations: 2_000, messages: 20_000, longThreads: 20, longThreadLength: 200 }
  : { patients: 20_000, conversations: 20_000, messages: 200_000, longThreads: 100, longThreadLength: 500 };
const PREFIX = 'benchpull';

let couch: CouchStandIn;
let host: RunningHost;
const hosts: RunningHost[] = [];

test.beforeAll(async () => {
  couch = await startCouch(PREFIX, ['c', 'd', 'e']);
  host = await startBenchHost();
});
test.afterAll(async () => {
  for (const h of hosts) await h.stop();
  await host?.stop();
  await couch?.stop();
});

/** The screens lock after the practice's idle time and a locked desk does not replicate: keep both desks in use, as a person at each would be. */
const stayActive = (page: Page) => deskApi(page, 'c.session.reportActivity({})').catch(() => undefined);

const serverCount = async (collection: string) => {
  const r = await fetch(`${couch.url}${PREFIX}-${collection}`);
  return r.ok ? (((await r.json()) as { doc_count: number }).doc_count ?? 0) : 0;
};

test('desks: a new desk pulls the whole practice', async () => {
  test.setTimeout(90 * 60_000);
  const { browser, page: deskC, origin } = await openSignedInPractice(host, { username: 'bench.admin', fullName: 'Bench Testadmin', password: 'Bench-Password-Synthetic-1', timeZone: 'America/Chicago' });
  // Writing 240,000 records takes longer than the idle lock: someone is at the desk meanwhile.
  const keepAlive = setInterval(() => void stayActive(deskC), 30_000);
  const seeded = await seedThroughHarness(deskC, origin, 'seedInbox', SIZES).finally(() => clearInterval(keepAlive));
  console.log(`[bench:desks-pull] dataset written on desk C: ${JSON.stringify(seeded)}`);
  await deskC.goto(host.url);
  await expect(deskC.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 120_000 });

  // Desk C founds the practice on the server and pushes everything (sealed).
  const pushStarted = Date.now();
  expect((await deskApi(deskC, `c.desks.configureServer({ serverUrl: ${JSON.stringify(couch.url)}, prefix: '${PREFIX}', deskName: 'Bench desk c', username: 'desk-c', password: 'desk-c-Password-1' })`)).ok).toBe(true);
  await deskC.evaluate(() => window.dispatchEvent(new Event('carerelay:desks-changed')));
  let lastLog = 0;
  await expect
    .poll(
      async () => {
        await stayActive(deskC);
        const counts = { patients: await serverCount('patients'), conversations: await serverCount('conversations'), messages: await serverCount('messages') };
        if (Date.now() - lastLog > 30_000) {
          lastLog = Date.now();
          console.log(`[bench:desks-pull] on the server after ${((Date.now() - pushStarted) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
        }
        return counts.patients >= SIZES.patients && counts.conversations >= SIZES.conversations && counts.messages >= SIZES.messages;
      },
      { timeout: 60 * 60_000, intervals: [2_000] },
    )
    .toBe(true);
  const pushS = (Date.now() - pushStarted) / 1000;
  console.log(`[bench:desks-pull] desk C pushed the practice in ${pushS.toFixed(1)} s`);

  /** A new desk joins and pulls; seconds from its unlock to "Up to date" (every patient then on its Patients page). */
  const pullWith = async (name: string, initScript?: string): Promise<number> => {
    const desk = await openDesk(browser, name, hosts, initScript);
    await enrolDeskByApi(deskC, desk, name, couch.url, PREFIX);
    // BENCH_PROFILE=1: the new desk's screen is CPU-profiled while it pulls (test-results/bench/desk-<name>-pull.cpuprofile).
    const profiler = process.env.BENCH_PROFILE === '1' ? await desk.context().newCDPSession(desk) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 1000 });
      await profiler.send('Profiler.start');
    }
    const started = Date.now();
    await desk.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    lastLog = Date.now();
    await expect
      .poll(
        async () => {
          await stayActive(desk);
          await stayActive(deskC);
          const text = (await desk.getByTestId('replication-status').textContent().catch(() => '')) ?? '';
          if (Date.now() - lastLog > 30_000) {
            lastLog = Date.now();
            console.log(`[bench:desks-pull] desk ${name} after ${((Date.now() - started) / 1000).toFixed(0)} s: ${text.slice(0, 90)}`);
          }
          return text.includes('Up to date with the practice server');
        },
        { timeout: 60 * 60_000, intervals: [250] },
      )
      .toBe(true);
    const seconds = (Date.now() - started) / 1000;
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync(path.join(root, 'test-results/bench'), { recursive: true });
      writeFileSync(path.join(root, `test-results/bench/desk-${name}-pull.cpuprofile`), JSON.stringify(profile));
    }
    // It is all there: the Patients page counts every patient.
    await desk.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
    await expect(desk.getByText(`${SIZES.patients} patients`)).toBeVisible({ timeout: 120_000 });
    await desk.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    return seconds;
  };

  // Desk D: the first load (large pages straight into the database), then live replication.
  const pullS = await pullWith('d');
  console.log(`[bench:desks-pull] desk D pulled the practice in ${pullS.toFixed(1)} s (first load)`);
  // Desk E, in the same run against the same server: RxDB's replication alone, as before the first load.
  const plainS = await pullWith('e', 'globalThis.carerelayBenchNoFirstLoad = true;');
  console.log(`[bench:desks-pull] desk E pulled the practice in ${plainS.toFixed(1)} s (RxDB's replication alone)`);

  const figures = { new_desk_pull_200k_s: Math.round(pullS * 10) / 10, replication_only_pull_s: Math.round(plainS * 10) / 10, first_load_speedup: Math.round((plainS / pullS) * 100) / 100, push_s: Math.round(pushS * 10) / 10, quick: QUICK, ...SIZES };
  mkdirSync(path.join(root, 'test-results/bench'), { recursive: true });
  writeFileSync(path.join(root, 'test-results/bench/desks-pull.json'), JSON.stringify(figures));
});
