/** Benchmarks that drive the real renderer (npm run bench:inbox); never part of npm test. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: `${root}/build/bench`,
  testMatch: '**/*.bench.ts',
  outputDir: `${root}/test-results/bench-output`,
  workers: 1,
  retries: 0,
  timeout: 30 * 60_000,
  reporter: [['list']],
});
