/**
 * What the several-desks end-to-end spec and benchmark share: pouchdb-server on 127.0.0.1 (on
 * disk, in a temporary folder) standing in for the practice's CouchDB, with the practice's
 * databases and one account per desk made as its administrator would; a desk (its own browser
 * host, a practice set up, its administrator signed in); and a scan of the server's files for
 * plaintext. Test-only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Browser, type Page } from '@playwright/test';
import { practiceServerDatabases } from '../shared/replication/server-databases';
import { startTestHost, type RunningHost } from './e2e-host';
import { setUpPracticeAndSignIn } from './practice-setup';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DESK_PASSWORD = 'Desk-Enrolment-Password-42';

export interface CouchStandIn {
  readonly url: string;
  readonly dir: string;
  /** Every file under the server's folder, searched in UTF-8 (= Latin-1 for ASCII) and UTF-16LE. */
  contains(needle: string): boolean;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startCouch(prefix: string, desks: readonly string[]): Promise<CouchStandIn> {
  const dir = mkdtempSync(path.join(tmpdir(), 'carerelay-couch-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child: ChildProcess = spawn(path.join(root, 'node_modules/.bin/pouchdb-server'), ['--host', '127.0.0.1', '--port', String(port), '--dir', dir], { cwd: dir, stdio: 'ignore' });
  const end = Date.now() + 30_000;
  while (!(await fetch(url).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > end) throw new Error('pouchdb-server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const db of practiceServerDatabases(prefix)) expect((await fetch(`${url}${db}`, { method: 'PUT' })).status).toBe(201);
  for (const desk of desks) {
    const r = await fetch(`${url}_users/org.couchdb.user:desk-${desk}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `desk-${desk}`, password: `desk-${desk}-Password-1`, roles: [], type: 'user' }),
    });
    expect(r.status).toBe(201);
  }
  return {
    url,
    dir,
    contains(needle) {
      const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
      const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : [path.join(d, f)]));
      return walk(dir).some((file) => forms.some((form) => readFileSync(file).includes(form)));
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A desk: its own browser host, a practice set up, its administrator signed in, on the Inbox. */
/** Each desk's own administrator's authenticator secret (`<name>.admin`), by desk name. */
export const deskAdminSecrets = new Map<string, string>();

export async function openDesk(browser: Browser, name: string, hosts: RunningHost[], initScript?: string): Promise<Page> {
  const host = await startTestHost({ CARERELAY_SANDBOX_TIMING: 'fast' });
  hosts.push(host);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  if (initScript) await page.addInitScript(initScript);
  await page.goto(host.url);
  const { totpSecret } = await setUpPracticeAndSignIn(page, { username: `${name}.admin`, fullName: `${name} Testadmin`, password: DESK_PASSWORD }, { name: 'Synthetic Two-Desk Clinic', timeZone: 'America/New_York', phone: '(555) 201-0188' });
  deskAdminSecrets.set(name, totpSecret);
  await page.goto(`${host.url.split('#')[0]}#/inbox`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible({ timeout: 30_000 });
  return page;
}

/** Calls `window.carerelay` on a desk's page: `script` is an expression over `c`. */
export const deskApi = (page: Page, script: string) => page.evaluate(`(async () => { const c = window.carerelay; return ${script}; })()`) as Promise<any>;

/**
 * Enrols `joiner` into the practice of `admin` through the channels the Desks settings use:
 * connect, ask to join, look up and approve on the administrator's desk (safety numbers
 * compared), confirm the fingerprint on the new desk, then lock and unlock it so it opens afresh.
 */
export async function enrolDeskByApi(admin: Page, joiner: Page, desk: string, serverUrl: string, prefix: string): Promise<void> {
  expect((await deskApi(joiner, `c.desks.configureServer({ serverUrl: ${JSON.stringify(serverUrl)}, prefix: '${prefix}', deskName: 'Front desk ${desk}', username: 'desk-${desk}', password: 'desk-${desk}-Password-1' })`)).ok).toBe(true);
  const asked = (await deskApi(joiner, 'c.desks.startJoin({})')).value;
  const found = (await deskApi(admin, `c.desks.findRequest({ code: '${asked.code}' })`)).value;
  expect(found.safetyNumber).toBe(asked.safetyNumber);
  expect((await deskApi(admin, `c.desks.approve({ code: '${found.code}', safetyNumber: '${found.safetyNumber}' })`)).ok).toBe(true);
  await expect.poll(async () => (await deskApi(joiner, 'c.desks.pollJoin({})')).value.state, { timeout: 20_000 }).toBe('confirm');
  const offered = (await deskApi(joiner, 'c.desks.pollJoin({})')).value.practiceKeyId;
  expect(offered).toBe((await deskApi(admin, 'c.desks.getStatus({})')).value.practiceKeyId);
  expect((await deskApi(joiner, `c.desks.confirmJoin({ practiceKeyId: '${offered}' })`)).ok).toBe(true);
  await deskApi(joiner, 'c.session.lock({})');
  await joiner.getByLabel('Password', { exact: true }).fill(DESK_PASSWORD);
  await joiner.getByRole('button', { name: 'Unlock' }).click();
  await expect(joiner.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
}
