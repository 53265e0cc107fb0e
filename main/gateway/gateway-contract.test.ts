/**
 * Contract tests against Twilio's own OpenAPI description (main/gateway/twilio-spec, the lenient copy of shared/specs/twilio):
 * every request the client sends validates (form body, query parameters, path) plus Twilio's
 * conditional rules (From or MessagingServiceSid; Body, MediaUrl or ContentSid), and every
 * response the sandbox gateway sends validates against the response schema for its status.
 * Also: wire parsing of SignalWire's field types, RFC 2822 dates, and malformed answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxGateway, FAST_TIMING, type FaultKind, type SandboxGateway } from './sandbox/sandbox-gateway';
import { createTwilioClient, type TwilioClient } from './twilio-client';
import { parseMessage, parseRfc2822, formatRfc2822 } from './twilio-parse';
import { KNOWN_GATEWAY_ERROR_CODES } from '../../shared/sync/gateway-errors';

const spec = JSON.parse(readFileSync(join(__dirname, 'twilio-spec', 'messaging-subset.lenient.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
addFormats(ajv);
ajv.addFormat('phone-number', /^\+[1-9]\d{1,14}$/);
ajv.addFormat('date-time-rfc-2822', { validate: (s: string) => { try { parseRfc2822(s); return true; } catch { return false; } } });
ajv.addFormat('currency', /^[A-Z]{3}$/);
ajv.addFormat('uri-map', true);
ajv.addSchema(spec, 'twilio');
const ref = (p: string) => ajv.compile({ $ref: `twilio#${p}` });
const collection = '/paths/~12010-04-01~1Accounts~1{AccountSid}~1Messages.json';
const single = '/paths/~12010-04-01~1Accounts~1{AccountSid}~1Messages~1{Sid}.json';
const createBody = ref(`${collection}/post/requestBody/content/application~1x-www-form-urlencoded/schema`);
const updateBody = ref(`${single}/post/requestBody/content/application~1x-www-form-urlencoded/schema`);
const message = ref('/components/schemas/api.v2010.account.message');
const page = ref('/components/schemas/ListMessageResponse');
const error = ref('/components/schemas/twilio.error');
const listParams: Array<{ name: string; schema: object }> = spec.paths['/2010-04-01/Accounts/{AccountSid}/Messages.json'].get.parameters;

let sandbox: SandboxGateway;
let client: TwilioClient;
beforeAll(async () => {
  sandbox = await startSandboxGateway({ timing: FAST_TIMING, recordResponses: true, holdMs: 500 });
  client = createTwilioClient({ baseUrl: sandbox.url, accountSid: sandbox.accountSid, username: sandbox.username, password: sandbox.password, timeoutMs: 300, maxResponseBytes: 256 * 1024, allowLoopbackHttp: true });
});
afterAll(() => sandbox.close());

describe('contract', () => {
  it('every request the client sends and every response the sandbox gives validate against the OpenAPI description', async () => {
    const sids: string[] = [];
    for (const to of ['+12025550101', '+12025550110', '+12025550112', '+12025550107']) {
      const r = await client.create({ to, from: sandbox.practiceNumber, body: `Contract check for ${to.slice(-4)}` });
      if (r.ok) sids.push(r.value.sid);
    }
    expect(sids).toHaveLength(3); // 0112 is not a mobile number (21614)
    await client.create({ to: '+12025550101', messagingServiceSid: `MG${'0'.repeat(32)}`, body: 'Through a messaging service' });
    expect((await client.create({ to: 'not-a-number', from: sandbox.practiceNumber, body: 'x' })).ok).toBe(false);
    for (let i = 0; i < 25; i++) sandbox.addInbound('+12025550120', `Inbound ${i}`);
    await new Promise((r) => setTimeout(r, 400));
    let pages = 0;
    expect((await client.list({ to: sandbox.practiceNumber, dateSentOnOrAfter: new Date().toISOString().slice(0, 10), pageSize: 10 }, () => void pages++)).ok).toBe(true);
    expect(pages).toBe(3);
    await client.list({ to: '+12025550101', from: sandbox.practiceNumber }, () => true);
    for (const sid of sids) expect((await client.fetch(sid)).ok).toBe(true);
    expect((await client.redact(sids[0]!)).ok).toBe(true);
    expect((await client.fetch(`SM${'f'.repeat(32)}`)).ok).toBe(false);
    sandbox.injectFault('http-429');
    expect(await client.create({ to: '+12025550101', from: sandbox.practiceNumber, body: 'Rate limited' })).toMatchObject({ ok: false, error: { kind: 'retryable', info: { kind: 'rate-limited' } } });
    const bad = createTwilioClient({ baseUrl: sandbox.url, accountSid: sandbox.accountSid, username: sandbox.username, password: 'wrong-secret-000000', allowLoopbackHttp: true });
    expect(await bad.fetch(sids[0]!)).toMatchObject({ ok: false, error: { kind: 'auth' } });

    const problems: string[] = [];
    for (const r of sandbox.ledger.requests) {
      if (r.op === 'create') {
        if (!createBody(r.form)) problems.push(`create request: ${ajv.errorsText(createBody.errors)}`);
        const f = r.form ?? {};
        if (!('From' in f) && !('MessagingServiceSid' in f)) problems.push('create without From or MessagingServiceSid');
        if (!('Body' in f) && !('MediaUrl' in f) && !('ContentSid' in f)) problems.push('create without Body, MediaUrl or ContentSid');
      }
      if (r.op === 'list') {
        for (const [k, v] of Object.entries(r.query)) {
          const p = listParams.find((x) => x.name === k);
          if (!p) problems.push(`unknown list parameter ${k}`);
          else if (!ajv.validate(p.schema, v)) problems.push(`list parameter ${k}: ${ajv.errorsText()}`);
        }
      }
      if (r.method === 'POST' && r.op === 'fetch' && !updateBody(r.form)) problems.push(`update request: ${ajv.errorsText(updateBody.errors)}`);
      if (r.responseBody === undefined) continue;
      const schema = r.status >= 400 ? error : r.op === 'list' ? page : message;
      if (!schema(r.responseBody)) problems.push(`${r.op} ${r.status} response: ${ajv.errorsText(schema.errors)}`);
    }
    expect(problems).toEqual([]);
    expect(sandbox.ledger.requests.filter((r) => r.responseBody !== undefined).length).toBeGreaterThan(15);
  });
});

describe('wire parsing', () => {
  const twilio = {
    sid: `SM${'a'.repeat(32)}`, status: 'undelivered', direction: 'outbound-api', body: 'x', to: '+12025550101', from: '+12025550100',
    date_created: 'Thu, 24 Aug 2023 05:01:45 +0000', date_sent: null, date_updated: 'Thu, 24 Aug 2023 05:01:47 +0000',
    num_segments: '1', num_media: '0', price: null, error_code: 30006,
  };
  it('reads Twilio and SignalWire field types alike', () => {
    expect(parseMessage(twilio)).toMatchObject({ errorCode: 30006, numSegments: 1, numMedia: 0, dateCreated: Date.parse('2023-08-24T05:01:45Z') });
    expect(parseMessage({ ...twilio, num_segments: 1, num_media: 0, error_code: '30006' })).toMatchObject({ errorCode: 30006, numSegments: 1 });
    expect(parseMessage({ ...twilio, error_code: null })).toMatchObject({ errorCode: null });
  });
  it.each([
    ['Thu, 24 Aug 2023 05:01:45 +0000', '2023-08-24T05:01:45.000Z'],
    ['24 Aug 2023 01:01:45 -0400', '2023-08-24T05:01:45.000Z'],
    ['Mon, 05 May 2026 00:00:00 GMT', '2026-05-05T00:00:00.000Z'],
  ])('RFC 2822 %s', (text, isoText) => expect(new Date(parseRfc2822(text)).toISOString()).toBe(isoText));
  it('formats RFC 2822 as Twilio does', () => expect(formatRfc2822(Date.parse('2023-08-24T05:01:45Z'))).toBe('Thu, 24 Aug 2023 05:01:45 +0000'));
  it.each([{ ...twilio, sid: 42 }, { ...twilio, status: 'exploded' }, { ...twilio, date_created: 'yesterday' }, { ...twilio, num_media: 'two' }, 'text', null])('rejects %j', (bad) => {
    expect(() => parseMessage(bad)).toThrow();
  });
  it('every platform-notes error code maps to a typed, explained result', () => {
    for (const code of [21211, 21408, 21610, 21614, 21604, 21619, 30003, 30004, 30005, 30006, 30007, 30008, 30034, 20429]) expect(KNOWN_GATEWAY_ERROR_CODES).toContain(code);
  });
});

describe('malformed answers become typed failures', () => {
  it.each<[FaultKind, string, boolean]>([
    ['malformed-json', 'BAD_JSON', true],
    ['wrong-types', 'BAD_SHAPE', true],
    ['html-502', 'GATEWAY_ERROR', true],
    ['huge-body', 'TOO_LARGE', true],
    ['timeout', 'TIMEOUT', true],
    ['accept-then-drop', 'NETWORK', true],
    ['http-503', 'GATEWAY_ERROR', true],
  ])('create answered with %s → %s (maybe delivered: %s)', async (fault, detail, maybe) => {
    sandbox.injectFault(fault);
    const r = await client.create({ to: '+12025550101', from: sandbox.practiceNumber, body: `Fault ${fault}` });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.detail).toBe(detail);
      expect(r.error.maybeDelivered).toBe(maybe);
      expect(r.error.info.explanation.length).toBeGreaterThan(10);
      expect(JSON.stringify(r.error)).not.toContain(sandbox.password);
    }
  });
  it('an unreachable gateway is certainly not delivered', async () => {
    const gone = createTwilioClient({ baseUrl: 'http://127.0.0.1:9', accountSid: sandbox.accountSid, username: 'x', password: 'y', timeoutMs: 500, allowLoopbackHttp: true });
    expect(await gone.create({ to: '+12025550101', from: sandbox.practiceNumber, body: 'x' })).toMatchObject({ ok: false, error: { kind: 'unreachable', maybeDelivered: false } });
  });
  it('refuses plain http to another computer and credentials in the address', () => {
    expect(() => createTwilioClient({ baseUrl: 'http://api.example.test', accountSid: sandbox.accountSid, username: 'x', password: 'y' })).toThrow(/https/);
    expect(() => createTwilioClient({ baseUrl: 'http://127.0.0.1:9', accountSid: sandbox.accountSid, username: 'x', password: 'y' })).toThrow(/https/);
    expect(() => createTwilioClient({ baseUrl: 'https://u:p@api.example.test', accountSid: sandbox.accountSid, username: 'x', password: 'y' })).toThrow();
  });
});
