/**
 * The Electron shell's start-up sequence, kept out of `index.ts` so the fake `electron` can
 * drive it in tests: single-instance lock, privileged scheme before ready, hardening, the
 * app:// protocol, main's services, IPC, the one window, the tray, close-to-tray and quit.
 */
import path from 'node:path';
import { app, powerMonitor, session, type BrowserWindow, type Tray } from 'electron';
import { createAppServices, type AppServices } from './app-services';
import { registerElectronIpc, replayLatestEvents, isTrustedElectronSender } from './ipc/electron-ipc';
import { registerAppProtocol, registerAppScheme } from './protocol/app-protocol';
import { APP_PARTITION, APP_START_URL } from './security/app-origin';
import { openExternalSafely } from './security/open-external';
import { installSecurityHardening } from './security/session-hardening';
import { createTray, installCloseToTray, revealWindow } from './tray/tray';
import { createSecureWindow } from './windows/window-factory';
import { createOsKeychain, PRACTICE_KEYCHAIN_ACCOUNT, type Keychain } from './vault/keychain';
import { diagnosticsHooks, installCrashGuards } from './logging/diagnostics-hooks';
import { electronUpdaterPort, parseUpdateFeed } from './updates/electron-updater-adapter';

declare const __CARERELAY_UPDATE_FEED__: string | undefined;
import { electronNotifyPort } from './notifications/electron-notify';

export interface ElectronShellOptions {
  /** Directory of the built main file (`dist/main`); the preload and renderer are found from it. */
  readonly mainDir: string;
  /** The OS keychain (tests pass the in-memory stand-in). */
  readonly keychain?: Keychain;
}

export interface ElectronShell {
  /** Settles when the window has been created and its page requested. */
  readonly ready: Promise<void>;
  window(): BrowserWindow | null;
  isQuitting(): boolean;
  services(): AppServices | null;
}

/** Starts the app, or returns null (and quits) when another instance already runs. */
export function startElectronShell(options: ElectronShellOptions): ElectronShell | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerAppScheme();
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('app.carerelay.desktop');

  const rendererRoot = path.join(options.mainDir, '../renderer');
  let win: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let services: AppServices | null = null;
  let disposeIpc: (() => void) | null = null;
  let quitting = false;

  const reveal = () => {
    if (win) revealWindow(win);
  };

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('second-instance', reveal);
  app.on('activate', reveal);
  // Closing the window only hides it; the app stays in the tray until "Quit CareRelay".
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', () => {
    disposeIpc?.();
    disposeIpc = null;
    tray?.destroy();
    tray = null;
    void services?.dispose();
  });

  const ready = app.whenReady().then(async () => {
    installSecurityHardening();
    registerAppProtocol(session.fromPartition(APP_PARTITION), rendererRoot);

    const userData = app.getPath('userData');
    const diagnostics = diagnosticsHooks(userData, { version: app.getVersion(), host: 'electron' });
    // Main's own crashes and a renderer or helper process dying are logged by class and reason only.
    installCrashGuards(process, diagnostics);
    app.on('render-process-gone', (_event, _contents, details) => diagnostics.onMainProblem('renderer-gone', { name: 'RenderProcessGone', code: details.reason }));
    app.on('child-process-gone', (_event, details) => diagnostics.onMainProblem('child-gone', { name: 'ChildProcessGone', code: details.reason }));
    // Updates only in a packaged build with a feed (CARERELAY_UPDATE_FEED when it was built).
    // The feed is the one baked in at build time: a packaged app takes no feed from its environment.
    const feed = app.isPackaged ? parseUpdateFeed(typeof __CARERELAY_UPDATE_FEED__ === 'string' ? __CARERELAY_UPDATE_FEED__ : '') : null;
    const updater = feed ? electronUpdaterPort((await import('electron-updater')).autoUpdater, feed, { beforeQuit: () => void (quitting = true) }) : null;
    services = createAppServices({
      updater,
      host: 'electron',
      version: app.getVersion(),
      platform: process.platform,
      isTrustedSender: isTrustedElectronSender,
      openExternal: openExternalSafely,
      dataDir: path.join(userData, 'carerelay'),
      keychain: options.keychain ?? createOsKeychain(),
      ...(options.keychain ? {} : { practiceKeychain: createOsKeychain({ account: PRACTICE_KEYCHAIN_ACCOUNT }) }),
      // The renderer's partition (IndexedDB with the practice database) goes with a wipe.
      extraWipePaths: [path.join(userData, 'Partitions', APP_PARTITION.replace(/^persist:/, ''))],
      systemIdleSeconds: () => powerMonitor.getSystemIdleTime(),
      // "New message" and a badge count: never a name or text (R2).
      notify: electronNotifyPort(() => tray),
      onRendererProblem: diagnostics.onRendererProblem,
      onFailure: diagnostics.onFailure,
      bundle: diagnostics.bundle,
    });
    const appServices = services;
    // The screen locking or the machine sleeping locks CareRelay at once.
    powerMonitor.on('lock-screen', () => appServices.session.osSignal('lock-screen'));
    powerMonitor.on('suspend', () => appServices.session.osSignal('suspend'));
    const events = services.events;
    disposeIpc = registerElectronIpc({ router: services.router, events, getTarget: () => win?.webContents ?? null });

    const created = createSecureWindow({ mainDir: options.mainDir, phi: true });
    win = created;
    installCloseToTray(created, () => quitting);
    created.on('closed', () => {
      if (win === created) win = null;
    });
    created.webContents.on('did-finish-load', () => replayLatestEvents(events, created.webContents));

    tray = createTray({ open: reveal, quit: () => app.quit() });
    await created.loadURL(APP_START_URL);
  });
  ready.catch((error: unknown) => {
    // The error's name only: messages can quote paths or data.
    console.error(`[main] CareRelay could not start: ${error instanceof Error ? error.name : 'unknown error'}`);
    app.exit(1);
  });

  return { ready, window: () => win, isQuitting: () => quitting, services: () => services };
}
