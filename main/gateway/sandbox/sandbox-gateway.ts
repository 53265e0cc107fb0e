/**
 * Owns the sandbox gateway: a Twilio-compatible HTTP server on 127.0.0.1 (any free port) that
 * main runs in training mode and the tests run against. It speaks the 2010-04-01 Messages API
 * (create, list with To/From/DateSent> filters and cursor paging, fetch, redact), checks HTTP
 * Basic credentials, enforces a configurable messages-per-second limit (429 / 20429), answers
 * 21610 after a patient texted STOP and answers STOP / HELP / START itself as Twilio's default
 * opt-out handling does (or, with `keywordHandling: 'app'`, neither blocks nor answers: the
 * practice's app does both), progresses delivery statuses after configurable
 * delays (computed from its clock when read, so an injected clock works), has simulated
 * patients reply, and injects faults on demand (429, 5xx, HTML pages, timeouts, accept then
 * drop the connection, malformed JSON, huge bodies). A ledger records every request and every
 * message created, so tests can count deliveries. No real network, no real patients.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { E164_PATTERN } from '../../../shared/phone/us-phone';
import { classifyInbound } from '../../../shared/sync/keywords';
import { formatRfc2822 } from '../twilio-parse';
import { patientFor, SANDBOX_PRACTICE_NUMBER, type SimulatedPatient } from './simulated-patients';

export type FaultKind = 'http-429' | 'http-500' | 'http-503' | 'html-502' | 'timeout' | 'accept-then-drop' | 'malformed-json' | 'wrong-types' | 'huge-body' | 'drop-before-read';
export type FaultOp = 'create' | 'list' | 'fetch' | 'any';

export interface SandboxTiming {
  /** Accepted → sent. */
  readonly sentAfterMs: readonly [number, number];
  /** Sent → delivered / undelivered. */
  readonly finalAfterMs: readonly [number, number];
  /** Delivered → the patient's reply. */
  readonly replyAfterMs: readonly [number, number];
}

export const REALISTIC_TIMING: SandboxTiming = { sentAfterMs: [500, 2000], finalAfterMs: [1500, 6000], replyAfterMs: [5000, 20000] };
/** Unit tests: everything within a quarter second. */
export const FAST_TIMING: SandboxTiming = { sentAfterMs: [20, 60], finalAfterMs: [40, 120], replyAfterMs: [100, 250] };
/** End-to-end runs of the app: each state stays long enough for a screen (or a test) to see it. */
export const DEMO_TIMING: SandboxTiming = { sentAfterMs: [300, 500], finalAfterMs: [900, 1200], replyAfterMs: [500, 1000] };

export interface SandboxOptions {
  readonly clock?: () => number;
  readonly timing?: SandboxTiming;
  /** Create requests per second before 429 (0: unlimited). */
  readonly messagesPerSecond?: number;
  /** Token-bucket burst allowance (default max(2, 10% of the rate)). */
  readonly burst?: number;
  readonly port?: number;
  /** Keep each response body for contract tests (memory grows; tests only). */
  readonly recordResponses?: boolean;
  /** How long a `timeout` fault holds a request before dropping it. */
  readonly holdMs?: number;
  /**
   * 'gateway' (Twilio's default, and this sandbox's): a STOP puts the number on the gateway's
   * opt-out list (21610 on later sends) and the gateway answers STOP, HELP and START itself.
   * 'app': opt-out management is off at the gateway; the app blocks and answers.
   */
  readonly keywordHandling?: 'gateway' | 'app';
}

/** Twilio's default answers (its wording), used when the gateway handles keywords. */
export const GATEWAY_KEYWORD_REPLIES = {
  stop: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  help: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  start: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
} as const;

export interface LedgerCreate {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly at: number;
  /** Wall time (ms, performance clock) when received: pacing measurements. */
  readonly receivedAtMs: number;
}

export interface LedgerRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly form: Record<string, string | string[]> | null;
  readonly status: number;
  readonly op: FaultOp | 'other';
  readonly fault: FaultKind | null;
  readonly responseBody?: unknown;
}

interface Stored {
  sid: string;
  from: string;
  to: string;
  body: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-reply';
  createdAt: number;
  sentAt: number;
  finalAt: number;
  finalStatus: 'delivered' | 'undelivered' | 'received';
  errorCode: number | null;
  replyAt: number | null;
  replied: boolean;
  redacted: boolean;
}

