/**
 * Updates (issue 13): the update service with a stand-in updater reading a real feed from a
 * local HTTP server on 127.0.0.1 — an update found and downloaded in the background, installed
 * only on quit or on request, never restarting by itself; a failed download, a bad signature, a
 * tampered file, a broken feed and an offline start each recorded by code; an administrator's
 * pause; the daily schedule.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFeedUpdater, compareVersions } from './testing/feed-updater';
import { CHECK_INTERVAL_MS, RETRY_AFTER_FAILURE_MS, createUpdateService, type UpdateAudit } from './update-service';

const publisher = generateKeyPairSync('ed25519');
const impostor = generateKeyPairSync('ed25519');
const installer = Buffer.from('synthetic CareRelay 0.2.0 installer bytes');
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

type Route = { status: number; body: string | Buffer };
let routes: Record<string, Route> = {};
let server: Server;
let base = '';

const feed = (over: { version?: string; sha?: string; signer?: typeof publisher.privateKey | null; url?: string } = {}) =>
  [
    `version: ${over.version ?? '0.2.0'}`,
    'files:',
    `  - url: ${over.url ?? 'CareRelay-Setup-0.2.0.exe'}`,
    `    sha512: ${over.sha ?? sha512(installer)}`,
    `    size: ${installer.length}`,
    `path: CareRelay-Setup-0.2.0.exe`,
    `releaseDate: '2026-12-01T10:00:00.000Z'`,
    ...(over.signer === null ? [] : [`signature: ${sign(null, installer, over.signer ?? publisher.privateKey).toString('base64')}`]),
  ].join('\n');

beforeAll(async () => {
  server = createServer((req, res) => {
    const r = routes[req.url ?? ''] ?? { status: 404, body: 'not found' };
    res.writeHead(r.status);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/updates/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  routes = { '/updates/latest.yml': { status: 200, body: feed() }, '/updates/CareRelay-Setup-0.2.0.exe': { status: 200, body: installer } };
});

function rig(over: { feedUrl?: string; paused?: boolean } = {}) {
  const audits: string[] = [];
  const audit: UpdateAudit = async (e) => void audits.push(`${e.action}|${e.outcome}|${e.detail ?? ''}|${e.actor?.id ?? 'system'}`);
  let paused = over.paused ?? false;
  const timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  const port = createFeedUpdater({ feedUrl: over.feedUrl ?? base, currentVersion: '0.1.0', publisherKey: publisher.publicKey });
  const service = createUpdateService({
    port,
    currentVersion: '0.1.0',
    audit,
    pause: { read: async () => paused, write: async (p) => void (paused = p) },
    now: () => new Date('2026-12-02T09:00:00Z'),
    setTimer: (fn, ms) => {
      const t = { ms, fn, cancelled: false };
      timers.push(t);
      return { cancel: () => void (t.cancelled = true) };
    },
  });
  const live = () => timers.filter((t) => !t.cancelled);
  return { service, port, audits, live, isPaused: () => paused };
}
const admin = { id: 'u-admin', role: 'administrator' };

describe('updates with a stand-in updater and a feed on 127.0.0.1', () => {
  it('checks at start, downloads and verifies in the background, arms install-on-quit, and never restarts by itself', async () => {
    const { service, port, audits, live } = rig();
    await service.start();
    expect(service.status()).toMatchObject({ state: 'ready', version: '0.2.0', error: null, lastCheckedAt: '2026-12-02T09:00:00.000Z' });
    expect(port.installOnQuit).toBe(true);
    expect(port.installs).toBe(0);
    expect(audits).toEqual(['updates.available|success|VERSION_0_2_0|system', 'updates.downloaded|success|VERSION_0_2_0|system']);
    expect(live().map((t) => t.ms)).toEqual([CHECK_INTERVAL_MS]);
    // A person asks: it restarts then, recorded under their name.
    expect(await service.restartToUpdate(admin)).toBe(true);
    expect(port.installs).toBe(1);
    expect(audits.at(-1)).toBe('updates.restart|success|VERSION_0_2_0|u-admin');
  });

  it('finds nothing newer: stays idle and checks again in a day', async () => {
    routes['/updates/latest.yml'] = { status: 200, body: feed({ version: '0.1.0' }) };
    const { service, audits, live, port } = rig();
    await service.start();
    expect(service.status()).toMatchObject({ state: 'idle', version: null });
    expect(audits).toEqual([]);
    expect(live().map((t) => t.ms)).toEqual([CHECK_INTERVAL_MS]);
    expect(await service.restartToUpdate(admin)).toBe(false);
    expect(port.installs).toBe(0);
  });

  it.each<[string, () => void, string]>([
    ['a failed download (HTTP 500)', () => void (routes['/updates/CareRelay-Setup-0.2.0.exe'] = { status: 500, body: 'oops' }), 'DOWNLOAD_FAILED'],
    ['a bad signature (signed by someone else)', () => void (routes['/updates/latest.yml'] = { status: 200, body: feed({ signer: impostor.privateKey }) }), 'BAD_SIGNATURE'],
    ['an unsigned update', () => void (routes['/updates/latest.yml'] = { status: 200, body: feed({ signer: null }) }), 'BAD_SIGNATURE'],
    ['a file that does not match the feed’s sha512', () => void (routes['/updates/CareRelay-Setup-0.2.0.exe'] = { status: 200, body: Buffer.from('tampered') }), 'BAD_SIGNATURE'],
    ['a malformed feed', () => void (routes['/updates/latest.yml'] = { status: 200, body: 'version: [not, a, version]\nfiles: 3' }), 'BAD_FEED'],
    ['a feed pointing at another host', () => void (routes['/updates/latest.yml'] = { status: 200, body: feed({ url: 'https://evil.example/CareRelay.exe' }) }), 'BAD_FEED'],
  ])('%s: recorded as %s, nothing armed to install, retried within the hour', async (_label, breakIt, code) => {
    breakIt();
    const { service, port, audits, live } = rig();
    await service.start();
    expect(service.status()).toMatchObject({ state: 'failed', error: code });
    expect(port.installOnQuit).toBe(false);
    expect(audits.at(-1)).toBe(`updates.failed|failure|${code}|system`);
    expect(live().map((t) => t.ms)).toEqual([RETRY_AFTER_FAILURE_MS]);
    expect(await service.restartToUpdate(admin)).toBe(false);
  });

  it('an offline start (nothing listening) is OFFLINE, retried later, and succeeds once the feed is back', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const offline = rig({ feedUrl: `http://127.0.0.1:${deadPort}/updates/` });
    await offline.service.start();
    expect(offline.service.status()).toMatchObject({ state: 'failed', error: 'OFFLINE' });
    expect(offline.audits).toEqual(['updates.failed|failure|OFFLINE|system']);
    // The same service on a reachable feed recovers on its retry.
    const { service, live } = rig();
    await service.start();
    expect(service.status().state).toBe('ready');
    expect(live()).toHaveLength(1);
  });

  it('an administrator pauses updates: no check, nothing armed; resuming checks again; both audited', async () => {
    const { service, port, audits, isPaused } = rig({ paused: true });
    await service.start();
    expect(service.status()).toMatchObject({ state: 'paused', paused: true, version: null });
    expect(audits).toEqual([]);
    await service.setPaused(false, admin);
    expect(isPaused()).toBe(false);
    expect(service.status()).toMatchObject({ state: 'ready', paused: false });
    await service.setPaused(true, admin);
    expect(port.installOnQuit).toBe(false);
    expect(service.status()).toMatchObject({ state: 'paused', paused: true });
    expect(await service.restartToUpdate(admin)).toBe(false);
    expect(audits).toEqual([
      'updates.resumed|success||u-admin',
      'updates.available|success|VERSION_0_2_0|system',
      'updates.downloaded|success|VERSION_0_2_0|system',
      'updates.paused|success||u-admin',
    ]);
  });

  it('paused while it was checking: nothing is downloaded; an audit trail that fails does not wedge the updater', async () => {
    let downloads = 0;
    const holder: { service?: ReturnType<typeof createUpdateService> } = {};
    const port = {
      // An administrator pauses while the check is out.
      check: async () => (await holder.service!.setPaused(true, admin), { version: '0.2.0' }),
      download: async () => (downloads++, { version: '0.2.0' }),
      setInstallOnQuit: () => undefined,
      quitAndInstall: () => undefined,
    };
    holder.service = createUpdateService({ port, currentVersion: '0.1.0', audit: async () => undefined, pause: { read: async () => false, write: async () => undefined } });
    await holder.service.start();
    expect(downloads).toBe(0);
    expect(holder.service.status()).toMatchObject({ state: 'paused', paused: true });
    const broken = createUpdateService({
      port: { check: async () => ({ version: '0.2.0' }), download: async () => ({ version: '0.2.0' }), setInstallOnQuit: () => undefined, quitAndInstall: () => undefined },
      currentVersion: '0.1.0',
      audit: async () => {
        throw new Error('audit trail closed');
      },
      pause: { read: async () => false, write: async () => undefined },
    });
    await broken.start();
    expect(broken.status().state).toBe('ready');
    broken.stop();
    expect((await broken.checkNow()).state).toBe('ready');
  });

  it('a build without an update feed says updates are off', async () => {
    const audits: string[] = [];
    const service = createUpdateService({ port: null, currentVersion: '0.1.0', audit: async (e) => void audits.push(e.action), pause: { read: async () => false, write: async () => undefined } });
    await service.start();
    expect(service.status()).toMatchObject({ state: 'disabled', disabledReason: 'NO_FEED' });
    expect(await service.checkNow()).toMatchObject({ state: 'disabled' });
    expect(audits).toEqual([]);
  });

  it.each([
    ['0.2.0', '0.1.0', 1],
    ['0.1.0', '0.1.0', 0],
    ['0.10.0', '0.9.9', 1],
    ['1.0.0-beta.1', '1.0.0', -1],
    ['1.0.0', '1.0.0-beta.1', 1],
  ])('compareVersions(%s, %s) has the sign of %i', (a, b, sign_) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign_);
  });
});
