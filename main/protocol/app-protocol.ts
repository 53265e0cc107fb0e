/**
 * The `app://carerelay/...` scheme that serves the renderer: registered as privileged before
 * ready, handled on the app partition, and serving only files under `dist/renderer` with the
 * right MIME type and the CSP header on HTML. Pages never load from `file:`. Anything that could
 * reach outside the root (dot segments, encoded separators, backslashes, NUL, symlinks) is a 404.
 */
import { promises as fs } from 'node:fs';
import { protocol, type Session } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from '../security/app-origin';
import { CONTENT_SECURITY_POLICY } from '../security/session-hardening';
import { realFileUnder } from './real-file';
import { mimeTypeFor, resolveRendererPath, type ResolvedRequest } from './renderer-files';

export { MIME_TYPES, mimeTypeFor, type ResolvedRequest } from './renderer-files';

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const REFUSED: ResolvedRequest = Object.freeze({ kind: 'refused' });
const PREFIX = `${APP_ORIGIN}/`;

/** Maps an `app://carerelay/...` URL onto a file under the renderer root, or refuses it. */
export function resolveAppPath(requestUrl: string): ResolvedRequest {
  if (typeof requestUrl !== 'string' || requestUrl.length > 2048) return REFUSED;
  if (!requestUrl.startsWith(PREFIX)) return REFUSED;
  return resolveRendererPath(requestUrl.slice(PREFIX.length));
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** Serves one request from `rootDir`. Never throws; every refusal is a 404. */
export async function serveAppRequest(rootDir: string, requestUrl: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
  }
  const resolved = resolveAppPath(requestUrl);
  if (resolved.kind !== 'file') return notFound();
  let realRoot: string;
  try {
    realRoot = await fs.realpath(rootDir);
  } catch {
    return notFound();
  }
  let file = await realFileUnder(realRoot, resolved.relative);
  if (file === null && resolved.spaFallback) file = await realFileUnder(realRoot, 'index.html');
  if (file === null) return notFound();

  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return notFound();
  }
  const type = mimeTypeFor(file);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  return new Response(method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** Serves the renderer on `app://carerelay` in the given session (the app partition). */
export function registerAppProtocol(ses: Pick<Session, 'protocol'>, rendererRoot: string): void {
  ses.protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request.url, request.method));
}
