// `npm start`: builds when the sources are newer than the last build, then opens the Electron
// app where the Electron binary is installed, or starts the browser host where it is not
// (saying so in one line and printing the address to open).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stamp = path.join(root, 'dist/.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return ['main', 'preload', 'renderer', 'shared', 'build'].some((d) => newestSource(path.join(root, d)) > built);
}

/** The Electron executable's path, or null where the binary was not downloaded. */
function electronBinary() {
  try {
    const candidate = createRequire(import.meta.url)('electron');
    return typeof candidate === 'string' && existsSync(candidate) ? candidate : null;
  } catch {
    return null;
  }
}

if (needsBuild()) {
  console.log('Building CareRelay…');
  await buildAll({ quiet: true });
}

const electron = electronBinary();
const [command, args] = electron
  ? [electron, [root]]
  : [process.execPath, [path.join(root, 'dist/host/browser-host.cjs'), ...process.argv.slice(2)]];
const child = spawn(command, args, { stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
