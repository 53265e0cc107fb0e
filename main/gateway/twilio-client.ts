/**
 * Owns the REST client for the gateway's Programmable Messaging API (2010-04-01, Twilio or a
 * compatible service at a configurable base URL): create (form-encoded), list with To / From /
 * DateSent filters following `next_page_uri`, fetch, and redact (POST Body=''), with HTTP Basic
 * auth (API key SID + secret, or account SID + auth token). Every answer becomes a typed
 * result: the message(s), or a `GatewayFailure` saying whether to retry, whether the request
 * may have reached the gateway (`maybeDelivered`: reconcile before any resend) and what the
 * error means in plain English. Credentials and message content never appear in failures.
 * A listing follows `next_page_uri` only to this account's Messages list on the configured
 * origin (`resolvePageLink`), never to a page it already fetched, and for at most
 * `MAX_LIST_PAGES` pages; any other link ends it with BAD_PAGE_LINK or PAGE_LOOP.
 */
import { E164_PATTERN } from '../../shared/phone/us-phone';
import { explainGatewayError, type GatewayErrorInfo } from '../../shared/sync/gateway-errors';
import { httpRequest, type HttpOutcome } from './http-request';
import { parseErrorBody, parseMessage, parsePage, WireFormatError, type GatewayMessage, type GatewayPage } from './twilio-parse';

export interface GatewayCredentials {
  readonly baseUrl: string;
  readonly accountSid: string;
  /** API key SID (SK…) or the account SID itself. */
  readonly username: string;
  /** API key secret or auth token. */
  readonly password: string;
}

export interface TwilioClientOptions extends GatewayCredentials {
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  /**
   * Plain http to this computer (127.0.0.1, localhost, ::1): only for the embedded sandbox and
   * for tests. A real gateway is https only, so the API secret never travels unencrypted.
   */
  readonly allowLoopbackHttp?: boolean;
}

export type FailureKind =
  | 'rejected' // the gateway refused this request for good (4xx with a code)
  | 'retryable' // 429 / 20429 / 5xx: try again after backoff
  | 'unreachable' // never connected: nothing reached the gateway
  | 'ambiguous' // connection dropped, timed out or answered nonsense after the request left
  | 'auth'; // credentials refused

export interface GatewayFailure {
  readonly kind: FailureKind;
  /** The request may have been acted on by the gateway: reconcile before resending a create. */
  readonly maybeDelivered: boolean;
  readonly httpStatus: number | null;
  readonly retryAfterMs: number | null;
  /**
   * Short code: GATEWAY_ERROR, TIMEOUT, NETWORK, REFUSED, TOO_LARGE, HTML_ANSWER, BAD_JSON, BAD_SHAPE,
   * UNEXPECTED_STATUS; a listing also BAD_PAGE_LINK (a `next_page_uri` outside this account's
   * Messages list) and PAGE_LOOP (a `next_page_uri` already fetched in the same listing).
   */
  readonly detail: string;
  readonly info: GatewayErrorInfo;
}

export type GatewayResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: GatewayFailure };

export interface CreateParams {
  readonly to: string;
  readonly body: string;
  /** A phone number, or use `messagingServiceSid`. */
  readonly from?: string;
  readonly messagingServiceSid?: string;
}

export interface ListParams {
  readonly to?: string;
  readonly from?: string;
  /** `DateSent>=` (inclusive), YYYY-MM-DD in UTC: the API's day granularity. */
  readonly dateSentOnOrAfter?: string;
  readonly pageSize?: number;
}

export interface TwilioClient {
  create(params: CreateParams): Promise<GatewayResult<GatewayMessage>>;
  /** Visits pages newest first; `visit` returns false to stop paging early. At most `maxPages` (default 100, never over `MAX_LIST_PAGES`). */
  list(params: ListParams, visit: (page: GatewayPage) => boolean | void, maxPages?: number): Promise<GatewayResult<{ pages: number }>>;
  fetch(sid: string): Promise<GatewayResult<GatewayMessage>>;
  redact(sid: string): Promise<GatewayResult<GatewayMessage>>;
}

const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/** The most pages one listing fetches, whatever the caller asks for or the gateway links to. */
export const MAX_LIST_PAGES = 1000;
/** Twilio's links are a few hundred characters; anything far longer is not one of them. */
const MAX_PAGE_LINK_CHARS = 4096;

