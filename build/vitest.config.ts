/**
 * Unit tests: every `*.test.ts` beside the code, run under Node. Electron is never loaded:
 * tests that touch Electron code stand in for the `electron` module.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Tests that measure wall-clock behaviour (pacing rate, SIGKILL crash loops). `npm test` runs
 * them on their own, one file at a time, after the rest, so a busy sibling worker cannot skew
 * a rate measurement: CARERELAY_TESTS=fast leaves them out, CARERELAY_TESTS=timing runs only them.
 */
export const TIMING_TESTS = ['main/sync/sync-engine.test.ts', 'main/sync/sync-crash.test.ts', 'main/store/encrypted-file-store.crash.test.ts'];
const ALL = ['main/**/*.test.ts', 'preload/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'build/**/*.test.ts'];
const mode = process.env.CARERELAY_TESTS ?? 'all';

export default defineConfig({
  root,
  test: {
    include: mode === 'timing' ? TIMING_TESTS : ALL,
    exclude: ['**/node_modules/**', 'dist/**', 'renderer/e2e/**', ...(mode === 'fast' ? TIMING_TESTS : [])],
    environment: 'node',
    pool: 'forks',
    maxWorkers: mode === 'timing' ? 1 : 2,
    fileParallelism: mode !== 'timing',
    testTimeout: 20_000,
  },
});
