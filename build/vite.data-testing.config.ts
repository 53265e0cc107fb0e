/**
 * Vite build of the practice database's test-only pages (renderer/data/testing/): the browser
 * harness the end-to-end spec drives and the benchmark page `npm run bench:db` runs. Output goes
 * to dist/testing/data/, which electron-builder.yml never packs (only dist/main, dist/preload and
 * dist/renderer ship; build/scripts/check-package.mjs asserts it). Not part of `npm run build`'s
 * app output: `npm run bench:db` and renderer/e2e/practice-db.e2e.ts build it when they start.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('../renderer/data/testing/', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/testing/data/', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  envPrefix: 'VITE_',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    minify: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        bench: fileURLToPath(new URL('../renderer/data/testing/bench.html', import.meta.url)),
        harness: fileURLToPath(new URL('../renderer/data/testing/harness.html', import.meta.url)),
      },
    },
  },
});
