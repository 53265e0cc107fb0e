import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { diagnosticsHooks } from './diagnostics-hooks';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carerelay-diag-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it.each([
  ['practice.open', 'INTERNAL', true],
  ['users.list', 'FORBIDDEN_SENDER', true],
  ['startup', 'KEYCHAIN_LOCKED', true],
  ['session.signIn', 'INVALID_CREDENTIALS', false],
  ['practiceDb.releaseKeys', 'LOCKED', false],
])('logs the IPC failure %s %s: %s', async (channel, code, logged) => {
  diagnosticsHooks(dir).onFailure(channel, code);
  const text = await readFile(join(dir, 'logs', 'carerelay.log'), 'utf8').catch(() => '');
  expect(text.includes(`${channel}: ${code}`)).toBe(logged);
});

it('logs renderer problems under their scope, redacted', async () => {
  diagnosticsHooks(dir).onRendererProblem('uncaught', 'TypeError: failed for +15555550123');
  const text = await readFile(join(dir, 'logs', 'carerelay.log'), 'utf8');
  expect(text).toContain('renderer.uncaught');
  expect(text).not.toContain('5555550123');
});
