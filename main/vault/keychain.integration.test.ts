/**
 * SEC-KEY-01 against the real OS keychain (Linux Secret Service via gnome-keyring).
 * Runs only with a session bus, e.g.:
 *   dbus-run-session -- bash -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
 *     npx vitest run --config build/vitest.config.ts main/vault'
 * The "unavailable" cases run in child processes whose bus address points nowhere, so they
 * exercise the real native library's failure, not a stand-in.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOsKeychain } from './keychain';
import { openVault } from './vault';
import { VaultUnavailableError } from './vault-errors';

const busAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
const reason = 'DBUS_SESSION_BUS_ADDRESS is not set: no Secret Service to test against (run under dbus-run-session with gnome-keyring)';
if (!busAddress) console.warn(`[skipped] real keychain tests: ${reason}`);

// A unique service name per run so the test never touches a real CareRelay entry.
const service = `CareRelay-test-${randomUUID()}`;
let root: string;
let childScript: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'carerelay-keychain-'));
  const keyringEntry = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  childScript = join(root, 'child.mjs');
  await build({
    stdin: {
      contents: `
        import { createOsKeychain } from ${JSON.stringify(fileURLToPath(new URL('./keychain.ts', import.meta.url)))};
        import { openVault } from ${JSON.stringify(fileURLToPath(new URL('./vault.ts', import.meta.url)))};
        const [service, storeDir] = process.argv.slice(2);
        try {
          await openVault({ keychain: createOsKeychain({ service }), storeDir });
          console.log(JSON.stringify({ opened: true }));
        } catch (err) {
          console.log(JSON.stringify({ name: err.name, code: err.code, message: err.message }));
        }`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: childScript,
    logLevel: 'silent',
    plugins: [
      {
        name: 'native-keyring-external',
        setup(b) {
          b.onResolve({ filter: /^@napi-rs\/keyring$/ }, () => ({ path: pathToFileURL(keyringEntry).href, external: true }));
        },
      },
    ],
  });
});

afterAll(async () => {
  if (busAddress) await createOsKeychain({ service }).remove().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

function runChild(env: NodeJS.ProcessEnv, storeDir: string): { name?: string; code?: string; message?: string; opened?: boolean } {
  const out = spawnSync(process.execPath, [childScript, service, storeDir], { env, encoding: 'utf8', timeout: 15_000 });
  const last = out.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as { name?: string; code?: string };
}

describe('vault against an unreachable keychain (real native library)', () => {
  it('a bus address that points nowhere refuses with VaultUnavailableError, no plaintext fallback', async () => {
    const storeDir = join(root, 'unreachable');
    const result = runChild({ ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-such-socket')}` }, storeDir);
    expect(result.name).toBe('VaultUnavailableError');
    expect(result.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.message).toMatch(/will not open patient data/);
  });

  it('no session bus at all refuses too', () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const result = runChild(env, join(root, 'nobus'));
    expect(result.name).toBe('VaultUnavailableError');
    expect(['KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_REFUSED']).toContain(result.code);
  });
});

const hasDbusRunSession = spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0;

describe.skipIf(!hasDbusRunSession)('vault against a locked Secret Service (real gnome-keyring, never unlocked)', () => {
  it('refuses with KEYCHAIN_LOCKED and creates no key', () => {
    // A private bus whose keyring daemon is activated on demand but never unlocked; with no
    // display the unlock prompt is dismissed, as when a user cancels it.
    const out = spawnSync('dbus-run-session', ['--', process.execPath, childScript, service, join(root, 'locked')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const last = out.stdout.trim().split('\n').pop() ?? '';
    const result = JSON.parse(last) as { name?: string; code?: string };
    expect(result.name).toBe('VaultUnavailableError');
    expect(result.code).toBe('KEYCHAIN_LOCKED');
  });
});

describe.skipIf(!busAddress)(`vault against the real Secret Service${busAddress ? '' : ` (skipped: ${reason})`}`, () => {
  it('creates, reads back and wipes the master secret', async () => {
    const keychain = createOsKeychain({ service });
    const storeDir = join(root, 'real');
    const first = await openVault({ keychain, storeDir });
    expect(first.created).toBe(true);
    const stored = await keychain.read();
    expect(Buffer.from(stored ?? '', 'base64')).toHaveLength(32);

    await mkdir(storeDir, { recursive: true });
    await writeFile(join(storeDir, 'config.crs'), 'x');
    const second = await openVault({ keychain, storeDir });
    expect(second.created).toBe(false);
    expect(second.auditMacKey().equals(first.auditMacKey())).toBe(true);

    // A child process (another app start) sees the same secret.
    expect(runChild(process.env, storeDir)).toEqual({ opened: true });

    await second.wipe();
    expect(await keychain.read()).toBeNull();
  });

  it('refuses KEY_MISSING when the entry is deleted but stores remain', async () => {
    const keychain = createOsKeychain({ service });
    const storeDir = join(root, 'missing');
    await openVault({ keychain, storeDir });
    await mkdir(storeDir, { recursive: true });
    await writeFile(join(storeDir, 'accounts.crs'), 'x');
    await keychain.remove();
    const err = await openVault({ keychain, storeDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultUnavailableError);
    expect((err as VaultUnavailableError).code).toBe('KEY_MISSING');
    expect(await keychain.read()).toBeNull();
  });
});
