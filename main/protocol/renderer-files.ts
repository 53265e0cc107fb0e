/**
 * The renderer build as files to serve, shared by the `app://` protocol (Electron) and the
 * browser host: MIME types, and the one pure rule that maps a request path onto a file under
 * the renderer root or refuses it (dot segments, encoded separators, backslashes, NUL, control
 * characters, absolute paths). Each server then checks the real path stays under the root.
 */
import path from 'node:path';

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

export type ResolvedRequest =
  | { readonly kind: 'file'; readonly relative: string; readonly spaFallback: boolean }
  | { readonly kind: 'refused' };

const REFUSED: ResolvedRequest = Object.freeze({ kind: 'refused' });

/**
 * Pure: maps the path of a request (after the origin and its `/`, query and fragment allowed)
 * onto a path relative to the renderer root (POSIX separators), or refuses it. Works on the raw
 * text, so it never relies on a URL parser having removed `..`. `spaFallback` is true for
 * extension-less routes that may fall back to index.html.
 */
export function resolveRendererPath(pathAndQuery: string): ResolvedRequest {
  // The rest must be a path: drop query and fragment.
  const rawPath = pathAndQuery.split(/[?#]/, 1)[0] ?? '';
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

