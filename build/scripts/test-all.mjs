// `npm test`: the one test command. Type-check, lint (with the process-boundary rules), unit
// tests, build, end-to-end tests in Debian's Chromium through the browser host, and the
// packaging sanity check. Stops at the first failing step and says which.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The vault and end-to-end tests use the OS keychain. On Linux, run everything inside a private
// D-Bus session with a throwaway unlocked keyring, so tests never touch a person's own keyring.
const here = path.dirname(fileURLToPath(import.meta.url));
const haveKeyringTools = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every((p) => existsSync(p));
if (process.platform === 'linux' && !process.env.CARERELAY_TEST_KEYRING && haveKeyringTools) {
  const wrapped = spawnSync('bash', [path.join(here, 'with-keyring.sh'), process.execPath, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(wrapped.status ?? 1);
}

const steps = [
  ['type-check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['security scan (Electronegativity, Electron support window, npm audit)', 'npm', ['run', '--silent', 'security:scan']],
  ['unit tests', 'npm', ['run', '--silent', 'test:unit'], { CARERELAY_TESTS: 'fast' }],
  ['timing-sensitive unit tests (one at a time)', 'npm', ['run', '--silent', 'test:unit'], { CARERELAY_TESTS: 'timing' }],
  ['build', 'npm', ['run', '--silent', 'build']],
  ['end-to-end tests', 'npm', ['run', '--silent', 'test:e2e']],
  ['packaging sanity', 'npm', ['run', '--silent', 'test:package']],
];

const started = Date.now();
const timings = [];
for (const [name, command, args, env = {}] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    console.error(`\nnpm test: ${name} failed.`);
    process.exit(result.status ?? 1);
  }
}
console.log(`\nnpm test: all steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s (${timings.join(', ')})`);
