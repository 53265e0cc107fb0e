/**
 * Streams the lines of a file (split on LF) up to a byte limit without loading it whole:
 * the audit trail holds years of records. The last line is flagged incomplete when it has
 * no terminating LF (a torn or truncated write).
 */
import { open } from 'node:fs/promises';

export interface FileLine {
  text: string;
  /** Byte offset of the line's first byte. */
  offset: number;
  complete: boolean;
}

/** `start`: the byte offset of a line's first byte to begin at (offsets stay absolute). */
export async function* readLines(path: string, limit = Number.POSITIVE_INFINITY, chunkBytes = 1 << 20, start = 0): AsyncGenerator<FileLine> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const buf = Buffer.alloc(chunkBytes);
    let carry = Buffer.alloc(0);
    let carryOffset = start;
    let position = start;
    while (position < limit) {
      const want = Math.min(chunkBytes, limit - position);
      const { bytesRead } = await handle.read(buf, 0, want, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        yield { text: data.toString('utf8', start, nl), offset: carryOffset + start, complete: true };
        start = nl + 1;
      }
      carryOffset += start;
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length) yield { text: carry.toString('utf8'), offset: carryOffset, complete: false };
  } finally {
    await handle.close();
  }
}
