#!/usr/bin/env node
/**
 * npm run bench:inbox — opening a conversation and scrolling the queue over the database
 * benchmark's dataset (20,000 conversations, 200,000 messages), in Debian's Chromium through the
 * browser host (build/bench/inbox.bench.ts). Builds the app first. Prints progress, then as its
 * LAST line: {"open_thread_ms": N, "max_long_task_ms": N}. --quick: a tenth of the dataset.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
const result = path.join(root, 'test-results/bench/inbox.json');
rmSync(result, { force: true });
const playwright = ['npx', 'playwright', 'test', '--config', 'build/playwright.bench.config.ts'];
// The host keeps its keys in the OS keychain: on Linux, a throwaway unlocked keyring.
const keyringTools = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every((p) => existsSync(p));
const status =
  process.platform === 'linux' && keyringTools && !process.env.CARERELAY_TEST_KEYRING
    ? run('bash', ['build/scripts/with-keyring.sh', ...playwright], { BENCH_QUICK: quick ? '1' : '0' })
    : run(playwright[0], playwright.slice(1), { BENCH_QUICK: quick ? '1' : '0' });
if (status !== 0 || !existsSync(result)) {
  console.error('[bench:inbox] the benchmark did not finish.');
  process.exit(1);
}
const figures = JSON.parse(readFileSync(result, 'utf8'));
console.log(`[bench:inbox] dataset: ${JSON.stringify(figures.sizes)}${figures.quick ? ' (quick)' : ''}`);
console.log(JSON.stringify({ open_thread_ms: figures.open_thread_ms, max_long_task_ms: figures.max_long_task_ms }));
