/**
 * The encrypted practice database in Chromium, through the browser host and main's real key
 * hand-over. The app itself opens the database after sign-in; the rest is driven on a test-only
 * harness page (renderer/data/testing/harness.html, built into dist/testing/data/, never
 * shipped) that this spec serves on the host's own origin with `context.route`, so it shares the
 * app's IndexedDB and the host's bridge. A persistent Chromium profile in a temporary folder lets
 * the spec read the LevelDB files afterwards:
 *  - at rest: canary names, phone and message text appear nowhere in the profile's IndexedDB
 *    folder (UTF-8, Latin-1, UTF-16LE), while a control canary in a plain field is found; and
 *    what is typed into the app's forms (a patient, a search) appears nowhere in the profile;
 *  - lock closes the database and drops the key; the next unlock sees the same data;
 *  - tamper (modified, swapped) and a wrong key fail loudly, other records are unaffected;
 *  - without the key reads and writes fail clearly and nothing is overwritten;
 *  - a retention purge is previewed, done, leaves no PHI in tombstones and is audited.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../build/chromium.mjs';
import { mimeTypeFor, resolveRendererFile } from '../../main/host/static-files';
import { ADMIN, hostOrigin, openApp } from './fixtures';

const root = fileURLToPath(new URL('../..', import.meta.url));
const harnessDir = path.join(root, 'dist/testing/data');
const HARNESS_PATH = '/__data-harness/';

const CANARY = {
  givenName: 'Quenbyë',
  familyName: 'Zartlewickovna',
  phone: '+12025550147',
  text: 'Synthetic canary message Vorblixquent about a pretend rash',
  control: 'SMCONTROLCANARYPLAINFIELD0042',
};
/** Typed by hand into the app's forms. */
const TYPED = { givenName: 'Wrexhildë', familyName: 'Obbletrump', phone: '(202) 555-0146', search: 'Snorkelvane canary search' };
const PHONE_FORMS = ['+12025550147', '2025550147', '(202) 555-0147', '202-555-0147'];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) out.push(...filesUnder(full));
    else if (stat.isFile()) out.push(full);
  }
  return out;
}

/** Which of `needles` occur in any file under `dir`, in UTF-8, Latin-1 or UTF-16LE. */
function scan(dir: string, needles: string[]): string[] {
  const files = filesUnder(dir).map((f) => readFileSync(f));
  const found: string[] = [];
  for (const needle of needles) {
    const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'latin1'), Buffer.from(needle, 'utf16le')];
    if (files.some((bytes) => forms.some((form) => bytes.includes(form)))) found.push(needle);
  }
  return found;
}

let profile: string;
let context: BrowserContext;

test.beforeAll(async () => {
  await build({ configFile: path.join(root, 'build/vite.data-testing.config.ts'), logLevel: 'warn' });
  profile = mkdtempSync(path.join(tmpdir(), 'carerelay-e2e-profile-'));
});
test.afterAll(async () => {
  await context?.close().catch(() => undefined);
  rmSync(profile, { recursive: true, force: true });
});

async function launch(): Promise<Page> {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      // The harness document is answered by context.route, so Chromium gives it no IP address
      // space and its bridge socket to 127.0.0.1 would count as public -> local. Test-only.
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
  await context.route(`${hostOrigin()}${HARNESS_PATH}**`, async (route) => {
    // The browser host's own file rule (path checks, real file under the root, MIME type).
    const file = await resolveRendererFile(harnessDir, new URL(route.request().url()).pathname.slice(HARNESS_PATH.length - 1));
    if (!file) return route.fulfill({ status: 404 });
    await route.fulfill({ status: 200, body: readFileSync(file), headers: { 'Content-Type': mimeTypeFor(file), 'Cache-Control': 'no-store' } });
  });
  return context.pages()[0] ?? (await context.newPage());
}

/** Calls one step of the harness page (`window.dataHarness[method](...args)`). */
const h = (page: Page, method: string, ...args: unknown[]): Promise<any> =>
  page.evaluate(([m, a]) => (window as any).dataHarness[m as string](...(a as unknown[])), [method, args] as const);

