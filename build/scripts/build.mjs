// Builds the one folder electron-builder packages (dist/): main and the browser host bundled
// with esbuild, the Electron preload and the browser bridge bundled for the page, and the
// renderer with Vite. Writes dist/.build-stamp so `npm start` can tell whether to rebuild.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const production = process.env.NODE_ENV !== 'development';

const common = {
  bundle: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  define: {
    __CARERELAY_VERSION__: JSON.stringify(pkg.version),
    // The update feed a release build checks (an https URL or github:owner/repo); empty: updates off.
    __CARERELAY_UPDATE_FEED__: JSON.stringify(process.env.CARERELAY_UPDATE_FEED ?? ''),
    'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development'),
  },
};

export async function buildAll({ quiet = false } = {}) {
  const started = Date.now();
  for (const sub of ['main', 'preload', 'host', 'renderer']) rmSync(path.join(dist, sub), { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });

  await Promise.all([
    // Electron main process.
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'main/index.ts')],
      outfile: path.join(dist, 'main/index.cjs'),
      // Keeps the security scanner's reasoned suppressions (`// eng-disable … @preserve`) in the shipped main (SEC-SCAN-01).
      legalComments: 'inline',
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron', '@napi-rs/keyring', 'electron-updater'],
    }),
    // Browser host: the same services under plain Node; never packaged.
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'main/host/browser-host.ts')],
      outfile: path.join(dist, 'host/browser-host.cjs'),
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron', '@napi-rs/keyring'],
    }),
    // Sandboxed Electron preload: one CommonJS file, only `electron` left to require.
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'preload/electron-preload.ts')],
      outfile: path.join(dist, 'preload/index.cjs'),
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
    }),
    // Browser host's bridge: a classic script that runs before the renderer.
    esbuild({
      ...common,
      entryPoints: [path.join(root, 'preload/browser-bridge.ts')],
      outfile: path.join(dist, 'preload/browser-bridge.js'),
      platform: 'browser',
      format: 'iife',
      target: 'chrome130',
      minify: production,
    }),
  ]);

  await viteBuild({ configFile: path.join(root, 'build/vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  writeFileSync(path.join(dist, '.build-stamp'), JSON.stringify({ builtAt: new Date().toISOString(), version: pkg.version }));
  if (!quiet) console.log(`CareRelay built into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAll().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