export interface SandboxGateway {
  readonly url: string;
  readonly port: number;
  readonly accountSid: string;
  readonly username: string;
  readonly password: string;
  readonly practiceNumber: string;
  readonly ledger: { readonly creates: LedgerCreate[]; readonly requests: LedgerRequest[]; readonly gatewayReplies: LedgerCreate[] };
  setKeywordHandling(mode: 'gateway' | 'app'): void;
  injectFault(kind: FaultKind, options?: { op?: FaultOp; times?: number }): void;
  clearFaults(): void;
  /** Closes the listener and every connection (the gateway is unreachable) / listens again on the same port. */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  /** A patient texts the practice (dated now, or at `at`). Returns the SID. */
  addInbound(from: string, body: string, at?: number): string;
  setRate(messagesPerSecond: number, burst?: number): void;
  /** Created outbound messages per body (duplicates show as counts above 1). */
  countsByBody(): Map<string, number>;
  close(): Promise<void>;
}

const hex = (n: number) => randomBytes(n).toString('hex');
const newSid = () => `SM${hex(16)}`;
const MAX_REQUEST_BYTES = 64 * 1024;
/** A simulated patient answers at most once in this long (sandbox clock). */
const REPLY_QUIET_MS = 10 * 60_000;

export async function startSandboxGateway(options: SandboxOptions = {}): Promise<SandboxGateway> {
  const clock = options.clock ?? Date.now;
  const timing = options.timing ?? REALISTIC_TIMING;
  const accountSid = `AC${hex(16)}`;
  const username = `SK${hex(16)}`;
  const password = hex(16);
  const practiceNumber = SANDBOX_PRACTICE_NUMBER;
  const expectedAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const holdMs = options.holdMs ?? 30_000;
  const messages: Stored[] = [];
  const bySid = new Map<string, Stored>();
  const optedOut = new Set<string>();
  /** When each simulated patient last answered (they answer once per conversation burst). */
  const lastReplyAt = new Map<string, number>();
  /** Patients who texted STOP (and not START since), whoever handles keywords. */
  const unsubscribed = new Set<string>();
  const faults: Array<{ kind: FaultKind; op: FaultOp; left: number }> = [];
  const ledger = { creates: [] as LedgerCreate[], requests: [] as LedgerRequest[], gatewayReplies: [] as LedgerCreate[] };
  let keywordHandling = options.keywordHandling ?? 'gateway';
  let rate = options.messagesPerSecond ?? 0;
  let burst = options.burst ?? Math.max(2, rate * 0.1);
  let tokens = burst;
  let lastRefill = performance.now();
  const sockets = new Set<Socket>();
  const between = ([a, b]: readonly [number, number]) => a + Math.random() * (b - a);

  function takeToken(): boolean {
    if (rate <= 0) return true;
    const t = performance.now();
    tokens = Math.min(burst, tokens + ((t - lastRefill) / 1000) * rate);
    lastRefill = t;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  function takeFault(op: FaultOp): FaultKind | null {
    const i = faults.findIndex((f) => f.op === 'any' || f.op === op);
    if (i < 0) return null;
    const f = faults[i]!;
    f.left -= 1;
    if (f.left <= 0) faults.splice(i, 1);
    return f.kind;
  }

  function store(m: Stored) {
    messages.push(m);
    bySid.set(m.sid, m);
  }

  /** Materialises replies that are due by now (lazy, so an injected clock drives them). */
  function materialise(now: number) {
    for (const m of messages) {
      if (m.direction !== 'outbound-api' || m.replied || m.replyAt === null || m.replyAt > now) continue;
      m.replied = true;
      const patient: SimulatedPatient = patientFor(m.to);
      // Someone who has texted STOP does not answer the confirmation (or anything) with another;
      // and a person answers a reminder, not the thank-you that follows their answer.
      if (!patient.reply || (unsubscribed.has(m.to) && classifyInbound(patient.reply).keyword === 'stop')) continue;
      const last = lastReplyAt.get(m.to);
      if (last !== undefined && m.replyAt - last < REPLY_QUIET_MS) continue;
      lastReplyAt.set(m.to, m.replyAt);
      receive(m.to, patient.reply, m.replyAt);
    }
  }

  /** A patient's text arrives; with gateway keyword handling, STOP / HELP / START act here first. */
  function receive(from: string, body: string, at: number): string {
    const sid = newSid();
    store({ sid, from, to: practiceNumber, body, direction: 'inbound', createdAt: at, sentAt: at, finalAt: at, finalStatus: 'received', errorCode: null, replyAt: null, replied: true, redacted: false });
    const keyword = classifyInbound(body).keyword;
    if (keyword === 'stop') unsubscribed.add(from);
    if (keyword === 'start') unsubscribed.delete(from);
    if (keywordHandling === 'gateway' && keyword) {
      if (keyword === 'stop') optedOut.add(from);
      if (keyword === 'start') optedOut.delete(from);
      const reply = GATEWAY_KEYWORD_REPLIES[keyword];
      const r: Stored = { sid: newSid(), from: practiceNumber, to: from, body: reply, direction: 'outbound-reply', createdAt: at + 1, sentAt: at + 1, finalAt: at + 2, finalStatus: 'delivered', errorCode: null, replyAt: null, replied: true, redacted: false };
      store(r);
      ledger.gatewayReplies.push({ sid: r.sid, to: from, from: practiceNumber, body: reply, at: at + 1, receivedAtMs: performance.now() });
    }
    return sid;
  }

  function view(m: Stored, now: number) {
    const status = m.direction === 'inbound' ? 'received' : now < m.sentAt ? 'queued' : now < m.finalAt ? 'sent' : m.finalStatus;
    const final = status === 'delivered' || status === 'undelivered';
    return {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: m.redacted ? '' : m.body,
      date_created: formatRfc2822(m.createdAt),
      date_sent: now >= m.sentAt ? formatRfc2822(m.sentAt) : null,
      date_updated: formatRfc2822(final ? m.finalAt : now >= m.sentAt ? m.sentAt : m.createdAt),
      direction: m.direction,
      error_code: final && m.errorCode !== null ? m.errorCode : null,
      error_message: final && m.errorCode !== null ? 'Delivery failed (sandbox)' : null,
      from: m.from,
      messaging_service_sid: null,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status,
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
    };
  }

  const errorBody = (code: number, message: string, status: number) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  function readBody(req: http.IncomingMessage): Promise<string | null> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_REQUEST_BYTES) {
          resolve(null);
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', () => resolve(null));
    });
  }

  function formOf(text: string): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      if (prev === undefined) out[k] = v;
      else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const bodyText = method === 'POST' ? await readBody(req) : '';
    if (bodyText === null) return;
    const form = method === 'POST' ? formOf(bodyText) : null;
    const now = clock();
    materialise(now);
    const prefix = `/2010-04-01/Accounts/${accountSid}/Messages`;
    const one = new RegExp(`^${prefix}/((?:SM|MM)[0-9a-f]{32})\\.json$`).exec(url.pathname);
    const op: FaultOp | 'other' =
      url.pathname === `${prefix}.json` ? (method === 'POST' ? 'create' : 'list') : one ? (method === 'GET' ? 'fetch' : method === 'POST' ? 'fetch' : 'other') : 'other';
    const record = (status: number, fault: FaultKind | null, responseBody?: unknown) =>
      ledger.requests.push({ method, path: url.pathname, query, form, status, op, fault, ...(options.recordResponses && responseBody !== undefined ? { responseBody } : {}) });
    const send = (status: number, json: unknown, fault: FaultKind | null = null) => {
      record(status, fault, json);
      const text = JSON.stringify(json);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };

    if (req.headers.authorization !== expectedAuth) return send(401, errorBody(20003, 'Authenticate', 401));
    const fault = op === 'other' ? null : takeFault(op);
    if (fault === 'drop-before-read' || fault === 'timeout') {
      record(0, fault);
      if (fault === 'drop-before-read') req.socket.destroy();
      else setTimeout(() => req.socket.destroy(), holdMs).unref();
      return;
    }
    if (fault === 'http-429') return send(429, errorBody(20429, 'Too Many Requests', 429), fault);
    if (fault === 'http-500' || fault === 'http-503') return send(fault === 'http-500' ? 500 : 503, errorBody(20500, 'Internal Server Error', fault === 'http-500' ? 500 : 503), fault);
    if (fault === 'html-502') {
      record(502, fault);
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    if (fault === 'huge-body') {
      record(200, fault);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"messages": [');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64 && !res.destroyed) res.once('drain', pump);
        else res.end(']}');
      };
      res.on('error', () => undefined);
      return pump();
    }

    if (op === 'create') {
      const f = form ?? {};
      const to = typeof f.To === 'string' ? f.To : '';
      const from = typeof f.From === 'string' ? f.From : '';
      const body = typeof f.Body === 'string' ? f.Body : '';
      if (!to) return send(400, errorBody(21604, "'To' phone number is required to send a Message", 400));
      if (!E164_PATTERN.test(to)) return send(400, errorBody(21211, "Invalid 'To' Phone Number", 400));
      if (!from && typeof f.MessagingServiceSid !== 'string') return send(400, errorBody(21603, "A 'From' phone number is required", 400));
      if (!body) return send(400, errorBody(21619, 'A text message body or media urls must be specified', 400));
      if (!takeToken()) return send(429, errorBody(20429, 'Too Many Requests', 429));
      if (optedOut.has(to)) return send(400, errorBody(21610, 'Attempt to send to unsubscribed recipient', 400));
      const patient = patientFor(to);
      if (patient.behaviour === 'not-mobile') return send(400, errorBody(21614, "'To' number is not a valid mobile number", 400));
      const sentAt = now + between(timing.sentAfterMs);
      const finalAt = sentAt + between(timing.finalAfterMs);
      const errorCode = patient.behaviour === 'landline' ? 30006 : patient.behaviour === 'unreachable' ? 30003 : null;
      const m: Stored = {
        sid: newSid(), from: from || practiceNumber, to, body, direction: 'outbound-api', createdAt: now, sentAt, finalAt,
        finalStatus: errorCode ? 'undelivered' : 'delivered', errorCode,
        replyAt: patient.reply && !errorCode ? finalAt + between(timing.replyAfterMs) + (patient.replyDelayMs ?? 0) : null, replied: false, redacted: false,
      };
      store(m);
      ledger.creates.push({ sid: m.sid, to, from: m.from, body, at: now, receivedAtMs: performance.now() });
      const v = { ...view(m, now), status: 'queued' };
      if (fault === 'accept-then-drop') {
        record(0, fault);
        req.socket.destroy();
        return;
      }
      if (fault === 'malformed-json') {
        record(201, fault);
        res.writeHead(201, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(v).slice(0, 40));
      }
      if (fault === 'wrong-types') return send(201, { ...v, status: 42, sid: 12345 }, fault);
      return send(201, v);
    }
    if (op === 'list') {
      const to = query.To;
      const from = query.From;
      const after = query['DateSent>'];
      const day = after ? Date.parse(`${after}T00:00:00Z`) : null;
      const size = Math.min(1000, Math.max(1, Number(query.PageSize ?? 50) || 50));
      let rows = messages
        .filter((m) => (!to || m.to === to) && (!from || m.from === from) && m.createdAt <= now)
        .filter((m) => day === null || (now >= m.sentAt && m.sentAt >= day))
        .sort((a, b) => b.createdAt - a.createdAt || (a.sid < b.sid ? 1 : -1));
      const token = query.PageToken;
      if (token) {
        const idx = rows.findIndex((m) => `PA${m.sid}` === token);
        rows = idx >= 0 ? rows.slice(idx + 1) : [];
      }
      const page = rows.slice(0, size);
      const pageNo = Number(query.Page ?? 0) || 0;
      const base = new URLSearchParams();
      if (to) base.set('To', to);
      if (from) base.set('From', from);
      if (after) base.set('DateSent>', after);
      base.set('PageSize', String(size));
      const first = `${prefix}.json?${base.toString()}&Page=0`;
      const next = rows.length > size ? `${prefix}.json?${base.toString()}&Page=${pageNo + 1}&PageToken=PA${page[page.length - 1]!.sid}` : null;
      const body = {
        end: pageNo * size + Math.max(0, page.length - 1),
        first_page_uri: first,
        messages: page.map((m) => view(m, now)),
        next_page_uri: next,
        page: pageNo,
        page_size: size,
        previous_page_uri: pageNo > 0 ? first : null,
        start: pageNo * size,
        uri: `${url.pathname}${url.search}`,
      };
      if (fault === 'malformed-json') {
        record(200, fault);
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(body).slice(0, 30));
      }
      if (fault === 'wrong-types') return send(200, { ...body, messages: 'none' }, fault);
      return send(200, body);
    }
    if (one) {
      const m = bySid.get(one[1]!);
      if (!m) return send(404, errorBody(20404, 'The requested resource was not found', 404));
      if (method === 'POST') {
        if (form && form.Body === '') m.redacted = true;
        return send(200, view(m, now));
      }
      if (method === 'GET') {
        if (fault === 'malformed-json') {
          record(200, fault);
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"sid": "');
        }
        if (fault === 'wrong-types') return send(200, { ...view(m, now), date_created: 17 }, fault);
        return send(200, view(m, now));
      }
    }
    return send(404, errorBody(20404, 'The requested resource was not found', 404));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  let online = true;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accountSid,
    username,
    password,
    practiceNumber,
    ledger,
    injectFault(kind, o = {}) {
      faults.push({ kind, op: o.op ?? 'create', left: o.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    async goOffline() {
      if (!online) return;
      online = false;
      await closeServer();
    },
    async goOnline() {
      if (online) return;
      await listen(port);
      online = true;
    },
    addInbound(from, body, at) {
      return receive(from, body, at ?? clock());
    },
    setKeywordHandling(mode) {
      keywordHandling = mode;
    },
    setRate(mps, b) {
      rate = mps;
      burst = b ?? Math.max(2, mps * 0.1);
      tokens = burst;
      lastRefill = performance.now();
    },
    countsByBody() {
      const counts = new Map<string, number>();
      for (const c of ledger.creates) counts.set(c.body, (counts.get(c.body) ?? 0) + 1);
      return counts;
    },
    async close() {
      if (online) await closeServer();
      online = false;
    },
  };
}
