/** The handler wrapper: sender checks, validation, size limits, policy, timeouts, envelopes (SEC-IPC-01..03). */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { channel, channels, type ChannelDef } from '../../shared/ipc';
import { createIpcRouter, IpcFailure, type CallSender, type Handlers } from './ipc-router';
import type { SessionView } from './access-policy';

const testContract = {
  'demo.echo': channel({
    request: z.object({ text: z.string().max(100) }).strict(),
    response: z.object({ text: z.string() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'echo',
  }),
  'demo.patient': channel({
    request: z.object({}).strict(),
    response: z.object({ name: z.string() }).strict(),
    phi: true,
    permission: 'patients.use',
    summary: 'phi',
  }),
  'demo.broken': channel({
    request: z.object({}).strict(),
    response: z.object({ n: z.number() }).strict(),
    phi: false,
    permission: 'public',
    summary: 'returns off-contract data',
  }),
  'demo.throws': channel({ request: z.object({}).strict(), response: z.object({}).strict(), phi: false, permission: 'public', summary: 'throws' }),
  'demo.typed': channel({ request: z.object({}).strict(), response: z.object({}).strict(), phi: false, permission: 'public', summary: 'typed failure' }),
  'demo.hangs': channel({ request: z.object({}).strict(), response: z.object({}).strict(), phi: false, permission: 'public', summary: 'never answers' }),
  'demo.bulk': channel({ request: z.object({ text: z.string() }).strict(), response: z.object({ length: z.number() }).strict(), phi: false, permission: 'public', summary: 'bulk', maxRequestBytes: 600_000 }),
} satisfies Record<string, ChannelDef>;

const handlers: Handlers<typeof testContract> = {
  'demo.echo': ({ text }) => ({ text }),
  'demo.patient': () => ({ name: 'Testy McSynthetic' }),
  'demo.broken': () => ({ n: 'not a number' }) as unknown as { n: number },
  'demo.throws': () => {
    throw new Error('secret internals at /home/someone/file.ts:12');
  },
  'demo.typed': () => {
    throw new IpcFailure('GATEWAY_OPTED_OUT', 'This patient has opted out of texts.');
  },
  'demo.hangs': () => new Promise(() => undefined),
  'demo.bulk': ({ text }) => ({ length: text.length }),
};

const trusted: CallSender = { transport: 'test', frameUrl: 'app://carerelay/index.html', isMainFrame: true };
// Node's URL gives non-special schemes an opaque origin ("null"): compare protocol and host.
const isTrustedSender = (s: CallSender) => {
  if (!s.isMainFrame || s.frameUrl === null) return false;
  const url = new URL(s.frameUrl);
  return url.protocol === 'app:' && url.host === 'carerelay';
};

function makeRouter(session: SessionView = { state: 'unlocked', permissions: new Set(['patients.use']) }, extra = {}) {
  const onFailure = vi.fn();
  const router = createIpcRouter({ contract: testContract, handlers, isTrustedSender, getSession: () => session, onFailure, handlerTimeoutMs: 50, ...extra });
  return { router, onFailure };
}

describe('ipc router', () => {
  it('answers a valid call with {ok:true,value}', async () => {
    const { router } = makeRouter();
    await expect(router.dispatch('demo.echo', { text: 'hi' }, trusted)).resolves.toEqual({ ok: true, value: { text: 'hi' } });
  });

  it.each([
    ['foreign origin', { transport: 'test', frameUrl: 'https://evil.test/', isMainFrame: true }],
    ['subframe of our origin', { transport: 'test', frameUrl: 'app://carerelay/index.html', isMainFrame: false }],
    ['no frame', { transport: 'test', frameUrl: null, isMainFrame: true }],
    ['file page', { transport: 'test', frameUrl: 'file:///etc/passwd', isMainFrame: true }],
  ] as const)('SEC-IPC-01: rejects a %s', async (_, sender) => {
    const { router } = makeRouter();
    const result = await router.dispatch('demo.echo', { text: 'hi' }, sender);
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) } });
  });

  it('treats a throwing sender check as untrusted', async () => {
    const { router } = makeRouter({ state: 'unlocked', permissions: new Set() }, { isTrustedSender: () => { throw new Error('x'); } });
    expect((await router.dispatch('demo.echo', { text: 'a' }, trusted)).ok).toBe(false);
  });

  it.each([
    ['unknown name', 'demo.nothing'],
    ['prototype key', '__proto__'],
    ['toString', 'toString'],
    ['non-string', 42],
    ['huge name', 'x'.repeat(10_000)],
  ])('rejects an unknown channel (%s)', async (_, name) => {
    const { router } = makeRouter();
    const result = await router.dispatch(name, {}, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it.each([
    ['wrong type', { text: 5 }],
    ['extra key', { text: 'a', admin: true }],
    ['oversized string field', { text: 'a'.repeat(101) }],
    ['null', null],
    ['array', ['a']],
    ['string', 'text'],
  ])('SEC-IPC-02: rejects a malformed payload (%s) without a stack trace', async (_, payload) => {
    const { router } = makeRouter();
    const result = await router.dispatch('demo.echo', payload, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts|Error:|stack/i);
  });

  it('rejects payloads that are not plain data', async () => {
    const { router } = makeRouter();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await router.dispatch('demo.echo', cyclic, trusted)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await router.dispatch('demo.echo', { text: 10n }, trusted)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('a channel may carry more than the default limit, up to its own', async () => {
    const { router } = makeRouter();
    expect(await router.dispatch('demo.bulk', { text: 'x'.repeat(500_000) }, trusted)).toEqual({ ok: true, value: { length: 500_000 } });
    expect(await router.dispatch('demo.bulk', { text: 'x'.repeat(700_000) }, trusted)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await router.dispatch('demo.echo', { text: 'x'.repeat(500_000) }, trusted)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('rejects an oversized payload before validating it', async () => {
    const { router } = makeRouter();
    const parse = vi.spyOn(testContract['demo.echo'].request, 'safeParse');
    const result = await router.dispatch('demo.echo', { text: 'é'.repeat(200_000) }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(parse).not.toHaveBeenCalled();
  });

  it('SEC-IPC-03: a PHI channel answers LOCKED while locked; a public channel still works', async () => {
    const { router } = makeRouter({ state: 'locked', permissions: new Set(['patients.use']) });
    expect(await router.dispatch('demo.patient', {}, trusted)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await router.dispatch('demo.echo', { text: 'a' }, trusted)).toMatchObject({ ok: true });
  });

  it('needs a signed-in user and the permission for non-public channels', async () => {
    expect(await makeRouter({ state: 'signed-out', permissions: new Set() }).router.dispatch('demo.patient', {}, trusted)).toMatchObject({
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await makeRouter({ state: 'unlocked', permissions: new Set() }).router.dispatch('demo.patient', {}, trusted)).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('answers INTERNAL, without internals, when a handler throws or answers off-contract', async () => {
    const { router, onFailure } = makeRouter();
    const thrown = await router.dispatch('demo.throws', {}, trusted);
    expect(thrown).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(thrown)).not.toContain('/home/');
    expect(await router.dispatch('demo.broken', {}, trusted)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(onFailure).toHaveBeenCalledWith('demo.throws', 'INTERNAL', expect.any(Error));
  });

  it('passes a typed handler failure through', async () => {
    const { router } = makeRouter();
    expect(await router.dispatch('demo.typed', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'GATEWAY_OPTED_OUT', message: 'This patient has opted out of texts.' },
    });
  });

  it('never hangs: a handler that never answers times out', async () => {
    const { router } = makeRouter();
    expect(await router.dispatch('demo.hangs', {}, trusted)).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('SEC-IPC-03 over the real contract: every PHI channel answers LOCKED while locked', async () => {
    const router = createIpcRouter({
      contract: channels,
      handlers: Object.fromEntries(Object.keys(channels).map((n) => [n, () => { throw new Error('must not run'); }])) as never,
      isTrustedSender,
      getSession: () => ({ state: 'locked', permissions: new Set() }),
    });
    for (const [name, def] of Object.entries(channels) as [string, ChannelDef][]) {
      const result = await router.dispatch(name, {}, trusted);
      if (def.phi) expect(result, name).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    }
  });
});
