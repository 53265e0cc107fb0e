/**
 * Crash-safe file replacement: write a temp file in the same folder, fsync it, rename it over
 * the target, fsync the folder. A reader (or a restart after a crash or power cut) sees the
 * old bytes or the new bytes, never a mix. `linkBackup` keeps the current file as `.bak` by a
 * hard link (also atomic), copying only where the file system has no hard links.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, link, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const RETRYABLE = new Set(['EPERM', 'EACCES', 'EBUSY']);

/** Windows can refuse a rename for a moment while an antivirus scanner holds the file. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (process.platform !== 'win32' || !RETRYABLE.has(code) || attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows; rename is durable there
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function tempPrefix(target: string): string {
  return `.${basename(target)}.tmp-`;
}

/** Creates `path` (which must not exist yet, mode 0600) holding `bytes`, fsync'd before it resolves. */
export async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files a crashed writer left behind for this target. */
export async function removeStaleTemps(target: string): Promise<void> {
  const prefix = tempPrefix(target);
  const dir = dirname(target);
  for (const name of await readdir(dir)) {
    if (name.startsWith(prefix)) await unlink(join(dir, name)).catch(() => undefined);
  }
}

/**
 * Atomically replaces `target` with `bytes`. When `backup` is given, the file being replaced
 * first becomes `backup` (atomically), so the previous good copy survives.
 */
export async function replaceFileAtomically(target: string, bytes: Uint8Array, backup?: string): Promise<void> {
  const dir = dirname(target);
  const temp = join(dir, `${tempPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}`);
  await writeDurably(temp, bytes);
  try {
    if (backup) await keepAsBackup(target, backup);
    await renameWithRetry(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
}

async function keepAsBackup(current: string, backup: string): Promise<void> {
  const staging = join(dirname(backup), `${tempPrefix(backup)}${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await link(current, staging);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // nothing to keep yet
    await copyFile(current, staging);
    const handle = await open(staging, 'r+');
    await handle.sync().finally(() => handle.close());
  }
  await renameWithRetry(staging, backup);
}
