import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { diagnosticsHooks, errorFacts, installCrashGuards } from './diagnostics-hooks';

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
  ['(unknown)', 'FORBIDDEN_SENDER', true],
])('logs the IPC failure %s %s: %s', async (channel, code, logged) => {
  diagnosticsHooks(dir).onFailure(channel, code);
  const text = await readFile(join(dir, 'logs', 'carerelay.log'), 'utf8').catch(() => '');
  expect(text.includes(`${channel}: ${code}`)).toBe(logged);
});

it('logs renderer problems under their scope as class and code; a name or code of the wrong shape is not written', async () => {
  const d = diagnosticsHooks(dir);
  d.onRendererProblem('uncaught', 'TypeError', 'E_SYNTHETIC');
  d.onRendererProblem('uncaught', 'Synthetic Patient +15555550123', 'call 555 0123');
  const text = await readFile(join(dir, 'logs', 'carerelay.log'), 'utf8');
  expect(text).toContain('renderer.uncaught');
  expect(text).toContain('TypeError: E_SYNTHETIC');
  expect(text).not.toContain('5555550123');
  expect(text).not.toContain('Synthetic Patient');
});

it.each<[string, unknown, { name: string; code: string }]>([
  ['an Error', new TypeError('Synthetic Patient at +15555550123'), { name: 'TypeError', code: '' }],
  ['a Node error with a code', Object.assign(new Error('ENOENT: /home/synthetic/x'), { code: 'ENOENT' }), { name: 'Error', code: 'ENOENT' }],
  ['a numeric code', Object.assign(new Error('x'), { code: 21610 }), { name: 'Error', code: '21610' }],
  ['a hostile name', Object.assign(new Error('x'), { name: 'Maria Synthetic called' }), { name: 'Error', code: '' }],
  ['a string thrown', 'Synthetic text body', { name: 'String', code: '' }],
  ['undefined', undefined, { name: 'NonError', code: '' }],
])('errorFacts keeps only the class and code of %s', (_label, error, facts) => {
  expect(errorFacts(error)).toEqual(facts);
});

it("main's uncaught errors and rejections are caught, logged by class and code, and listed in the PHI-free bundle", async () => {
  const d = diagnosticsHooks(dir, { version: '9.9.9', host: 'electron', versions: { electron: '45.5.0', chrome: '156', node: '22' }, now: () => new Date('2026-12-02T10:00:00Z') });
  const proc = new EventEmitter();
  const uninstall = installCrashGuards(proc, d);
  proc.emit('uncaughtException', new RangeError('Synthetic Patient +15555550123 said: my results?'));
  proc.emit('unhandledRejection', Object.assign(new Error('Synthetic'), { code: 'ECONNRESET' }));
  uninstall();
  expect(proc.listenerCount('uncaughtException')).toBe(0);
  const text = await readFile(join(dir, 'logs', 'carerelay.log'), 'utf8');
  expect(text).toContain('main.uncaught');
  expect(text).toContain('RangeError');
  expect(text).toContain('ECONNRESET');
  expect(text).not.toMatch(/Synthetic|5555550123|results/);
  const bundle = d.bundle({ gateway: 'sandbox online', queueDepth: 2 });
  expect(bundle).toContain('app: 9.9.9 (electron host)');
  expect(bundle).toContain('electron: 45.5.0');
  expect(bundle).toContain('queueDepth: 2');
  expect(bundle).toMatch(/main\.uncaught RangeError\n.*main\.unhandled-rejection Error ECONNRESET/);
  expect(bundle).not.toMatch(/Synthetic|5555550123|results/);
});

it('a refused sender’s made-up channel name is not written as given', async () => {
  const d = diagnosticsHooks(dir);
  d.onFailure('Synthetic Patient\nsaid +15555550123', 'FORBIDDEN_SENDER');
  const text = await readFile(join(dir, 'logs', 'carerelay.log'), 'utf8');
  expect(text).toContain('(unknown): FORBIDDEN_SENDER');
  expect(text).not.toMatch(/Synthetic|5555550123/);
  expect(d.bundle()).not.toMatch(/Synthetic|5555550123/);
});
