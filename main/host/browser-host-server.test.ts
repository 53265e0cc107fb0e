/** The browser host: token and origin on the IPC socket, Host header checks, served HTML. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createAppServices } from '../app-services';
import { startBrowserHost, type BrowserHost } from './browser-host-server';
import { hostKeychainAccount, isPackagedRun, parseTestIdleMs } from './browser-host';
import { createMemoryKeychain } from '../vault/memory-keychain';

let host: BrowserHost;
let origin = '';
const services = createAppServices({
  host: 'browser',
  version: '0.0.0-test',
  platform: 'linux',
  isTrustedSender: (s) => s.transport === 'browser-host' && s.frameUrl === origin,
  openExternal: async () => false,
  dataDir: mkdtempSync(path.join(tmpdir(), 'carerelay-host-data-')),
  keychain: createMemoryKeychain(),
});

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'carerelay-host-'));
  mkdirSync(path.join(dir, 'renderer'));
  writeFileSync(
    path.join(dir, 'renderer/index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self'" /></head><body></body></html>`,
  );
  writeFileSync(path.join(dir, 'bridge.js'), '/* bridge */');
  host = await startBrowserHost({ rendererDir: path.join(dir, 'renderer'), bridgeFile: path.join(dir, 'bridge.js'), router: services.router, events: services.events, port: 0 });
  origin = host.origin;
});
afterAll(async () => {
  await host.close();
});

function openSocket(url: string, headers: Record<string, string>): Promise<{ ws?: WebSocket; status?: number; frames: unknown[] }> {
  const frames: unknown[] = [];
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode, frames }));
    ws.once('error', () => resolve({ status: -1, frames }));
  });
}

function get(pathname: string, hostHeader?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(pathname, origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: pathname, headers: hostHeader ? { host: hostHeader } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host', () => {
  it('listens on loopback only and prints a tokened address', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['missing token', '', true, 401],
    ['wrong token', 'not-the-token', true, 401],
    ['foreign origin', 'TOKEN', false, 403],
  ])('refuses a socket with a %s', async (_, token, sameOrigin, status) => {
    const t = token === 'TOKEN' ? host.token : token;
    const result = await openSocket(`${origin.replace('http', 'ws')}/ipc?token=${t}`, { Origin: sameOrigin ? origin : 'https://evil.test' });
    expect(result.status).toBe(status);
  });

  it('bridges calls and events over an authenticated socket, and survives bad frames', async () => {
    const { ws, frames } = await openSocket(`${origin.replace('http', 'ws')}/ipc?token=${host.token}`, { Origin: origin });
    expect(ws).toBeDefined();
    ws!.send('{not json');
    ws!.send(JSON.stringify({ channel: 'app.getInfo' }));
    ws!.send(JSON.stringify({ id: 1, channel: 'nope.nothing', payload: {} }));
    ws!.send(JSON.stringify({ id: 2, channel: 'app.getInfo', payload: {} }));
    await expect.poll(() => frames.length, { timeout: 2000 }).toBeGreaterThanOrEqual(5);
    expect(frames).toContainEqual({ event: 'gateway.statusChanged', payload: expect.objectContaining({ kind: 'sandbox' }) });
    expect(frames).toContainEqual({ id: null, result: { ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) } });
    expect(frames).toContainEqual({ id: 1, result: { ok: false, error: expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) } });
    expect(frames).toContainEqual({ id: 2, result: { ok: true, value: expect.objectContaining({ name: 'CareRelay', host: 'browser', mode: 'training' }) } });
    ws!.close();
  });

  it('serves index.html with the bridge first and the socket allowed by CSP', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<head>\s*<script src="\.\/carerelay-bridge\.js"><\/script>/);
    expect(page.body).toContain(`connect-src 'self' ${origin.replace('http', 'ws')}`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host header (DNS rebinding) and traversal', async () => {
    expect((await get('/', 'evil.test')).status).toBe(421);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('keeps a keychain entry per data folder, apart from the desktop app', () => {
    expect(hostKeychainAccount('/a')).toMatch(/^browser-host-[0-9a-f]{16}$/);
    expect(hostKeychainAccount('/a')).not.toBe(hostKeychainAccount('/b'));
  });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['5000', 5000],
  ])('reads a test idle timeout %s', (raw, ms) => {
    expect(parseTestIdleMs(raw)).toBe(ms);
  });
  it.each(['10', 'abc', '-5000', '1.5e3x'])('refuses a bad test idle timeout %s', (raw) => {
    expect(() => parseTestIdleMs(raw)).toThrow(/at least 1000/);
  });

  it('refuses to run from a packaged app', () => {
    expect(isPackagedRun('/opt/CareRelay/resources/app.asar/dist/host/browser-host.cjs', { ...process.versions })).toBe(true);
    expect(isPackagedRun('/work/dist/host/browser-host.cjs', { ...process.versions, electron: '45.5.0' })).toBe(true);
    expect(isPackagedRun('/work/dist/host/browser-host.cjs', { ...process.versions })).toBe(false);
  });
});
