/**
 * Starts the browser host from the built app on a free loopback port, as a person would with
 * `npm start` here, reads the address it prints, and hands it to the specs as CARERELAY_E2E_URL.
 * Stops it when the run ends.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function globalSetup(): Promise<() => Promise<void>> {
  const entry = path.join(root, 'dist/host/browser-host.cjs');
  if (!existsSync(entry)) throw new Error('The app is not built: run "npm run build" before the end-to-end tests.');
  const child = spawn(process.execPath, [entry, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser host did not start in time:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The browser host exited (${code}):\n${output}`));
    });
  });
  process.env.CARERELAY_E2E_URL = url;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}
