/**
 * Owns one HTTP exchange with the gateway over node's http/https: a hard timeout through
 * AbortController, a cap on the response size (a huge or endless body is cut off, never
 * buffered), keep-alive agents, and a precise answer to "could the request have reached the
 * server?" (`maybeDelivered`), which decides between a plain retry and reconciliation.
 * TLS certificates are always verified (node's default; never overridden).
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

export type HttpOutcome =
  | { readonly ok: true; readonly status: number; readonly contentType: string; readonly body: string; readonly retryAfterMs: number | null }
  | {
      readonly ok: false;
      readonly reason: 'timeout' | 'network' | 'too-large' | 'refused';
      /** False only when the request certainly never reached the server (connection refused, DNS failure). */
      readonly maybeDelivered: boolean;
      readonly status?: number;
    };

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });

function retryAfter(header: string | string[] | undefined): number | null {
  const raw = Array.isArray(header) ? header[0] : header;
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 300_000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, Math.min(date - Date.now(), 300_000)) : null;
}

export function httpRequest(req: HttpRequest): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const controller = new AbortController();
    let settled = false;
    let connected = false;
    const done = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      controller.abort();
      done({ ok: false, reason: 'timeout', maybeDelivered: connected });
    }, req.timeoutMs);
    const isHttps = req.url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    let request: http.ClientRequest;
    try {
      request = mod.request(req.url, { method: req.method, headers, agent: isHttps ? httpsAgent : httpAgent, signal: controller.signal });
    } catch {
      done({ ok: false, reason: 'network', maybeDelivered: false });
      return;
    }
    request.on('socket', (socket) => {
      // A reused keep-alive socket is already connected; a new one connects later.
      if (!socket.connecting) connected = true;
      else socket.once(isHttps ? 'secureConnect' : 'connect', () => (connected = true));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const neverConnected = !connected && NEVER_CONNECTED.has(error.code ?? '');
      done({ ok: false, reason: neverConnected ? 'refused' : 'network', maybeDelivered: !neverConnected });
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > req.maxResponseBytes) {
        done({ ok: false, reason: 'too-large', maybeDelivered: true, status: res.statusCode });
        res.destroy();
        return;
      }
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxResponseBytes) {
          done({ ok: false, reason: 'too-large', maybeDelivered: true, status: res.statusCode });
          res.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('aborted', () => done({ ok: false, reason: 'network', maybeDelivered: true }));
      res.on('error', () => done({ ok: false, reason: 'network', maybeDelivered: true }));
      res.on('end', () =>
        done({
          ok: true,
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          retryAfterMs: retryAfter(res.headers['retry-after']),
        }),
      );
    });
    request.end(req.body);
  });
}
