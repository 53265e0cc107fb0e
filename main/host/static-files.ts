/**
 * Resolves a request path to a file inside the renderer build, refusing anything that could
 * escape it: `..` (plain or percent-encoded), encoded slashes or backslashes, NUL bytes and
 * symlinks that lead outside. Pure path logic plus one realpath check; used by the browser host.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The file to serve for `requestPath`, or null (404). Extension-less routes fall back to index.html. */
export function resolveRendererFile(rootDir: string, requestPath: string): string | null {
  if (typeof requestPath !== 'string' || requestPath.length > 1024) return null;
  const raw = requestPath.split(/[?#]/, 1)[0] ?? '';
  if (/%2f|%5c|%00/i.test(raw) || raw.includes('\\') || raw.includes('\0')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = path.resolve(rootDir);
  let candidate = path.resolve(root, relative);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;

  if (!isFile(candidate)) {
    // Client-side routes have no extension: serve the app shell. Missing assets are 404s.
    if (path.extname(relative) !== '') return null;
    candidate = path.join(root, 'index.html');
    if (!isFile(candidate)) return null;
  }
  try {
    const real = realpathSync(candidate);
    const realRoot = realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
    return real;
  } catch {
    return null;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
