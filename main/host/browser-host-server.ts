/**
 * The browser host's loopback server: serves the renderer build and the browser bridge on
 * 127.0.0.1 and accepts the IPC WebSocket only with this run's random token and only from
 * its own origin. Requests with a foreign Host header (DNS rebinding) are refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EventHub } from '../ipc/event-hub';
import type { IpcRouter } from '../ipc/ipc-router';
import { contentSecurityPolicy } from '../security/app-origin';
import { bridgeSocket, MAX_FRAME_BYTES } from './socket-bridge';
import { mimeTypeFor, resolveRendererFile } from './static-files';

export const BRIDGE_PATH = '/carerelay-bridge.js';
export const SOCKET_PATH = '/ipc';

export interface BrowserHostOptions {
  readonly rendererDir: string;
  readonly bridgeFile: string;
  readonly router: IpcRouter;
  readonly events: EventHub;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
}

export interface BrowserHost {
  readonly origin: string;
  /** The address to open, carrying the token. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
} as const;

export function hostCsp(origin: string): string {
  return contentSecurityPolicy(origin.replace(/^http/, 'ws'));
}

/** index.html with the bridge loaded first and the CSP meta widened to the host's socket. */
export function rewriteIndexHtml(html: string, origin: string): string {
  // frame-ancestors only works as a header (it is sent as one); a meta tag would be ignored with a warning.
  const metaCsp = hostCsp(origin).replace(/; frame-ancestors [^;]+/, '');
  const withCsp = html.replace(
    /<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/i,
    `<meta http-equiv="Content-Security-Policy" content="${metaCsp}" />`,
  );
  return withCsp.replace(/<head>/i, `<head>\n    <script src=".${BRIDGE_PATH}"></script>`);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let hostHeader = '';

  const reply = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Security-Policy': hostCsp(origin) });
    res.end(body);
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== hostHeader) return reply(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'Method not allowed');
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    try {
      if (pathname === BRIDGE_PATH) {
        return reply(res, 200, readFileSync(options.bridgeFile), mimeTypeFor(options.bridgeFile));
      }
      const file = await resolveRendererFile(options.rendererDir, pathname);
      if (!file) return reply(res, 404, 'Not found');
      if (file.endsWith('index.html')) {
        return reply(res, 200, rewriteIndexHtml(readFileSync(file, 'utf8'), origin), mimeTypeFor(file));
      }
      return reply(res, 200, readFileSync(file), mimeTypeFor(file));
    } catch {
      return reply(res, 500, 'CareRelay could not read that file.');
    }
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', origin);
    if (req.headers.host !== hostHeader) return refuse(socket, 421, 'Misdirected Request');
    if (url.pathname !== SOCKET_PATH) return refuse(socket, 404, 'Not Found');
    if (req.headers.origin !== origin) return refuse(socket, 403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(socket, 401, 'Unauthorized');
    sockets.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, { router: options.router, events: options.events, origin }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hostHeader = `127.0.0.1:${port}`;
  origin = `http://${hostHeader}`;

  return {
    origin,
    url: `${origin}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
