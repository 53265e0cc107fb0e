/**
 * Starts a browser host from the built app, as `npm start` would, on a free loopback port with
 * its own fresh data folder, and reads the address it prints. Used by the end-to-end global
 * setup and by specs that need a host of their own (a shortened idle lock).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface RunningHost {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
  /** Kills the host at once (SIGKILL: no shutdown, no hand-over), as a crash or a pulled plug would. */
  kill(): Promise<void>;
}

export async function startTestHost(env: Record<string, string> = {}): Promise<RunningHost> {
  const entry = path.join(root, 'dist/host/browser-host.cjs');
  if (!existsSync(entry)) throw new Error('The app is not built: run "npm run build" before the end-to-end tests.');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'carerelay-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [entry, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser host did not start in time:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The browser host exited (${code}):\n${output}`));
    });
  });
  if (/keychain/i.test(output) && /will not open/i.test(output)) {
    child.kill('SIGTERM');
    throw new Error(`The end-to-end tests need the OS keychain (run them inside dbus-run-session with gnome-keyring, as .ci/run does):\n${output}`);
  }
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    },
  };
}
