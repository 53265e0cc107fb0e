// `npm start`: builds when the sources are newer than the last build, then opens the Electron
// app where the Electron binary is installed, or starts the browser host where it is not
// (saying so in one line and printing the address to open).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * The Electron executable's path, or null where the binary was not downloaded. Reads the
 * package's path.txt itself: requiring `electron` would try to download the binary.
 */
function electronBinary() {
  const pkgDir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const candidate = path.join(distDir, relative);
  return relative && existsSync(candidate) ? candidate : null;
}

if (needsBuild()) {
  console.log('Building CareRelay…');
  await buildAll({ quiet: true });
}

/**
 * npm 11 skips Electron's download step during install (package.json allowScripts), so the
 * first start tries it once, quietly: where the network allows, the desktop app opens; where it
 * does not (as on the build machines), it fails at once and the browser host starts instead.
 */
function tryDownloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return null;
  const installer = path.join(root, 'node_modules/electron/install.js');
  if (!existsSync(installer)) return null;
  const result = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 });
  return result.status === 0 ? electronBinary() : null;
}

const electron = electronBinary() ?? tryDownloadElectron();
const [command, args] = electron
  ? [electron, [root]]
  : [process.execPath, [path.join(root, 'dist/host/browser-host.cjs'), '--ephemeral-if-no-keychain', ...process.argv.slice(2)]];
const child = spawn(command, args, { stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
