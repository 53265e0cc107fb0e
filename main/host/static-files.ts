/**
 * The browser host's view of the renderer build: which file answers a request path. The path
 * rule and the real-file check are the app:// protocol's own (main/protocol/renderer-files.ts,
 * real-file.ts); this adds the index.html fallback for client-side routes.
 */
import { promises as fs } from 'node:fs';
import { realFileUnder } from '../protocol/real-file';
import { resolveRendererPath } from '../protocol/renderer-files';

export { mimeTypeFor } from '../protocol/renderer-files';

/** The file to serve for `requestPath`, or null (404). Extension-less routes fall back to index.html. */
export async function resolveRendererFile(rootDir: string, requestPath: string): Promise<string | null> {
  if (typeof requestPath !== 'string' || requestPath.length > 1024 || !requestPath.startsWith('/')) return null;
  const resolved = resolveRendererPath(requestPath.slice(1));
  if (resolved.kind === 'refused') return null;
  let realRoot: string;
  try {
    realRoot = await fs.realpath(rootDir);
  } catch {
    return null;
  }
  return (await realFileUnder(realRoot, resolved.relative)) ?? (resolved.spaFallback ? realFileUnder(realRoot, 'index.html') : null);
}
