/** SEC-WIN-01..09: the one secure window factory and the options it creates windows with. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron);

import { FakeBrowserWindow, fake, resetFakeElectron } from '../testing/fake-electron';
import { APP_PARTITION, WINDOW_TITLE, createSecureWindow, resolvePreloadPath, secureWindowOptions } from './window-factory';

const MAIN_DIR = '/opt/CareRelay/resources/app.asar/dist/main';

type Prefs = Record<string, unknown>;
const prefsOf = (options: Record<string, unknown>): Prefs => options.webPreferences as Prefs;

beforeEach(() => resetFakeElectron());

describe('secureWindowOptions (pure)', () => {
  const dev = prefsOf(secureWindowOptions({ isPackaged: false, preloadPath: resolvePreloadPath(MAIN_DIR) }) as never);
  const packaged = prefsOf(secureWindowOptions({ isPackaged: true, preloadPath: resolvePreloadPath(MAIN_DIR) }) as never);

  it.each([
    ['dev', dev],
    ['packaged', packaged],
  ])('%s: SEC-WIN-02..06 and 08 webPreferences', (_mode, prefs) => {
    expect(prefs.contextIsolation).toBe(true); // SEC-WIN-02
    expect(prefs.sandbox).toBe(true); // SEC-WIN-03
    expect(prefs.nodeIntegration).toBe(false); // SEC-WIN-04
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true); // SEC-WIN-05
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures ?? '').toBe('');
    expect('enableBlinkFeatures' in prefs).toBe(false);
    expect(prefs.webviewTag).toBe(false); // SEC-WIN-06
    expect(prefs.spellcheck).toBe(false); // SEC-WIN-08
    expect(prefs.partition).toBe('persist:carerelay'); // SEC-WIN-09
    expect(APP_PARTITION).toBe('persist:carerelay');
    expect('enableRemoteModule' in prefs).toBe(false); // SEC-API-01
  });

  it('SEC-WIN-07: devTools only when not packaged', () => {
    expect(packaged.devTools).toBe(false);
    expect(dev.devTools).toBe(true);
  });

  it('SEC-WIN-09: the preload sits beside the built main file, inside the bundle', () => {
    expect(resolvePreloadPath(MAIN_DIR)).toBe(path.join('/opt/CareRelay/resources/app.asar/dist/preload/index.cjs'));
    expect(packaged.preload).toBe(resolvePreloadPath(MAIN_DIR));
    const bundle = path.resolve(MAIN_DIR, '../..');
    expect(path.relative(bundle, packaged.preload as string).startsWith('..')).toBe(false);
  });

  it('refuses a relative preload path', () => {
    expect(() => secureWindowOptions({ isPackaged: true, preloadPath: 'preload/index.cjs' })).toThrow();
  });

  it('titles the window "CareRelay" and shows it only when ready', () => {
    const options = secureWindowOptions({ isPackaged: true, preloadPath: resolvePreloadPath(MAIN_DIR) });
    expect(options.title).toBe('CareRelay');
    expect(options.show).toBe(false);
  });
});

describe('createSecureWindow', () => {
  it('SEC-WIN-01: creates the window with exactly the secure options', () => {
    fake.app.isPackaged = true;
    const win = createSecureWindow({ mainDir: MAIN_DIR }) as unknown as FakeBrowserWindow;
    expect(FakeBrowserWindow.instances).toEqual([win]);
    expect(win.options).toEqual(secureWindowOptions({ isPackaged: true, preloadPath: resolvePreloadPath(MAIN_DIR) }));
    expect(prefsOf(win.options).devTools).toBe(false); // SEC-WIN-07 through app.isPackaged
    expect(prefsOf(win.options).disableBlinkFeatures).toBe('Auxclick'); // SEC-SCAN-01: middle-click opens nothing
  });

  it('SEC-WIN-07: devTools follow app.isPackaged', () => {
    fake.app.isPackaged = false;
    const win = createSecureWindow({ mainDir: MAIN_DIR }) as unknown as FakeBrowserWindow;
    expect(prefsOf(win.options).devTools).toBe(true);
  });

  it('SEC-WIN-08: PHI windows get content protection (the default)', () => {
    const win = createSecureWindow({ mainDir: MAIN_DIR }) as unknown as FakeBrowserWindow;
    expect(win.contentProtection).toBe(true);
    const plain = createSecureWindow({ mainDir: MAIN_DIR, phi: false }) as unknown as FakeBrowserWindow;
    expect(plain.contentProtection).toBe(false);
  });

  it('keeps the title "CareRelay": page titles never reach the OS', () => {
    const win = createSecureWindow({ mainDir: MAIN_DIR }) as unknown as FakeBrowserWindow;
    expect(win.getTitle()).toBe(WINDOW_TITLE);
    const event = win.fire('page-title-updated', 'Jane Doe (555) 010-2233 - Inbox', true);
    expect(event.defaultPrevented).toBe(true);
    expect(win.getTitle()).toBe('CareRelay');
  });

  it('shows the window once it is ready to show', () => {
    const win = createSecureWindow({ mainDir: MAIN_DIR }) as unknown as FakeBrowserWindow;
    expect(win.isVisible()).toBe(false);
    win.emit('ready-to-show');
    expect(win.isVisible()).toBe(true);
  });
});

describe('SEC-WIN-01 (static): no `new BrowserWindow(` outside main/windows/', () => {
  it('finds the constructor only in the factory', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name) && !/\.test\.tsx?$/.test(name) && !full.includes(`${path.sep}testing${path.sep}`)) {
          if (/new\s+BrowserWindow\s*\(/.test(readFileSync(full, 'utf8'))) offenders.push(path.relative(root, full));
        }
      }
    };
    for (const dir of ['main', 'preload', 'renderer', 'shared']) {
      try {
        walk(path.join(root, dir));
      } catch {
        // a process folder that does not exist yet
      }
    }
    expect(offenders).toEqual(['main/windows/window-factory.ts'.split('/').join(path.sep)]);
  });
});
