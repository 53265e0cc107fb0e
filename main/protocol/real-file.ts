/**
 * The file-system half of serving the renderer (the path rule is renderer-files.ts): the real
 * path of a request, after symlinks, must be a regular file inside the real root. Shared by the
 * app:// protocol and the browser host.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Absolute real path of `relative` under the real root, or null when missing or escaping it. */
export async function realFileUnder(realRoot: string, relative: string): Promise<string | null> {
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
