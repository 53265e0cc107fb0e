/**
 * Vite build for the renderer: root `renderer/`, output `dist/renderer`, relative asset paths
 * (served from `app://` in Electron and from 127.0.0.1 by the browser host). Production builds
 * carry no source maps, no inline scripts (the CSP allows only 'self'), no module-preload
 * polyfill (it would be an inline script), no inlined assets, and no external fonts or CDNs.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('../renderer/', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

export default defineConfig(({ command }) => ({
  root: rendererRoot,
  base: './',
  publicDir: false,
  plugins: [react()],
  // Only VITE_-prefixed variables could reach the bundle; the renderer reads none.
  envPrefix: 'VITE_',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: command === 'serve',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 700,
    // CARERELAY_UNMINIFIED=1: readable function names in CPU profiles (BENCH_PROFILE=1 npm run bench:campaign).
    minify: process.env.CARERELAY_UNMINIFIED !== '1',
  },
  server: {
    host: '127.0.0.1',
    strictPort: true,
  },
}));
