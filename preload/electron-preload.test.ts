/**
 * SEC-IPC-05 (unit) for the Electron preload: `window.carerelay` is exactly the contract's named
 * functions, frozen; calls go out on `carerelay:call`; event callbacks get the payload only,
 * never the IpcRendererEvent; unsubscribe works. Also SEC-IPC-04 for the renderer side.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../main/testing/fake-electron')).fakeElectron);

import { channels, events, eventMemberName, splitName } from '../shared/ipc';
import { createGatewayStatus } from '../main/gateway/gateway-status';
import { fake, resetFakeElectron } from '../main/testing/fake-electron';
import { createElectronTransport } from './electron-transport';

type Api = Record<string, Record<string, (...args: unknown[]) => unknown>>;

function expectedShape(): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  for (const name of Object.keys(channels)) (shape[splitName(name).domain] ??= []).push(splitName(name).member);
  for (const name of Object.keys(events)) (shape[splitName(name).domain] ??= []).push(eventMemberName(name));
  for (const key of Object.keys(shape)) shape[key]!.sort();
  return shape;
}

function validGatewayStatus(): unknown {
  let last: unknown;
  createGatewayStatus((s) => (last = s));
  return last;
}

let api: Api;

beforeAll(async () => {
  resetFakeElectron();
  await import('./electron-preload');
  api = fake.contextBridge.exposed.get('carerelay') as Api;
});

beforeEach(() => {
  fake.ipcRenderer.invocations.length = 0;
  fake.ipcRenderer.reply = () => ({ ok: true, value: {} });
});

describe('electron preload', () => {
  it('exposes exactly one key, carerelay', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['carerelay']);
  });

  it('exposes exactly the contract: one frozen namespace per domain, named functions only', () => {
    const shape: Record<string, string[]> = {};
    for (const [domain, members] of Object.entries(api)) shape[domain] = Object.keys(members).sort();
    expect(shape).toEqual(expectedShape());
    expect(Object.isFrozen(api)).toBe(true);
    for (const members of Object.values(api)) {
      expect(Object.isFrozen(members)).toBe(true);
      for (const fn of Object.values(members)) expect(typeof fn).toBe('function');
    }
    const flat = JSON.stringify(Object.keys(api));
    expect(flat).not.toMatch(/invoke|send|ipc|require|process/i);
  });

  it('sends calls on carerelay:call as (channel, payload) and returns the envelope', async () => {
    const first = Object.keys(channels)[0]!;
    const { domain, member } = splitName(first);
    fake.ipcRenderer.reply = () => ({ ok: false, error: { code: 'LOCKED', message: 'locked' } });
    const answer = await api[domain]![member]!({});
    expect(fake.ipcRenderer.invocations).toEqual([{ channel: 'carerelay:call', args: [first, {}] }]);
    expect(answer).toEqual({ ok: false, error: { code: 'LOCKED', message: 'locked' } });
  });

  it('turns a failed invoke into NOT_AVAILABLE instead of a rejection', async () => {
    const first = Object.keys(channels)[0]!;
    const { domain, member } = splitName(first);
    fake.ipcRenderer.reply = () => {
      throw new Error('Error invoking remote method: secret stack');
    };
    await expect(api[domain]![member]!({})).resolves.toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
  });

  it('hands callbacks the payload only, never the IpcRendererEvent, and unsubscribes', () => {
    const payload = validGatewayStatus();
    const calls: unknown[][] = [];
    const off = api.gateway!.onStatusChanged!((...args: unknown[]) => calls.push(args)) as () => void;
    fake.ipcRenderer.deliver('carerelay:event', 'gateway.statusChanged', payload);
    expect(calls).toEqual([[payload]]);
    for (const arg of calls[0]!) {
      expect(arg).not.toHaveProperty('sender');
      expect(arg).not.toHaveProperty('ports');
    }
    off();
    fake.ipcRenderer.deliver('carerelay:event', 'gateway.statusChanged', payload);
    expect(calls).toHaveLength(1);
  });

  it('installs a single ipcRenderer listener however many subscribers there are', () => {
    const offs = [1, 2, 3].map(() => api.gateway!.onStatusChanged!(() => undefined) as () => void);
    expect(fake.ipcRenderer.listenerCount('carerelay:event')).toBe(1);
    offs.forEach((off) => off());
  });

  it('drops events with the wrong name or an invalid payload', () => {
    const seen: unknown[] = [];
    const off = api.gateway!.onStatusChanged!((p: unknown) => seen.push(p)) as () => void;
    fake.ipcRenderer.deliver('carerelay:event', 'session.stateChanged', validGatewayStatus());
    fake.ipcRenderer.deliver('carerelay:event', 'gateway.statusChanged', { state: 'exploded' });
    fake.ipcRenderer.deliver('carerelay:event', 42, validGatewayStatus());
    expect(seen).toEqual([]);
    off();
  });
});

describe('createElectronTransport', () => {
  it('fans one listener out by name and isolates a throwing listener', () => {
    const ipc = { invoke: vi.fn(), on: vi.fn() };
    const transport = createElectronTransport(ipc as never);
    expect(ipc.on).toHaveBeenCalledTimes(1);
    const handler = ipc.on.mock.calls[0]![1] as (...args: unknown[]) => void;
    const a: unknown[][] = [];
    const b: unknown[][] = [];
    transport.subscribe('x.one', () => {
      throw new Error('broken screen');
    });
    transport.subscribe('x.one', (...args) => a.push(args));
    const offB = transport.subscribe('x.two', (...args) => b.push(args));
    handler({ sender: 'ipcRenderer' }, 'x.one', { n: 1 });
    handler({ sender: 'ipcRenderer' }, 'x.two', { n: 2 });
    offB();
    handler({ sender: 'ipcRenderer' }, 'x.two', { n: 3 });
    expect(a).toEqual([[{ n: 1 }]]);
    expect(b).toEqual([[{ n: 2 }]]);
  });
});

describe('SEC-IPC-04 (static): ipcRenderer and contextBridge only in preload/, electron never in renderer/ or shared/', () => {
  it('holds for every source file', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const problems: string[] = [];
    const walk = (dir: string, check: (rel: string, text: string) => void) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full, check);
        else if (/\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !full.includes(`${path.sep}testing${path.sep}`)) {
          check(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
        }
      }
    };
    for (const dir of ['main', 'renderer', 'shared']) {
      try {
        walk(path.join(root, dir), (rel, text) => {
          if (/\b(ipcRenderer|contextBridge)\b/.test(text)) problems.push(`${rel}: ipcRenderer/contextBridge outside preload`);
          if (dir !== 'main' && /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/.test(text)) problems.push(`${rel}: imports electron`);
        });
      } catch {
        // folder not there yet
      }
    }
    expect(problems).toEqual([]);
  });
});
