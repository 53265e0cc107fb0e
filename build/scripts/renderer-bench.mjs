/**
 * Runs one benchmark that drives the real renderer (build/bench/<name>.bench.ts) in Debian's
 * Chromium through the browser host, after building the app: inside a throwaway unlocked
 * keyring on Linux (the host keeps its keys in the OS keychain), BENCH_QUICK=1 for --quick.
 * Returns the figures the spec wrote to test-results/bench/<name>.json, or exits 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function runRendererBench(name) {
  const quick = process.argv.includes('--quick');
  const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
  if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
  const result = path.join(root, `test-results/bench/${name}.json`);
  rmSync(result, { force: true });
  const playwright = ['npx', 'playwright', 'test', '--config', 'build/playwright.bench.config.ts', `${name}.bench.ts`];
  const keyringTools = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every((p) => existsSync(p));
  const env = { BENCH_QUICK: quick ? '1' : '0' };
  const status =
    process.platform === 'linux' && keyringTools && !process.env.CARERELAY_TEST_KEYRING
      ? run('bash', ['build/scripts/with-keyring.sh', ...playwright], env)
      : run(playwright[0], playwright.slice(1), env);
  if (status !== 0 || !existsSync(result)) {
    console.error(`[bench:${name}] the benchmark did not finish.`);
    process.exit(1);
  }
  return JSON.parse(readFileSync(result, 'utf8'));
}
