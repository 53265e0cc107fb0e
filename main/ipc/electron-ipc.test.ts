/**
 * SEC-IPC-01: the Electron transport hands every call to the real router with who sent it, and
 * the router refuses foreign origins, subframes and vanished frames with FORBIDDEN_SENDER.
 * Also: ipcMain appears only in this transport (SEC-IPC-04 for main), and events reach the window.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron);

import { z } from 'zod';
import { channel } from '../../shared/ipc';
import { createGatewayStatus } from '../gateway/gateway-status';
import { ELECTRON_CALL_CHANNEL as PRELOAD_CALL, ELECTRON_EVENT_CHANNEL as PRELOAD_EVENT } from '../../preload/electron-transport';
import { FakeWebContents, fake, resetFakeElectron } from '../testing/fake-electron';
import { createEventHub } from './event-hub';
import { createIpcRouter } from './ipc-router';
import {
  ELECTRON_CALL_CHANNEL,
  ELECTRON_EVENT_CHANNEL,
  isTrustedElectronSender,
  registerElectronIpc,
  replayLatestEvents,
  senderFromEvent,
} from './electron-ipc';

// A small contract of our own keeps this test about the transport, not today's channel list.
const testContract = {
  'test.echo': channel({
    request: z.object({ text: z.string().max(16) }).strict(),
    response: z.object({ text: z.string() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'Echo for transport tests.',
  }),
};

function setup() {
  const router = createIpcRouter({
    contract: testContract,
    handlers: { 'test.echo': ({ text }) => ({ text }) },
    isTrustedSender: isTrustedElectronSender,
    getSession: () => ({ state: 'no-practice', permissions: new Set() }),
  });
  const events = createEventHub();
  const target = new FakeWebContents(fake.session.defaultSession, 'app://carerelay/index.html');
  let current: FakeWebContents | null = target;
  const dispose = registerElectronIpc({ router, events, getTarget: () => current as never });
  // A valid gateway.statusChanged payload, whatever the contract's current shape.
  const gateway = createGatewayStatus((status) => events.publish('gateway.statusChanged', status));
  target.sent.length = 0;
  return { router, events, gateway, target, dispose, clearTarget: () => (current = null) };
}

/** An IpcMainInvokeEvent as Electron builds it: the sending frame and its webContents. */
function invokeEvent(frameUrl: string | null, options: { subframe?: boolean } = {}) {
  const mainFrame = { url: frameUrl ?? 'app://carerelay/index.html' };
  const senderFrame = frameUrl === null ? null : options.subframe ? { url: frameUrl } : mainFrame;
  return { senderFrame, sender: { mainFrame }, frameId: 1, processId: 1 };
}

beforeEach(() => resetFakeElectron());

describe('registerElectronIpc', () => {
  it('registers exactly one invoke handler, on carerelay:call', () => {
    setup();
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['carerelay:call']);
    expect(ELECTRON_CALL_CHANNEL).toBe(PRELOAD_CALL);
    expect(ELECTRON_EVENT_CHANNEL).toBe(PRELOAD_EVENT);
  });

  it('answers a trusted main-frame call through the router', async () => {
    setup();
    const answer = await fake.ipcMain.invoke('carerelay:call', invokeEvent('app://carerelay/index.html'), 'test.echo', { text: 'hi' });
    expect(answer).toEqual({ ok: true, value: { text: 'hi' } });
  });

  it('dispose removes the handler and the event sink', () => {
    const { dispose, gateway, target } = setup();
    dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
    gateway.update({ state: 'offline' });
    expect(target.sent).toEqual([]);
  });
});

