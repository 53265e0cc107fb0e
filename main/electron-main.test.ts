/**
 * The Electron shell's start-up and lifecycle with the stand-in electron: single-instance lock,
 * scheme registered before ready, hardening and app:// on the partition, IPC registered, the
 * secure window loading app://carerelay/index.html, close-to-tray, tray menu, and quitting.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./testing/fake-electron')).fakeElectron);

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeBrowserWindow, FakeTray, fake, fakePowerMonitor, resetFakeElectron } from './testing/fake-electron';
import { createMemoryKeychain } from './vault/memory-keychain';
import { startElectronShell } from './electron-main';
import { resetHardeningForTests } from './security/session-hardening';
import { OPEN_LABEL, QUIT_LABEL, TRAY_TOOLTIP } from './tray/tray';

const MAIN_DIR = '/opt/CareRelay/resources/app.asar/dist/main';

beforeEach(() => {
  resetFakeElectron();
  resetHardeningForTests();
  fake.app.pathsRoot = mkdtempSync(path.join(tmpdir(), 'carerelay-shell-'));
});

async function started() {
  const shell = startElectronShell({ mainDir: MAIN_DIR, keychain: createMemoryKeychain() });
  if (!shell) throw new Error('expected the lock');
  fake.app.becomeReady();
  await shell.ready;
  const win = FakeBrowserWindow.instances[0]!;
  const tray = FakeTray.instances[0]!;
  return { shell, win, tray };
}

describe('single instance', () => {
  it('quits at once, before creating anything, when another instance holds the lock', () => {
    fake.app.hasSingleInstanceLock = false;
    expect(startElectronShell({ mainDir: MAIN_DIR })).toBeNull();
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.protocol.privileged).toEqual([]);
    expect(FakeBrowserWindow.instances).toEqual([]);
  });

  it('a second launch shows and focuses the existing window', async () => {
    const { win } = await started();
    win.minimize();
    win.hide();
    fake.app.fire('second-instance', ['carerelay'], '/home/x', {});
    expect(win.isVisible()).toBe(true);
    expect(win.isMinimized()).toBe(false);
    expect(win.focused).toBe(true);
  });
});

describe('start-up', () => {
  it('registers the app scheme before ready and enables the sandbox for all renderers', () => {
    startElectronShell({ mainDir: MAIN_DIR });
    expect(fake.app.isReady()).toBe(false);
    expect(fake.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(fake.app.sandboxEnabled).toBe(true);
  });

  it('hardens, serves app:// on the partition, registers IPC and loads the app page in one secure window', async () => {
    const { win } = await started();
    const partition = fake.session.fromPartition('persist:carerelay');
    expect(partition.protocol.isProtocolHandled('app')).toBe(true);
    expect(fake.session.defaultSession.protocol.isProtocolHandled('app')).toBe(false);
    expect(partition.permissionRequestHandler).toBeTypeOf('function');
    expect(fake.session.defaultSession.permissionRequestHandler).toBeTypeOf('function');
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['carerelay:call']);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(win.loadedUrls).toEqual(['app://carerelay/index.html']);
    expect(win.contentProtection).toBe(true);
    expect((win.options.webPreferences as { preload: string }).preload).toBe('/opt/CareRelay/resources/app.asar/dist/preload/index.cjs');
    // The window's webContents was hardened through web-contents-created.
    expect(win.webContents.fire('will-navigate', 'https://evil.test').defaultPrevented).toBe(true);
    expect(win.webContents.windowOpenHandler?.({ url: 'https://evil.test' })).toEqual({ action: 'deny' });
  });

  it('answers IPC from the app page through the services, as the electron host', async () => {
    const { win } = await started();
    const event = { senderFrame: win.webContents.mainFrame, sender: win.webContents };
    const answer = (await fake.ipcMain.invoke('carerelay:call', event, 'app.getInfo', {})) as { ok: boolean; value?: { host: string } };
    expect(answer.ok).toBe(true);
    expect(answer.value?.host).toBe('electron');
  });

  it('pushes events to the window and replays them after a page load', async () => {
    const { win } = await started();
    win.webContents.sent.length = 0;
    win.webContents.emit('did-finish-load');
    expect(win.webContents.sent.map((m) => [m.channel, m.args[0]])).toContainEqual(['carerelay:event', 'gateway.statusChanged']);
  });
});

describe('tray and close-to-tray', () => {
  it('shows a tray with a PHI-free tooltip and exactly Open and Quit', async () => {
    const { tray } = await started();
    expect(tray.tooltip).toBe(TRAY_TOOLTIP);
    expect(tray.tooltip).toBe('CareRelay');
    const labels = tray.menu!.items.filter((i) => i.type !== 'separator').map((i) => i.label);
    expect(labels).toEqual([OPEN_LABEL, QUIT_LABEL]);
    expect(labels).toEqual(['Open CareRelay', 'Quit CareRelay']);
  });

  it('closing the window hides it to the tray; background work goes on', async () => {
    const { win, shell } = await started();
    win.show();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    expect(shell.window()).toBe(win);
    expect(fake.app.quitCalls).toBe(0);
    expect(fake.ipcMain.handlers.size).toBe(1);
  });

  it('"Open CareRelay" (and a tray click) brings the hidden window back', async () => {
    const { win, tray } = await started();
    win.close();
    tray.menu!.click('Open CareRelay');
    expect(win.isVisible()).toBe(true);
    win.close();
    tray.emit('click');
    expect(win.isVisible()).toBe(true);
  });

  it('"Quit CareRelay" really closes the window, releases IPC and the tray, and quits', async () => {
    const { win, tray, shell } = await started();
    tray.menu!.click('Quit CareRelay');
    expect(fake.app.quitCalls).toBe(1);
    expect(shell.isQuitting()).toBe(true);
    expect(win.isDestroyed()).toBe(true);
    expect(shell.window()).toBeNull();
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(tray.isDestroyed()).toBe(true);
  });

  it('an OS-initiated quit (before-quit) also lets the window close', async () => {
    const { win } = await started();
    fake.app.quit();
    expect(win.isDestroyed()).toBe(true);
  });
});

describe('OS signals', () => {
  it('screen lock and sleep reach the session at once; main keeps its data in userData', async () => {
    const { shell } = await started();
    const services = shell.services()!;
    await services.ready;
    expect(services.session.state().state).toBe('no-practice');
    const seen = vi.spyOn(services.session, 'osSignal');
    fakePowerMonitor.emit('lock-screen');
    fakePowerMonitor.emit('suspend');
    expect(seen.mock.calls).toEqual([['lock-screen'], ['suspend']]);
  });
});
