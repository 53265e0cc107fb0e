/**
 * The `app://carerelay/...` scheme that serves the renderer: registered as privileged before
 * ready, handled on the app partition, and serving only files under `dist/renderer` with the
 * right MIME type and the CSP header on HTML. Pages never load from `file:`. Anything that could
 * reach outside the root (dot segments, encoded separators, backslashes, NUL, symlinks) is a 404.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { protocol, type Session } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from '../security/app-origin';
import { CONTENT_SECURITY_POLICY } from '../security/session-hardening';

export const MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
});

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export type ResolvedRequest =
  | { readonly kind: 'file'; readonly relative: string; readonly spaFallback: boolean }
  | { readonly kind: 'refused' };

const REFUSED: ResolvedRequest = Object.freeze({ kind: 'refused' });
const PREFIX = `${APP_ORIGIN}/`;

/**
 * Pure: maps a request URL onto a path relative to the renderer root (POSIX separators), or
 * refuses it. Works on the raw text, so it never relies on a URL parser having removed `..`.
 * `spaFallback` is true for extension-less routes that may fall back to index.html.
 */
export function resolveAppPath(requestUrl: string): ResolvedRequest {
  if (typeof requestUrl !== 'string' || requestUrl.length > 2048) return REFUSED;
  if (!requestUrl.startsWith(PREFIX)) return REFUSED;
  // The rest must be a path: drop query and fragment.
  const rawPath = requestUrl.slice(PREFIX.length).split(/[?#]/, 1)[0] ?? '';
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(rawPath)) return REFUSED;
  // Encoded dots, separators and NUL have no business in our asset names.
  if (/%(2e|2f|5c|00)/i.test(rawPath)) return REFUSED;
  if (rawPath === '') return { kind: 'file', relative: 'index.html', spaFallback: false };

  const segments = rawPath.split('/');
  const decoded: string[] = [];
  for (const [i, segment] of segments.entries()) {
    // A trailing slash gives one empty last segment; any other empty segment is `//`.
    if (segment === '' && i === segments.length - 1) break;
    let part: string;
    try {
      part = decodeURIComponent(segment);
    } catch {
      return REFUSED;
    }
    if (part === '' || part === '.' || part === '..') return REFUSED;
    // eslint-disable-next-line no-control-regex
    if (/[/\\:%\u0000-\u001f\u007f]/.test(part)) return REFUSED;
    decoded.push(part);
  }
  if (decoded.length === 0) return { kind: 'file', relative: 'index.html', spaFallback: false };
  const relative = decoded.join('/');
  if (path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative)) return REFUSED;
  const last = decoded[decoded.length - 1] ?? '';
  const directory = rawPath.endsWith('/');
  return { kind: 'file', relative: directory ? `${relative}/index.html` : relative, spaFallback: !directory && !last.includes('.') };
}

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  });
}

/** Absolute real path of `relative` under the real root, or null when missing or escaping it. */
async function realFileUnder(realRoot: string, relative: string): Promise<string | null> {
  const candidate = path.resolve(realRoot, ...relative.split('/'));
  if (!isInside(realRoot, candidate)) return null;
  let real: string;
  try {
    real = await fs.realpath(candidate);
    if (!isInside(realRoot, real)) return null; // a symlink pointing out of the root
    const stat = await fs.stat(real);
    if (!stat.isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
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