/**
 * The URL a list answer's `next_page_uri` leads to, or null when it must not be followed. Allowed:
 * exactly this account's Messages list resource, `/2010-04-01/Accounts/<accountSid>/Messages.json`
 * (under the base URL's path when it has one; a link without that path gets it, as every request
 * does), written relative (`/2010-04-01/…`) or absolute on the base URL's own origin (same scheme,
 * host and port), with any query. The path must be spelled out exactly: no percent-encoding, no
 * `.` or `..` segments, doubled slashes, backslashes, whitespace, non-ASCII, userinfo or fragment.
 */
export function resolvePageLink(link: string, base: URL, accountSid: string): URL | null {
  // Printable ASCII only (Twilio percent-encodes the rest): no whitespace, controls, backslash or fragment.
  if (link.length > MAX_PAGE_LINK_CHARS || /[^!-~]|[\\#]/.test(link)) return null;
  const cut = link.indexOf('?');
  const path = cut < 0 ? link : link.slice(0, cut);
  const query = cut < 0 ? '' : link.slice(cut);
  const resource = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const full = `${base.pathname.replace(/\/$/, '')}${resource}`;
  if (path !== resource && path !== full && path !== `${base.origin}${full}`) return null;
  let url: URL;
  try {
    url = new URL(`${full}${query}`, base.origin);
  } catch {
    return null;
  }
  return url.origin === base.origin && url.pathname === full && !url.username && !url.password && !url.hash ? url : null;
}

export function validateBaseUrl(raw: string, options: { allowLoopbackHttp?: boolean } = {}): URL {
  const url = new URL(raw);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && options.allowLoopbackHttp === true)) {
    throw new Error('The gateway address must start with https://, so the API secret and messages travel encrypted.');
  }
  if (url.username || url.password || url.search || url.hash) throw new Error('The gateway address must not carry credentials, a query or a fragment.');
  return url;
}

