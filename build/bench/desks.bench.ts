/**
 * The several-desks benchmark (run by `npm run bench:desks`, never by `npm test`): two desks
 * (two browser hosts, each with its own data folder and keychain entries) and pouchdb-server on
 * disk standing in for the practice's CouchDB. Desk B is enrolled through the same channels the
 * Desks settings use. Then 200 patient texts arrive, all on desk A's gateway sandbox, into one
 * conversation open on both screens:
 *  - desk_to_desk_p95_ms: for each text, the moment it shows in desk B's open thread minus the
 *    moment it shows in desk A's (both screens watched by a MutationObserver; same clock), p95;
 *  - plaintext_on_server: how many of the 200 texts (and the patient's number) can be found in
 *    the server's files afterwards, UTF-8 or UTF-16, with a positive control that must be found.
 * The partition figures come from the runner's second part (renderer/data/testing/
 * desk-partition-scenario.ts, under Node) and desks-pull.bench.ts (a new desk pulling the practice).
 * Writes test-results/bench/desks.json; the runner prints the figures as its last line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { deskApi, enrolDeskByApi, openDesk, startCouch, type CouchStandIn } from '../desks-rig';
import type { RunningHost } from '../e2e-host';
import { root } from './bench-practice';

const COUNT = process.env.BENCH_QUICK === '1' ? 40 : 200;
const PREFIX = 'benchclinic';
const FROM = '+12025550166';

let couch: CouchStandIn;
let browser: Browser;
const hosts: RunningHost[] = [];

test.beforeAll(async () => {
  couch = await startCouch(PREFIX, ['a', 'b']);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
});
test.afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.stop();
  await couch?.stop();
});


/** Records, on this page, when each "Bench desk text N" first shows anywhere on screen. */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as any;
    w.__seen = {};
    const scan = () => {
      for (const el of document.querySelectorAll('[data-testid="message-body"]')) {
        const m = /Bench desk text (\d+)\b/.exec(el.textContent ?? '');
        if (m && w.__seen[m[1]!] === undefined) w.__seen[m[1]!] = Date.now();
      }
    };
    new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
    scan();
  });
}

test('desks: 200 texts from one desk to the other', async () => {
  test.setTimeout(20 * 60_000);
  const deskA = await openDesk(browser, 'a', hosts);
  const deskB = await openDesk(browser, 'b', hosts);
  // Desk A founds the practice on the server; desk B joins it.
  expect((await deskApi(deskA, `c.desks.configureServer({ serverUrl: ${JSON.stringify(couch.url)}, prefix: '${PREFIX}', deskName: 'Bench desk a', username: 'desk-a', password: 'desk-a-Password-1' })`)).ok).toBe(true);
  await deskA.evaluate(() => window.dispatchEvent(new Event('carerelay:desks-changed')));
  await enrolDeskByApi(deskA, deskB, 'b', couch.url, PREFIX);

  // The conversation, open on both screens.
  expect((await deskApi(deskA, `c.training.simulateInbound({ from: '${FROM}', body: 'Bench desk text 0 (opening)' })`)).ok).toBe(true);
  for (const page of [deskA, deskB]) {
    const row = page.getByTestId('conversation').filter({ hasText: '(202) 555-0166' });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.click();
    await expect(page.getByTestId('thread').getByTestId('message-body').filter({ hasText: 'Bench desk text 0' })).toBeVisible({ timeout: 30_000 });
    await watch(page);
  }

  const started = Date.now();
  for (let i = 1; i <= COUNT; i++) {
    expect((await deskApi(deskA, `c.training.simulateInbound({ from: '${FROM}', body: 'Bench desk text ${i}: synthetic question about parking' })`)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
  }
  const seen = (page: Page) => page.evaluate(() => (window as any).__seen as Record<string, number>);
  await expect.poll(async () => Object.keys(await seen(deskB)).length, { timeout: 10 * 60_000, intervals: [500] }).toBeGreaterThanOrEqual(COUNT);
  const a = await seen(deskA);
  const b = await seen(deskB);
  const gaps = Array.from({ length: COUNT }, (_, k) => k + 1)
    .filter((n) => a[n] !== undefined && b[n] !== undefined)
    .map((n) => b[n]! - a[n]!)
    .sort((x, y) => x - y);
  const p = (q: number) => gaps[Math.min(gaps.length - 1, Math.ceil(q * gaps.length) - 1)]!;
  console.log(`[bench:desks] ${COUNT} texts in ${((Date.now() - started) / 1000).toFixed(1)} s; desk A → desk B: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${gaps.at(-1)} ms; measured ${gaps.length} of ${COUNT}`);

  // The server at rest.
  await fetch(`${couch.url}scan-control`, { method: 'PUT' });
  await fetch(`${couch.url}scan-control/control`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'Controlcanary platypus' }) });
  await expect.poll(() => couch.contains('Controlcanary platypus'), { timeout: 10_000 }).toBe(true);
  let plaintext = couch.contains('2025550166') ? 1 : 0;
  for (let i = 1; i <= COUNT; i++) if (couch.contains(`Bench desk text ${i}:`)) plaintext++;
  console.log(`[bench:desks] plaintext found on the server: ${plaintext} (positive control found)`);

  const figures = { desk_to_desk_p95_ms: p(0.95), plaintext_on_server: plaintext, texts: COUNT, measured: gaps.length };
  mkdirSync(path.join(root, 'test-results/bench'), { recursive: true });
  writeFileSync(path.join(root, 'test-results/bench/desks.json'), JSON.stringify(figures));
});
