/**
 * The campaign benchmark (run by `npm run bench:campaign`, never by `npm test`): the real
 * renderer in Debian's Chromium through the browser host, over 10,000 synthetic patients with
 * one appointment each next week (every tenth opted out) in the app's own encrypted database.
 * A practice manager creates a two-touch campaign and saves it; the preview plans it (the
 * audience read in bulk, consent, provenance, quiet hours, caps, merge fields, the
 * minimum-necessary guard, segments) in slices.
 *  - plan_10k_ms: "Save draft" clicked → the plan's summary on screen (the first plan, cold);
 *    plan_10k_warm_ms: Preview clicked again → the summary (warm);
 *  - max_long_task_ms: the longest main-thread task (PerformanceObserver 'longtask') in both,
 *    from each click until the summary is on screen.
 * Writes the figures to test-results/bench/campaign.json; the runner prints them as its last line.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { startTestHost, type RunningHost } from '../e2e-host';
import { mimeTypeFor, resolveRendererFile } from '../../main/host/static-files';
import { totpCode } from '../../main/accounts/totp';

const root = fileURLToPath(new URL('../..', import.meta.url));
const harnessDir = path.join(root, 'dist/testing/data');
const HARNESS_PATH = '/__data-harness/';
const COUNT = process.env.BENCH_QUICK === '1' ? 1_000 : 10_000;
const PASSWORD = 'Bench-Campaign-Password-77';
const ZONE = 'America/Chicago';

let host: RunningHost;
test.beforeAll(async () => {
  await build({ configFile: path.join(root, 'build/vite.data-testing.config.ts'), logLevel: 'warn' });
  host = await startTestHost({});
});
test.afterAll(async () => {
  await host?.stop();
});

test('campaign: plan 10,000 appointments with the screen responsive', async () => {
  test.setTimeout(30 * 60_000);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const origin = new URL(host.url).origin;
  await context.route(`${origin}${HARNESS_PATH}**`, async (route) => {
    const file = await resolveRendererFile(harnessDir, new URL(route.request().url()).pathname.slice(HARNESS_PATH.length - 1));
    if (!file) return route.fulfill({ status: 404 });
    await route.fulfill({ status: 200, body: readFileSync(file), headers: { 'Content-Type': mimeTypeFor(file), 'Cache-Control': 'no-store' } });
  });
  const page = await context.newPage();
  page.on('console', (m) => m.text().startsWith('[') && console.log(`[bench:campaign] page: ${m.text()}`));
  await page.goto(host.url);
  await page.waitForFunction(() => 'carerelay' in window);
  const enrolment = await page.evaluate(() => (window as any).carerelay.setup.startEnrolment({ username: 'bench.manager', fullName: 'Bench Testmanager' }));
  const created = await page.evaluate(
    ({ enrolmentId, code, password, zone }) =>
      (window as any).carerelay.setup.createPractice({
        practice: { name: 'Synthetic Bench Clinic', timeZone: zone, phone: '(555) 201-0177' },
        admin: { fullName: 'Bench Testmanager', username: 'bench.manager', password },
        enrolmentId,
        code,
      }),
    { enrolmentId: enrolment.value.enrolmentId, code: totpCode(enrolment.value.secret, new Date()), password: PASSWORD, zone: ZONE },
  );
  expect(created.ok).toBe(true);
  const signedIn = await page.evaluate(
    ({ password, recovery }) => (window as any).carerelay.session.signIn({ username: 'bench.manager', password, code: recovery }),
    { password: PASSWORD, recovery: created.value.recoveryCodes[0] },
  );
  expect(signedIn.ok, JSON.stringify(signedIn)).toBe(true);

  await page.goto(`${origin}${HARNESS_PATH}harness.html`);
  await page.waitForFunction(() => (window as any).dataHarness !== undefined);
  await page.evaluate(() => (window as any).dataHarness.waitFor('open'));
  const seeded = await page.evaluate(({ count, zone }) => (window as any).dataHarness.seedAppointments(count, zone), { count: COUNT, zone: ZONE });
  console.log(`[bench:campaign] dataset written: ${JSON.stringify(seeded)}`);
  await page.evaluate(() => (window as any).dataHarness.closeSession());

  await page.goto(`${host.url}#/campaigns`);
  await expect(page.getByRole('heading', { level: 1, name: 'Campaigns' })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'New campaign' }).click();
  const editor = page.getByRole('dialog', { name: 'New reminder campaign' });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await editor.getByLabel('Appointments from').fill(day(0));
  await editor.getByLabel('Appointments until').fill(day(9));
  await page.evaluate(() => {
    const w = window as any;
    w.__longTasks = [];
    w.__longTaskAt = [];
    new PerformanceObserver((list) =>
      list.getEntries().forEach((e) => {
        // Only from the click on: typing the dates in the editor is not planning.
        if (e.startTime < (w.__from ?? Infinity)) return;
        w.__longTasks.push(e.duration);
        w.__longTaskAt.push(`${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`);
      }),
    ).observe({ type: 'longtask', buffered: false });
  });
  await page.evaluate(() => ((window as any).__from = performance.now()));
  const t0 = Date.now();
  await editor.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('plan-summary')).toBeVisible({ timeout: 120_000 });
  const coldMs = Date.now() - t0;
  const summary = await page.getByTestId('plan-summary').innerText();
  const coldTasks = (await page.evaluate(() => (window as any).__longTasks.splice(0))) as number[];
  const phases = async () =>
    (await page.evaluate(() =>
      [...performance.getEntriesByType('measure').map((m) => `${m.name} ${m.startTime.toFixed(0)}+${m.duration.toFixed(0)}`), `long tasks at ${(window as any).__longTaskAt.join(' ')}`].join(', '),
    )) as string;
  console.log(`[bench:campaign] first plan phases (ms): ${await phases()}`);
  await page.evaluate(() => performance.clearMeasures());
  // Again, warm (the code and its expressions compiled): Close, then Preview on the draft.
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.evaluate(() => ((window as any).__from = performance.now()));
  const t1 = Date.now();
  await page.getByTestId('campaign-row').first().getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByTestId('plan-summary')).toBeVisible({ timeout: 120_000 });
  const warmMs = Date.now() - t1;
  const warmTasks = (await page.evaluate(() => (window as any).__longTasks)) as number[];
  console.log(`[bench:campaign] second plan phases (ms): ${await phases()}`);
  console.log(`[bench:campaign] plan: ${summary}`);
  console.log(`[bench:campaign] first plan ${coldMs} ms, long tasks: ${coldTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}`);
  console.log(`[bench:campaign] second plan ${warmMs} ms, long tasks: ${warmTasks.map((d) => d.toFixed(0)).join(', ') || 'none'}`);
  const all = [...coldTasks, ...warmTasks];
  const figures = { plan_10k_ms: coldMs, plan_10k_warm_ms: warmMs, max_long_task_ms: Number((all.length ? Math.max(...all) : 0).toFixed(1)) };
  mkdirSync(path.join(root, 'test-results/bench'), { recursive: true });
  writeFileSync(path.join(root, 'test-results/bench/campaign.json'), JSON.stringify({ ...figures, appointments: COUNT, summary }));
  await browser.close();
});
