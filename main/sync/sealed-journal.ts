/**
 * Owns the append-only encrypted journal the outbox, inbox and sync state are kept in: one
 * AES-256-GCM sealed JSON record per line (key derived with HKDF from the main-stores key, the
 * journal's name and key id bound as associated data), appended with group-commit fsync so a
 * record is durable before `append` resolves. On open, a torn last line (a crash mid-write) is
 * cut off, since it was never acknowledged; damage anywhere else is reported, never reset.
 * `compact` atomically replaces the file with the live records when it has grown.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceFileAtomically } from '../store/atomic-file';

export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
  constructor(journal: string, line: number) {
    super(`The CareRelay ${journal} journal failed its integrity check at record ${line}. Nothing was changed; contact support.`);
  }
}

export interface SealedJournal<T> {
  /** Every record in order, as read when the journal opened. */
  readonly records: readonly T[];
  /** Appends durably (fsync) and resolves when the records are on disk. */
  append(records: readonly T[]): Promise<void>;
  /** Replaces the journal with these records (atomic), e.g. the live state. */
  compact(records: readonly T[]): Promise<void>;
  /** Lines written since open or the last compaction. */
  readonly lineCount: number;
  close(): Promise<void>;
}

export function journalKey(mainStoresKey: Uint8Array, name: string): Buffer {
  return Buffer.from(hkdfSync('sha256', mainStoresKey, Buffer.alloc(0), `carerelay journal ${name}`, 32));
}

function seal(key: Buffer, aad: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64');
}

function unseal(key: Buffer, aad: Buffer, line: string): unknown {
  const raw = Buffer.from(line, 'base64');
  if (raw.length < 29) throw new Error('short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const pt = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
  return JSON.parse(pt.toString('utf8'));
}

export async function openSealedJournal<T>(options: { dir: string; name: string; key: Uint8Array; keyId: string }): Promise<SealedJournal<T>> {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(options.name)) throw new TypeError('invalid journal name');
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const file = join(options.dir, `${options.name}.crj`);
  const key = journalKey(options.key, options.name);
  const aad = Buffer.from(`carerelay-journal:${options.name}:${options.keyId}`);
  const records: T[] = [];
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let goodBytes = 0;
  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const line = nl < 0 ? text.slice(start) : text.slice(start, nl);
    lineNo++;
    let value: unknown;
    try {
      value = unseal(key, aad, line);
    } catch {
      // Only the last line may be torn (never acknowledged); anything else is damage.
      if (nl < 0 || nl === text.length - 1) break;
      throw new JournalCorruptError(options.name, lineNo);
    }
    if (nl < 0) break; // a complete record without its newline was still never acknowledged
    records.push(value as T);
    start = nl + 1;
    goodBytes = start; // lines are base64: one byte per character
  }
  if (goodBytes < Buffer.byteLength(text, 'utf8')) await truncate(file, goodBytes);

  let handle: FileHandle | null = await open(file, 'a', 0o600);
  let lineCount = records.length;
  let pending: Array<{ lines: string; resolve: () => void; reject: (e: unknown) => void }> = [];
  let writing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        if (!handle) throw new Error('journal closed');
        await handle.write(batch.map((b) => b.lines).join(''));
        await handle.datasync();
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    writing = null;
  }

  return {
    records,
    get lineCount() {
      return lineCount;
    },
    append(items) {
      if (items.length === 0) return Promise.resolve();
      const lines = items.map((r) => `${seal(key, aad, r)}\n`).join('');
      lineCount += items.length;
      return new Promise<void>((resolve, reject) => {
        pending.push({ lines, resolve, reject });
        writing ??= flush();
      });
    },
    async compact(items) {
      while (writing) await writing;
      const bytes = Buffer.from(items.map((r) => `${seal(key, aad, r)}\n`).join(''), 'utf8');
      await handle?.close();
      handle = null;
      await replaceFileAtomically(file, bytes);
      handle = await open(file, 'a', 0o600);
      lineCount = items.length;
    },
    async close() {
      while (writing) await writing;
      await handle?.close();
      handle = null;
    },
  };
}