test('PHI stays encrypted at rest, survives lock and unlock, and refuses tampering and wrong keys', async () => {
  test.setTimeout(150_000);
  const page = await launch();

  // The app opens the practice database itself after sign-in (key hand-over from main).
  await openApp(page);
  await expect
    .poll(async () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).join(',')), { timeout: 15_000 })
    .toContain('rxdb-dexie-carerelay-practice--3--conversations');

  // Typed into real forms: Chromium must keep none of it (autofill and form-state restore are
  // off for every form), checked by scanning the whole profile folder at the end.
  await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('button', { name: 'Add patient' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('First name').fill(TYPED.givenName);
  await form.getByLabel('Last name').fill(TYPED.familyName);
  await form.getByLabel('Mobile number for texts').fill(TYPED.phone);
  await form.getByLabel('Who gave the practice this number?').click();
  await page.getByRole('option', { name: 'The patient gave it to us' }).click();
  await form.getByRole('button', { name: 'Add patient' }).click();
  await expect(page.getByTestId('patient-detail')).toContainText(`${TYPED.givenName} ${TYPED.familyName}`);
  await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  await page.getByLabel('Search name, number or text').fill(TYPED.search);
  await page.getByLabel('Search name, number or text').press('Enter');

  // The harness page on the same origin, same tab (the bridge keeps this tab's token).
  await page.goto(`${hostOrigin()}${HARNESS_PATH}harness.html`);
  await page.waitForFunction(() => (window as any).dataHarness !== undefined);
  await h(page, 'waitFor', 'open');

  const ids = await h(page, 'writeCanaries', CANARY);
  const expected = { name: `${CANARY.givenName} ${CANARY.familyName}`, byPhone: [ids.patientId], bodies: [CANARY.text], nameSearch: [ids.patientId] };
  expect(await h(page, 'readBack', ids, '(202) 555-0147')).toEqual(expected);

  // Lock: main locks, the harness's session closes the database and drops its key.
  await page.evaluate(() => (window as any).carerelay.session.lock());
  await h(page, 'waitFor', 'closed');
  expect(await h(page, 'status')).toEqual({ state: 'closed', holdsKey: false });
  expect(await page.evaluate(() => (window as any).carerelay.practiceDb.releaseKeys({ clientPublicKey: 'B'.repeat(88) }))).toMatchObject({ ok: false });
  // Unlock with the same password: the database reopens and holds the same data.
  expect(await page.evaluate((password) => (window as any).carerelay.session.unlock({ password }), ADMIN.password)).toMatchObject({ ok: true });
  await h(page, 'waitFor', 'open');
  expect(await h(page, 'readBack', ids, CANARY.phone)).toEqual(expected);

  // Tamper, wrong key and absent key each on a database instance of their own.
  const tamperIds = await h(page, 'writeTamperSet', '+12025550148');
  await h(page, 'closeSession');
  const tamper = await h(page, 'tamperAndRead', tamperIds);
  expect(tamper.modified).toMatchObject({ ok: false, error: 'PhiIntegrityError' });
  expect(tamper.swapped).toMatchObject({ ok: false, error: 'PhiIntegrityError' });
  expect(tamper.intact).toEqual({ ok: true, body: 'Synthetic tamper bravo' });
  expect(tamper.unchangedByReading).toBe(true);
  expect(JSON.stringify(tamper)).not.toContain('tamper alpha');
  expect(await h(page, 'wrongKey')).toEqual({ error: 'PhiWrongKeyError', unchanged: true });
  expect(await h(page, 'keyAbsent', ids.patientId)).toEqual({ read: 'PhiKeyMissingError', write: 'PhiKeyMissingError', unchanged: true });
  await h(page, 'openSession');
  await h(page, 'waitFor', 'open');
  expect(await h(page, 'readBack', ids, CANARY.phone)).toEqual(expected);

  // Retention: preview, purge, no PHI left in tombstones, and main's audit trail has the purge.
  const purge = await h(page, 'purgeOld', '+12025550149');
  expect(purge).toEqual({ previewCount: 3, deleted: 3, afterCount: 0, tombstonesWithPhi: 0 });
  const audit = await page.evaluate(() => (window as any).carerelay.audit.query({ action: 'practice-db.purge' }));
  expect(audit.ok && audit.value.records.length).toBeGreaterThan(0);

  // At rest: close the database, close Chromium, scan every file of the profile's IndexedDB folder.
  await h(page, 'closeSession');
  await context.close();
  const idbDir = path.join(profile, 'Default', 'IndexedDB');
  expect(filesUnder(idbDir).length).toBeGreaterThan(0);
  expect(scan(idbDir, [CANARY.control]), 'the scan must find the control canary in a plain field, or it proves nothing').toEqual([CANARY.control]);
  expect(scan(idbDir, [CANARY.givenName, CANARY.familyName, CANARY.text, 'Vorblixquent', ...PHONE_FORMS])).toEqual([]);
  // The whole profile (autofill "Web Data", session restore, caches, logs): nothing typed stays.
  expect(scan(profile, [TYPED.givenName, TYPED.familyName, TYPED.search, TYPED.phone, '2025550146'])).toEqual([]);
});