describe('SEC-IPC-01 sender checks with the real router', () => {
  const forbidden: Array<[string, ReturnType<typeof invokeEvent>]> = [
    ['a foreign https origin', invokeEvent('https://evil.test/')],
    ['a file: page', invokeEvent('file:///etc/passwd')],
    ['a look-alike app host', invokeEvent('app://carerelay.evil.test/index.html')],
    ['another app host', invokeEvent('app://evil/index.html')],
    ['userinfo on the app origin', invokeEvent('app://x@carerelay/index.html')],
    ['a port on the app origin', invokeEvent('app://carerelay:1/index.html')],
    ['about:blank', invokeEvent('about:blank')],
    ['an empty URL', invokeEvent('')],
    ['a subframe on the app origin', invokeEvent('app://carerelay/index.html', { subframe: true })],
    ['a foreign subframe', invokeEvent('https://evil.test/', { subframe: true })],
    ['a null (destroyed) frame', invokeEvent(null)],
  ];

  it.each(forbidden)('refuses %s with FORBIDDEN_SENDER', async (_label, event) => {
    setup();
    const answer = (await fake.ipcMain.invoke('carerelay:call', event, 'test.echo', { text: 'hi' })) as { ok: boolean; error?: { code: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('FORBIDDEN_SENDER');
  });

  it('refuses a sender whose frame getter throws (frame gone)', async () => {
    setup();
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
      sender: { mainFrame: { url: 'app://carerelay/index.html' } },
    };
    const answer = (await fake.ipcMain.invoke('carerelay:call', event, 'test.echo', { text: 'hi' })) as { error?: { code: string } };
    expect(answer.error?.code).toBe('FORBIDDEN_SENDER');
  });

  it('describes the sender exactly', () => {
    expect(senderFromEvent(invokeEvent('app://carerelay/index.html') as never)).toEqual({
      transport: 'electron',
      frameUrl: 'app://carerelay/index.html',
      isMainFrame: true,
    });
    expect(senderFromEvent(invokeEvent('https://evil.test/', { subframe: true }) as never)).toEqual({
      transport: 'electron',
      frameUrl: 'https://evil.test/',
      isMainFrame: false,
    });
    expect(senderFromEvent(invokeEvent(null) as never)).toEqual({ transport: 'electron', frameUrl: null, isMainFrame: false });
  });

  it('isTrustedElectronSender wants the electron transport, the main frame and the exact origin', () => {
    expect(isTrustedElectronSender({ transport: 'electron', frameUrl: 'app://carerelay/inbox?x=1', isMainFrame: true })).toBe(true);
    expect(isTrustedElectronSender({ transport: 'browser-host', frameUrl: 'app://carerelay/', isMainFrame: true })).toBe(false);
    expect(isTrustedElectronSender({ transport: 'electron', frameUrl: 'app://carerelay/', isMainFrame: false })).toBe(false);
    expect(isTrustedElectronSender({ transport: 'electron', frameUrl: null, isMainFrame: true })).toBe(false);
    // Chromium lower-cases standard-scheme hosts; anything else is not our page.
    expect(isTrustedElectronSender({ transport: 'electron', frameUrl: 'app://CARERELAY/', isMainFrame: true })).toBe(false);
  });

  it('unknown channels and bad payloads still get envelopes, never throws', async () => {
    setup();
    const trusted = invokeEvent('app://carerelay/index.html');
    expect(await fake.ipcMain.invoke('carerelay:call', trusted, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await fake.ipcMain.invoke('carerelay:call', trusted, 'test.echo', { text: 1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });
});

describe('events to the window', () => {
  it('sends carerelay:event (name, payload) to the main window', () => {
    const { gateway, target } = setup();
    gateway.update({ state: 'offline' });
    expect(target.sent).toEqual([{ channel: 'carerelay:event', args: ['gateway.statusChanged', gateway.current()] }]);
  });

  it('skips a destroyed or missing window without breaking the hub', () => {
    const { gateway, target, clearTarget } = setup();
    target.destroyed = true;
    gateway.update({ state: 'offline' });
    clearTarget();
    gateway.update({ state: 'degraded' });
    expect(target.sent).toEqual([]);
  });

  it('replays the latest events to a freshly loaded page', () => {
    const { events, gateway } = setup();
    gateway.update({ state: 'offline', queueDepth: 2 });
    const fresh = new FakeWebContents(fake.session.defaultSession, 'app://carerelay/index.html');
    replayLatestEvents(events, fresh as never);
    expect(fresh.sent).toEqual([{ channel: 'carerelay:event', args: ['gateway.statusChanged', gateway.current()] }]);
  });
});

describe('SEC-IPC-04 (static, main side): ipcMain only in main/ipc/electron-ipc.ts', () => {
  it('finds no other importer', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !full.includes(`${path.sep}testing${path.sep}`)) {
          if (/\bipcMain\b/.test(readFileSync(full, 'utf8'))) hits.push(path.relative(root, full).split(path.sep).join('/'));
        }
      }
    };
    for (const dir of ['main', 'preload', 'renderer', 'shared']) {
      try {
        walk(path.join(root, dir));
      } catch {
        // folder not there yet
      }
    }
    expect(hits).toEqual(['main/ipc/electron-ipc.ts']);
  });
});
