/**
 * Entry point of the browser host: runs main's services under plain Node and serves the
 * renderer to a browser on 127.0.0.1, for machines where Electron cannot run and for the
 * end-to-end tests. Always training mode (sandbox gateway). Refuses to run from a packaged app.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOsKeychain, type Keychain } from '../vault/keychain';
import { createMemoryKeychain } from '../vault/memory-keychain';
import { diagnosticsHooks, installCrashGuards } from '../logging/diagnostics-hooks';
import { createAppServices } from '../app-services';
import type { CallSender } from '../ipc/ipc-router';
import { startBrowserHost } from './browser-host-server';

declare const __CARERELAY_VERSION__: string;

export function isPackagedRun(file: string, versions: NodeJS.ProcessVersions): boolean {
  return Boolean(versions.electron) || /[\\/]app\.asar([\\/]|$)/.test(file) || /[\\/]resources[\\/]app[\\/]/.test(file);
}

function argValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The browser host keeps its own keychain entry per data folder, apart from the desktop app's. */
export function hostKeychainAccount(dataDir: string): string {
  return `browser-host-${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16)}`;
}

/** Tests may shorten the idle lock (milliseconds); never below one second. */
export function parseTestIdleMs(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1_000) throw new Error('CARERELAY_TEST_IDLE_MS must be a whole number of milliseconds, at least 1000.');
  return ms;
}

function parsePort(argv: readonly string[]): number {
  const raw = argValue(argv, '--port') ?? process.env.CARERELAY_PORT;
  if (raw === undefined || raw === '') return 4870;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${raw}".`);
  }
  return port;
}

async function main(): Promise<void> {
  if (isPackagedRun(__filename, process.versions)) {
    console.error('CareRelay: the browser host is for development and tests only and does not run from an installed app.');
    process.exit(2);
  }
  const distDir = path.resolve(__dirname, '..');
  const rendererDir = path.join(distDir, 'renderer');
  const bridgeFile = path.join(distDir, 'preload', 'browser-bridge.js');
  if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(bridgeFile)) {
    console.error('CareRelay: the app is not built yet. Run "npm run build" first.');
    process.exit(2);
  }

  const requestedDir = path.resolve(argValue(process.argv, '--data-dir') ?? process.env.CARERELAY_DATA_DIR ?? path.join(process.cwd(), '.carerelay-data'));
  const ephemeralAllowed = process.argv.includes('--ephemeral-if-no-keychain');
  let origin = '';

  let uninstallGuards: (() => void) | null = null;
  const build = (dataDir: string, keychain: Keychain, practiceKeychain: Keychain) => {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const version = typeof __CARERELAY_VERSION__ === 'string' ? __CARERELAY_VERSION__ : '0.0.0';
    const diagnostics = diagnosticsHooks(dataDir, { version, host: 'browser' });
    uninstallGuards?.();
    uninstallGuards = installCrashGuards(process, diagnostics);
    return createAppServices({
      dataDir,
      keychain,
      practiceKeychain,
      testIdleMs: parseTestIdleMs(process.env.CARERELAY_TEST_IDLE_MS),
      onRendererProblem: diagnostics.onRendererProblem,
      onFailure: diagnostics.onFailure,
      bundle: diagnostics.bundle,
      host: 'browser',
      version,
      platform: process.platform,
      isTrustedSender: (sender: CallSender) =>
        sender.transport === 'browser-host' && sender.isMainFrame && sender.frameUrl === origin && origin !== '',
      // A browser page cannot be trusted to open programs on this computer: links open in the page itself.
      openExternal: async () => false,
      // End-to-end tests: simulated patients answer within a second instead of realistic delays.
      sandboxTiming: process.env.CARERELAY_SANDBOX_TIMING === 'fast' ? 'fast' : 'realistic',
    });
  };

  let services = build(requestedDir, createOsKeychain({ account: hostKeychainAccount(requestedDir) }), createOsKeychain({ account: `${hostKeychainAccount(requestedDir)}-practice` }));
  await services.ready;
  let ephemeralDir: string | null = null;
  if (services.session.state().state === 'unavailable' && ephemeralAllowed) {
    // `npm start` on a machine with no keychain session (a build server, a bare SSH shell): a
    // throwaway run whose key exists only in this process and whose files are deleted at exit.
    // Nothing persists, so nothing is left unencrypted or readable later. Never in the desktop app.
    await services.dispose();
    ephemeralDir = mkdtempSync(path.join(tmpdir(), 'carerelay-ephemeral-'));
    services = build(ephemeralDir, createMemoryKeychain(), createMemoryKeychain());
    await services.ready;
    console.log('CareRelay: no OS keychain is reachable here, so this browser-host run keeps nothing after it stops (training only).');
  }
  const state = services.session.state();
  if (state.state === 'unavailable') console.error(`CareRelay: ${state.problem ?? 'storage is not available.'}`);

  const host = await startBrowserHost({ rendererDir, bridgeFile, router: services.router, events: services.events, port: parsePort(process.argv) });
  origin = host.origin;
  console.log(`CareRelay is running in your browser (Electron is not available here). Open: ${host.url}`);

  const stop = async () => {
    await host.close();
    await services.dispose();
    if (ephemeralDir) rmSync(ephemeralDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'EADDRINUSE') console.error('CareRelay: that port is in use. Start with --port <another port> (or --port 0 for any free port).');
    else console.error(`CareRelay could not start: ${error instanceof Error ? error.message : 'unknown error'}`);
    process.exit(1);
  });
}
