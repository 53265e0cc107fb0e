/**
 * What the renderer benchmarks share: the browser host with the data harness built, a Chromium
 * page on it with a fresh synthetic practice whose first user is signed in, and seeding the
 * app's own encrypted database through the harness (served on the host's origin, where it opens
 * the database with main's keys). Test-only; never part of `npm test`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import { startTestHost, type RunningHost } from '../e2e-host';
import { setUpPracticeAndSignIn } from '../practice-setup';
import { mimeTypeFor, resolveRendererFile } from '../../main/host/static-files';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const harnessDir = path.join(root, 'dist/testing/data');
const HARNESS_PATH = '/__data-harness/';

/** Builds the data harness and starts a browser host (in beforeAll). */
export async function startBenchHost(): Promise<RunningHost> {
  await build({ configFile: path.join(root, 'build/vite.data-testing.config.ts'), logLevel: 'warn' });
  return startTestHost({});
}

export interface BenchUser {
  readonly username: string;
  readonly fullName: string;
  readonly password: string;
  readonly timeZone: string;
}

/** Chromium on the host with a new practice set up and its first user signed in. */
export async function openSignedInPractice(host: RunningHost, user: BenchUser): Promise<{ browser: Browser; page: Page; origin: string }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const origin = new URL(host.url).origin;
  await context.route(`${origin}${HARNESS_PATH}**`, async (route) => {
    const file = await resolveRendererFile(harnessDir, new URL(route.request().url()).pathname.slice(HARNESS_PATH.length - 1));
    if (!file) return route.fulfill({ status: 404 });
    await route.fulfill({ status: 200, body: readFileSync(file), headers: { 'Content-Type': mimeTypeFor(file), 'Cache-Control': 'no-store' } });
  });
  const page = await context.newPage();
  await page.goto(host.url);
  await setUpPracticeAndSignIn(page, user, { name: 'Synthetic Bench Clinic', timeZone: user.timeZone, phone: '(555) 201-0177' });
  return { browser, page, origin };
}

/** Runs one harness step (e.g. 'seedInbox') with its argument, then closes the harness's session. */
export async function seedThroughHarness(page: Page, origin: string, step: string, arg: unknown): Promise<unknown> {
  await page.goto(`${origin}${HARNESS_PATH}harness.html`);
  await page.waitForFunction(() => (window as any).dataHarness !== undefined);
  await page.evaluate(() => (window as any).dataHarness.waitFor('open'));
  const result = await page.evaluate(({ name, value }) => (window as any).dataHarness[name](...(Array.isArray(value) ? value : [value])), { name: step, value: arg });
  await page.evaluate(() => (window as any).dataHarness.closeSession());
  return result;
}
