/** The durable redaction list: survives reopening (a crash), de-duplicates, retries later, remembers what was done. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRedactionQueue } from './redaction-queue';

const key = new Uint8Array(32).fill(7);
const keyId = '0123456789abcdef';
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const sid = (n: number) => `SM${String(n).padStart(32, '0')}`;

describe('redaction queue', () => {
  it('keeps pending redactions across a reopen and forgets none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carerelay-redact-'));
    dirs.push(dir);
    const q = await openRedactionQueue({ dir, key, keyId });
    expect(await q.add([{ sid: sid(1), origin: 'outbound' }, { sid: sid(2), origin: 'inbound' }, { sid: sid(1), origin: 'outbound' }])).toBe(2);
    await q.done(sid(1), 'redacted');
    await q.retryLater(sid(2), 1, 5_000);
    // No close: as after a crash, only what append made durable counts.
    const again = await openRedactionQueue({ dir, key, keyId });
    expect(again.pendingCount()).toBe(1);
    expect(again.wasDone(sid(1))).toBe(true);
    expect(again.next(1_000)).toEqual({ item: null, wakeAt: 5_000 });
    expect(again.next(5_000).item).toMatchObject({ sid: sid(2), origin: 'inbound', attempts: 1 });
    // Done and pending SIDs are not added twice.
    expect(await again.add([{ sid: sid(1), origin: 'outbound' }, { sid: sid(2), origin: 'inbound' }])).toBe(0);
    await q.close();
    await again.close();
  });

  it('stores only SIDs and times, sealed (no plaintext on disk)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'carerelay-redact-'));
    dirs.push(dir);
    const q = await openRedactionQueue({ dir, key, keyId });
    await q.add([{ sid: sid(3), origin: 'inbound' }]);
    await q.close();
    const files = await readdir(dir);
    const text = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')))).join('\n');
    expect(text).not.toContain(sid(3));
  });
});
