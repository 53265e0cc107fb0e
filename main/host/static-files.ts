/**
 * The browser host's view of the renderer build: which file answers a request path. The path
 * rule is the app:// protocol's own (main/protocol/renderer-files.ts); this adds the file-system
 * check that the real path (after symlinks) is a file inside the root, and the index.html
 * fallback for client-side routes.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { resolveRendererPath } from '../protocol/renderer-files';

export { mimeTypeFor } from '../protocol/renderer-files';

/** The file to serve for `requestPath`, or null (404). Extension-less routes fall back to index.html. */
export function resolveRendererFile(rootDir: string, requestPath: string): string | null {
  if (typeof requestPath !== 'string' || requestPath.length > 1024 || !requestPath.startsWith('/')) return null;
  const resolved = resolveRendererPath(requestPath.slice(1));
  if (resolved.kind === 'refused') return null;
  let realRoot: string;
  try {
    realRoot = realpathSync(rootDir);
  } catch {
    return null;
  }
  return realFileUnder(realRoot, resolved.relative) ?? (resolved.spaFallback ? realFileUnder(realRoot, 'index.html') : null);
}

function realFileUnder(realRoot: string, relative: string): string | null {
  try {
    const real = realpathSync(path.resolve(realRoot, ...relative.split('/')));
    const rel = path.relative(realRoot, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}
