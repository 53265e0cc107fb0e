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
import { totpCode } from '../main/accounts/totp';
import { startTestHost, type RunningHost } from './e2e-host';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DESK_DATABASES = ['enrolment', 'control', 'patients', 'conversations', 'messages', 'consent-events', 'appointments', 'campaigns', 'templates', 'staff-state', 'tasks'];
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
  for (const db of DESK_DATABASES) expect((await fetch(`${url}${prefix}-${db}`, { method: 'PUT' })).status).toBe(201);
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
export async function openDesk(browser: Browser, name: string, hosts: RunningHost[]): Promise<Page> {
  const host = await startTestHost({ CARERELAY_SANDBOX_TIMING: 'fast' });
  hosts.push(host);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await page.goto(host.url);
  await page.waitForFunction(() => 'carerelay' in window);
  const user = { username: `${name}.admin`, fullName: `${name} Testadmin`, password: DESK_PASSWORD };
  const enrolment = await page.evaluate((u) => (window as any).carerelay.setup.startEnrolment({ username: u.username, fullName: u.fullName }), user);
  const created = await page.evaluate(
    ({ u, enrolmentId, code }) =>
      (window as any).carerelay.setup.createPractice({
        practice: { name: 'Synthetic Two-Desk Clinic', timeZone: 'America/New_York', phone: '(555) 201-0188' },
        admin: { fullName: u.fullName, username: u.username, password: u.password },
        enrolmentId,
        code,
      }),
    { u: user, enrolmentId: enrolment.value.enrolmentId, code: totpCode(enrolment.value.secret, new Date()) },
  );
  expect(created.ok).toBe(true);
  const signedIn = await page.evaluate(({ u, recovery }) => (window as any).carerelay.session.signIn({ username: u.username, password: u.password, code: recovery }), {
    u: user,
    recovery: created.value.recoveryCodes[0],
  });
  expect(signedIn.ok).toBe(true);
  await page.goto(`${host.url.split('#')[0]}#/inbox`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible({ timeout: 30_000 });
  return page;
}
