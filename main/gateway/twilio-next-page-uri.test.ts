/**
 * Security review finding: the list pagination followed any `next_page_uri` on the gateway's
 * host, another account's path or a page it had already fetched included. Now a link is followed
 * only to this account's Messages list on the configured origin (the rule, table-tested through
 * `resolvePageLink`), a repeated link ends the listing (PAGE_LOOP) and no listing goes past
 * MAX_LIST_PAGES. The client is driven against a scripted gateway on 127.0.0.1 whose answers carry
 * the links under test, and against the sandbox gateway for an ordinary multi-page listing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, FAST_TIMING, type SandboxGateway } from './sandbox/sandbox-gateway';
import { createTwilioClient, MAX_LIST_PAGES, resolvePageLink, type TwilioClient } from './twilio-client';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const OTHER = `AC${'2'.repeat(32)}`;
const LIST = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;
/** The first request a scripted listing received (the page a repeated link returns to). */
let first: string | null = null;
const PAGE_1 = `${LIST}?To=%2B12025550101&PageSize=50&Page=1&PageToken=PASM${'a'.repeat(32)}`;

describe('next_page_uri rule: only this account’s Messages list on the configured origin', () => {
  const base = new URL('https://api.twilio.com');
  it.each<[string, string, string | null]>([
    ['relative, with a query', PAGE_1, `https://api.twilio.com${PAGE_1}`],
    ['relative, no query', LIST, `https://api.twilio.com${LIST}`],
    ['absolute on the same origin', `https://api.twilio.com${PAGE_1}`, `https://api.twilio.com${PAGE_1}`],
    ['other account path', `/2010-04-01/Accounts/${OTHER}/Messages.json?Page=1`, null],
    ['other account, absolute', `https://api.twilio.com/2010-04-01/Accounts/${OTHER}/Messages.json?Page=1`, null],
    ['other resource: Calls', `/2010-04-01/Accounts/${ACCOUNT}/Calls.json?Page=1`, null],
    ['other resource: one message', `/2010-04-01/Accounts/${ACCOUNT}/Messages/SM${'a'.repeat(32)}.json`, null],
    ['other resource: the account', `/2010-04-01/Accounts/${ACCOUNT}.json`, null],
    ['other resource: another API version', `/2099-01-01/Accounts/${ACCOUNT}/Messages.json`, null],
    ['other resource: Messages without .json', `/2010-04-01/Accounts/${ACCOUNT}/Messages?Page=1`, null],
    ['other host', `https://evil.example${PAGE_1}`, null],
    ['other host, scheme-relative', `//evil.example${PAGE_1}`, null],
    ['other port', `https://api.twilio.com:8443${PAGE_1}`, null],
    ['scheme downgrade to http', `http://api.twilio.com${PAGE_1}`, null],
    ['userinfo', `https://user:pass@api.twilio.com${PAGE_1}`, null],
    ['userinfo on another host', `https://api.twilio.com@evil.example${PAGE_1}`, null],
    ['encoded traversal: %2F', `/2010-04-01/Accounts/${OTHER}%2F..%2F${ACCOUNT}/Messages.json`, null],
    ['encoded traversal: %2e%2e', `/2010-04-01/Accounts/${OTHER}/%2e%2e/${ACCOUNT}/Messages.json`, null],
    ['dot-dot that normalises back to this account', `/2010-04-01/Accounts/${OTHER}/../${ACCOUNT}/Messages.json`, null],
    ['dot-dot out of this account', `/2010-04-01/Accounts/${ACCOUNT}/Messages.json/../../${OTHER}/Messages.json`, null],
    ['dot segment', `/2010-04-01/Accounts/${ACCOUNT}/./Messages.json`, null],
    ['encoded letter', `/2010-04-01/Accounts/${ACCOUNT}/Me%73sages.json`, null],
    ['doubled slash', `/2010-04-01//Accounts/${ACCOUNT}/Messages.json`, null],
    ['backslash', `\\2010-04-01\\Accounts\\${ACCOUNT}\\Messages.json`, null],
    ['fragment', `${PAGE_1}#x`, null],
    ['newline', `${LIST}\n?Page=1`, null],
    ['non-ASCII look-alike (fullwidth solidus)', `/2010-04-01/Accounts/${ACCOUNT}\uFF0FMessages.json`, null],
    ['relative without a leading slash', `Messages.json?Page=1`, null],
    ['empty path, query only', `?Page=1`, null],
    ['far too long', `${LIST}?PageToken=${'A'.repeat(5000)}`, null],
  ])('%s', (_name, link, expected) => {
    expect(resolvePageLink(link, base, ACCOUNT)?.href ?? null).toBe(expected);
  });

  const prefixed = new URL('https://clinic.signalwire.example/api/laml');
  it.each<[string, string, string | null]>([
    ['with the base path', `/api/laml${PAGE_1}`, `https://clinic.signalwire.example/api/laml${PAGE_1}`],
    ['without the base path (it is added, as to every request)', PAGE_1, `https://clinic.signalwire.example/api/laml${PAGE_1}`],
    ['absolute with the base path', `https://clinic.signalwire.example/api/laml${PAGE_1}`, `https://clinic.signalwire.example/api/laml${PAGE_1}`],
    ['under another base path', `/api/other${PAGE_1}`, null],
    ['climbing out of the base path', `/api/laml/..${PAGE_1}`, null],
  ])('base URL with a path: %s', (_name, link, expected) => {
    expect(resolvePageLink(link, prefixed, ACCOUNT)?.href ?? null).toBe(expected);
  });
});