function failure(kind: FailureKind, detail: string, extra: { status?: number | null; code?: number | null; maybeDelivered: boolean; retryAfterMs?: number | null }): GatewayFailure {
  return {
    kind,
    detail,
    maybeDelivered: extra.maybeDelivered,
    httpStatus: extra.status ?? null,
    retryAfterMs: extra.retryAfterMs ?? null,
    info: explainGatewayError(extra.code ?? null, extra.status ?? (kind === 'retryable' || kind === 'ambiguous' || kind === 'unreachable' ? 503 : undefined)),
  };
}

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const base = validateBaseUrl(options.baseUrl, { allowLoopbackHttp: options.allowLoopbackHttp });
  if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid)) throw new Error('The account SID must look like AC followed by 32 hex digits.');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxResponseBytes = options.maxResponseBytes ?? 2 * 1024 * 1024;
  const auth = `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  const root = `/2010-04-01/Accounts/${options.accountSid}`;
  const urlFor = (pathAndQuery: string) => {
    const url = new URL(pathAndQuery, base);
    // Credentials go only to the configured origin (page links are checked by resolvePageLink).
    if (url.origin !== base.origin) throw new WireFormatError('a request points to another server');
    if (base.pathname !== '/' && !url.pathname.startsWith(base.pathname)) url.pathname = base.pathname.replace(/\/$/, '') + url.pathname;
    return url;
  };

  /** Turns one HTTP outcome into JSON or a typed failure. `mutating` marks creates (ambiguity matters). */
  async function exchange(method: 'GET' | 'POST', url: URL, form: URLSearchParams | null, expect: number[]): Promise<GatewayResult<unknown>> {
    const outcome: HttpOutcome = await httpRequest({
      method,
      url,
      headers: {
        authorization: auth,
        accept: 'application/json',
        'user-agent': 'CareRelay',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? form.toString() : undefined,
      timeoutMs,
      maxResponseBytes,
    });
    if (!outcome.ok) {
      if (outcome.reason === 'refused') return { ok: false, error: failure('unreachable', 'REFUSED', { maybeDelivered: false }) };
      const detail = outcome.reason === 'timeout' ? 'TIMEOUT' : outcome.reason === 'too-large' ? 'TOO_LARGE' : 'NETWORK';
      return { ok: false, error: failure('ambiguous', detail, { maybeDelivered: outcome.maybeDelivered, status: outcome.status ?? null }) };
    }
    const { status, body, contentType, retryAfterMs } = outcome;
    if (!expect.includes(status)) {
      const parsed = /json/i.test(contentType) ? parseErrorBody(body) : { code: null };
      if (status === 429 || parsed.code === 20429) return { ok: false, error: failure('retryable', 'GATEWAY_ERROR', { status, code: parsed.code ?? 20429, maybeDelivered: false, retryAfterMs }) };
      if (status >= 500) return { ok: false, error: failure('retryable', 'GATEWAY_ERROR', { status, code: parsed.code, maybeDelivered: true, retryAfterMs }) };
      if (status === 401 || status === 403) return { ok: false, error: failure('auth', 'GATEWAY_ERROR', { status, code: parsed.code ?? 20003, maybeDelivered: false }) };
      if (status >= 400 && parsed.code !== null) return { ok: false, error: failure('rejected', 'GATEWAY_ERROR', { status, code: parsed.code, maybeDelivered: false }) };
      if (status >= 400 && status < 500) return { ok: false, error: failure('rejected', /json/i.test(contentType) ? 'GATEWAY_ERROR' : 'HTML_ANSWER', { status, maybeDelivered: false }) };
      return { ok: false, error: failure('ambiguous', 'UNEXPECTED_STATUS', { status, maybeDelivered: true }) };
    }
    if (!/json/i.test(contentType) && !body.trimStart().startsWith('{')) {
      return { ok: false, error: failure('ambiguous', 'HTML_ANSWER', { status, maybeDelivered: true }) };
    }
    try {
      return { ok: true, value: JSON.parse(body) as unknown };
    } catch {
      return { ok: false, error: failure('ambiguous', 'BAD_JSON', { status, maybeDelivered: true }) };
    }
  }

  function shaped<T>(result: GatewayResult<unknown>, read: (v: unknown) => T): GatewayResult<T> {
    if (!result.ok) return result;
    try {
      return { ok: true, value: read(result.value) };
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      return { ok: false, error: failure('ambiguous', 'BAD_SHAPE', { maybeDelivered: true, status: 200 }) };
    }
  }

  return {
    async create(params) {
      // Never send what the gateway must refuse: the recipient is checked here first (21211).
      if (!E164_PATTERN.test(params.to)) return { ok: false, error: failure('rejected', 'GATEWAY_ERROR', { code: 21211, maybeDelivered: false }) };
      const form = new URLSearchParams();
      form.set('To', params.to);
      if (params.messagingServiceSid) form.set('MessagingServiceSid', params.messagingServiceSid);
      else if (params.from) form.set('From', params.from);
      else throw new Error('create needs From or MessagingServiceSid');
      form.set('Body', params.body);
      return shaped(await exchange('POST', urlFor(`${root}/Messages.json`), form, [200, 201]), parseMessage);
    },
    async list(params, visit, maxPages = 100) {
      const q = new URLSearchParams();
      if (params.to) q.set('To', params.to);
      if (params.from) q.set('From', params.from);
      if (params.dateSentOnOrAfter) q.set('DateSent>', params.dateSentOnOrAfter);
      q.set('PageSize', String(params.pageSize ?? 100));
      let url: URL | null = urlFor(`${root}/Messages.json?${q.toString()}`);
      const fetched = new Set<string>();
      const cap = Math.min(maxPages, MAX_LIST_PAGES);
      let pages = 0;
      while (url && pages < cap) {
        fetched.add(url.href);
        const page = shaped(await exchange('GET', url, null, [200]), parsePage);
        if (!page.ok) return { ok: false, error: { ...page.error, maybeDelivered: false } };
        pages++;
        if (visit(page.value) === false) break;
        const link = page.value.nextPageUri;
        if (link === null) break;
        // The link itself never goes into the failure: its query holds phone numbers.
        url = resolvePageLink(link, base, options.accountSid);
        if (!url) return { ok: false, error: failure('ambiguous', 'BAD_PAGE_LINK', { maybeDelivered: false, status: 200 }) };
        if (fetched.has(url.href)) return { ok: false, error: failure('ambiguous', 'PAGE_LOOP', { maybeDelivered: false, status: 200 }) };
      }
      return { ok: true, value: { pages } };
    },
    async fetch(sid) {
      if (!SID.test(sid)) throw new Error('not a message SID');
      const r = shaped(await exchange('GET', urlFor(`${root}/Messages/${sid}.json`), null, [200]), parseMessage);
      return r.ok ? r : { ok: false, error: { ...r.error, maybeDelivered: false } };
    },
    async redact(sid) {
      if (!SID.test(sid)) throw new Error('not a message SID');
      const form = new URLSearchParams();
      form.set('Body', '');
      return shaped(await exchange('POST', urlFor(`${root}/Messages/${sid}.json`), form, [200]), parseMessage);
    },
  };
}
