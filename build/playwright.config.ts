/**
 * End-to-end tests: the real renderer build in Debian's Chromium (never a downloaded browser),
 * served by the browser host with the same main services. Screenshots are kept on failure.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  testDir: `${root}/renderer/e2e`,
  testMatch: '**/*.e2e.ts',
  outputDir: `${root}/test-results/e2e`,
  globalSetup: `${root}/build/e2e-global-setup.ts`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 75_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  projects: [
    // First run of the practice: the wizard creates the administrator the other specs use.
    { name: 'first-run', testMatch: '**/first-run.e2e.ts' },
    { name: 'app', testMatch: '**/*.e2e.ts', testIgnore: '**/first-run.e2e.ts', dependencies: ['first-run'] },
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    },
  },
});