/** A gateway that answers every list request with no messages and the link `linkFor` gives. */
async function scriptedGateway(linkFor: (requested: string, self: string) => string | null) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const text = JSON.stringify({ messages: [], next_page_uri: linkFor(req.url ?? '', self) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: self, requests, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('next_page_uri pagination through the client (security review finding)', () => {
  let elsewhere: Awaited<ReturnType<typeof scriptedGateway>>;
  beforeAll(async () => {
    elsewhere = await scriptedGateway(() => null);
  });
  afterAll(() => elsewhere.close());

  const clientFor = (url: string): TwilioClient => createTwilioClient({ baseUrl: url, accountSid: ACCOUNT, username: 'SKtest', password: 'secret-never-logged', timeoutMs: 2000, allowLoopbackHttp: true });

  it.each<[string, (requested: string, self: string) => string | null, string, number]>([
    ['other account path', () => `/2010-04-01/Accounts/${OTHER}/Messages.json?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['other resource', () => `/2010-04-01/Accounts/${ACCOUNT}/Calls.json?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['other host', () => `${elsewhere.url}${LIST}?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['same host under another name', (_r, self) => `${self.replace('127.0.0.1', 'localhost')}${LIST}?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['scheme change', (_r, self) => `${self.replace('http:', 'https:')}${LIST}?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['encoded traversal', () => `/2010-04-01/Accounts/${OTHER}%2F..%2F${ACCOUNT}/Messages.json?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['dot-dot traversal', () => `/2010-04-01/Accounts/${OTHER}/../${ACCOUNT}/Messages.json?To=%2B12025550101&Page=1`, 'BAD_PAGE_LINK', 1],
    ['link to the page just fetched (A→A)', (requested) => requested, 'PAGE_LOOP', 1],
    ['repeated link (A→B→A)', (requested) => (requested.includes('Page=1') ? first! : `${LIST}?To=%2B12025550101&PageSize=50&Page=1`), 'PAGE_LOOP', 2],
    ['repeated link, absolute (A→B→A)', (requested, self) => (requested.includes('Page=1') ? `${self}${first!}` : `${self}${LIST}?To=%2B12025550101&PageSize=50&Page=1`), 'PAGE_LOOP', 2],
  ])('%s: the listing stops with a typed failure', async (_name, linkFor, detail, fetched) => {
    first = null;
    const gateway = await scriptedGateway((requested, self) => {
      first ??= requested;
      return linkFor(requested, self);
    });
    try {
      let visited = 0;
      const result = await clientFor(gateway.url).list({ to: '+12025550101', pageSize: 50 }, () => void visited++);
      expect(result).toMatchObject({ ok: false, error: { kind: 'ambiguous', detail, maybeDelivered: false } });
      expect(visited).toBe(fetched);
      expect(gateway.requests).toHaveLength(fetched);
      expect(elsewhere.requests).toEqual([]);
      // The failure names no link, query value, phone number or secret.
      const text = JSON.stringify(result);
      for (const secret of ['12025550101', 'Accounts', 'Page=', '127.0.0.1', 'secret-never-logged']) expect(text).not.toContain(secret);
    } finally {
      await gateway.close();
    }
  });

  it('an endless run of fresh links stops at MAX_LIST_PAGES, whatever the caller asks', async () => {
    const gateway = await scriptedGateway((requested) => `${LIST}?PageSize=1&Page=${Number(new URL(requested, 'http://x').searchParams.get('Page') ?? 0) + 1}`);
    try {
      const result = await clientFor(gateway.url).list({ pageSize: 1 }, () => true, Number.POSITIVE_INFINITY);
      expect(result).toEqual({ ok: true, value: { pages: MAX_LIST_PAGES } });
      expect(gateway.requests).toHaveLength(MAX_LIST_PAGES);
    } finally {
      await gateway.close();
    }
  });

  it('a normal multi-page listing (relative and absolute links) still visits every page once', async () => {
    const gateway = await scriptedGateway((requested, self) => {
      const page = Number(new URL(requested, 'http://x').searchParams.get('Page') ?? 0);
      if (page === 0) return `${LIST}?To=%2B12025550101&PageSize=50&Page=1&PageToken=PA1`;
      if (page === 1) return `${self}${LIST}?To=%2B12025550101&PageSize=50&Page=2&PageToken=PA2`;
      return null;
    });
    try {
      let visited = 0;
      expect(await clientFor(gateway.url).list({ to: '+12025550101', pageSize: 50 }, () => void visited++)).toEqual({ ok: true, value: { pages: 3 } });
      expect(visited).toBe(3);
      expect(gateway.requests.map((r) => new URL(r, 'http://x').searchParams.get('Page'))).toEqual([null, '1', '2']);
      expect(gateway.requests.every((r) => r.startsWith(`${LIST}?`))).toBe(true);
    } finally {
      await gateway.close();
    }
  });
});

describe('the sandbox gateway’s own paging still works (security review finding)', () => {
  let sandbox: SandboxGateway;
  beforeAll(async () => {
    sandbox = await startSandboxGateway({ timing: FAST_TIMING });
  });
  afterAll(() => sandbox.close());

  it('25 inbound messages at 10 a page: three pages, every message once', async () => {
    const client = createTwilioClient({ baseUrl: sandbox.url, accountSid: sandbox.accountSid, username: sandbox.username, password: sandbox.password, timeoutMs: 2000, allowLoopbackHttp: true });
    const sent = new Set<string>();
    for (let i = 0; i < 25; i++) sent.add(sandbox.addInbound('+12025550120', `Inbound ${i}`));
    const seen: string[] = [];
    const result = await client.list({ to: sandbox.practiceNumber, pageSize: 10 }, (page) => void seen.push(...page.messages.map((m) => m.sid)));
    expect(result).toEqual({ ok: true, value: { pages: 3 } });
    expect(new Set(seen)).toEqual(sent);
    expect(seen).toHaveLength(25);
  });
});
