import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile, truncate, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type AuditEvent } from './audit-record';
import { RetentionError } from './audit-retention';
import { openAuditTrail, type AuditTrail, type AuditTrailOptions } from './audit-trail';

const keys = { enc: randomBytes(32), mac: randomBytes(32) };
const CANARY = 'CANARY body: Hi Maria, your biopsy results are ready, call 555-0100';
let dir: string;
let clock: Date;
const opened: AuditTrail[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carerelay-audit-'));
  clock = new Date('2026-03-01T12:00:00.000Z');
});
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function openTrail(extra: Partial<AuditTrailOptions> = {}): Promise<AuditTrail> {
  const trail = await openAuditTrail({ dir, keys, device: 'desk-1', now: () => clock, ...extra });
  opened.push(trail);
  return trail;
}

const event = (i: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
  actorId: `user-${i % 3}`,
  actorRole: 'front-desk',
  action: i % 2 ? 'record.view' : 'message.send',
  objectType: 'patient',
  objectId: `pat-${i % 4}`,
  outcome: 'success',
  ...over,
});

async function trailWith(n: number): Promise<AuditTrail> {
  const trail = await openTrail();
  for (let i = 0; i < n; i++) {
    await trail.append(event(i));
    clock = new Date(clock.getTime() + 60_000);
  }
  return trail;
}

const logPath = (): string => join(dir, 'audit.log');
const lines = async (): Promise<string[]> => (await readFile(logPath(), 'utf8')).split('\n').filter(Boolean);
const writeLines = (ls: string[]): Promise<void> => writeFile(logPath(), `${ls.join('\n')}\n`);

describe('audit trail: appends', () => {
  it('stamps seq, UTC time and device, and survives a reopen', async () => {
    const trail = await openTrail();
    const r = await trail.append(event(1));
    expect(r).toMatchObject({ seq: 1, at: '2026-03-01T12:00:00.000Z', device: 'desk-1', actorId: 'user-1' });
    await trail.close();
    const again = await openTrail();
    expect((await again.append(event(2))).seq).toBe(2);
    expect(await again.verify()).toEqual({ ok: true, records: 2, lastSeq: 2 });
  });

  it('group-commits concurrent appends in order, one line each', async () => {
    const trail = await openTrail();
    const records = await Promise.all(Array.from({ length: 250 }, (_, i) => trail.append(event(i))));
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect(await lines()).toHaveLength(250);
    expect((await trail.verify()).ok).toBe(true);
  });

  it('stores nothing readable: ids, actions and times are encrypted', async () => {
    await trailWith(3);
    const raw = await readFile(logPath(), 'utf8');
    for (const secret of ['user-1', 'record.view', 'pat-1', '2026-03-01', 'desk-1']) expect(raw).not.toContain(secret);
  });

  it('uses the system actor for system events and never accepts a null or missing actor', async () => {
    const trail = await openTrail();
    await trail.append({ ...SYSTEM_ACTOR, action: 'session.auto-lock', objectType: 'session', objectId: 'sess-1', outcome: 'success' });
    const bad: unknown[] = [
      { ...event(1), actorId: null },
      { ...event(1), actorRole: null },
      (({ actorId: _a, ...rest }) => rest)(event(1)),
      { ...event(1), actorId: '' },
      { ...event(1), actorId: 'system', actorRole: 'administrator' },
      { ...event(1), actorId: 'user-1', actorRole: 'system' },
    ];
    for (const b of bad) await expect(trail.append(b as AuditEvent)).rejects.toThrow();
    const all = await trail.query();
    expect(all).toHaveLength(1);
    for (const r of all) {
      expect(r.actorId).toBeTruthy();
      expect(r.actorRole).toBeTruthy();
    }
  });

  it('rejects a canary message body in every field and never writes it', async () => {
    const trail = await openTrail();
    const fields = ['actorId', 'action', 'objectType', 'objectId', 'detail', 'outcome'] as const;
    for (const f of fields) await expect(trail.append({ ...event(1), [f]: CANARY })).rejects.toThrow();
    for (const f of ['body', 'text', 'message']) await expect(trail.append({ ...event(1), [f]: CANARY } as AuditEvent)).rejects.toThrow();
    await trail.append({ ...event(1), detail: 'WRONG_PASSWORD' });
    const raw = await readFile(logPath(), 'utf8');
    expect(raw).not.toContain('CANARY');
    const decrypted = JSON.stringify(await trail.query());
    expect(decrypted).not.toContain('CANARY');
    expect(decrypted).not.toContain('Maria');
    expect(await trail.query()).toHaveLength(1);
  });
});

describe('audit trail: verification', () => {
  it('passes on an intact trail', async () => {
    const trail = await trailWith(10);
    expect(await trail.verify()).toEqual({ ok: true, records: 10, lastSeq: 10 });
  });

  it('detects a change to ANY single byte of the file', async () => {
    const trail = await trailWith(3);
    await trail.close();
    const original = await readFile(logPath());
    const headCopy = await readFile(join(dir, 'audit.head'));
    const undetected: number[] = [];
    for (let i = 0; i < original.length; i++) {
      const bytes = Buffer.from(original);
      bytes[i] = (bytes[i] ?? 0) ^ 0x01;
      await writeFile(logPath(), bytes);
      await writeFile(join(dir, 'audit.head'), headCopy);
      const t = await openAuditTrail({ dir, keys, device: 'desk-1', now: () => clock });
      const report = await t.verify();
      await t.close();
      if (report.ok) undetected.push(i);
      for (const f of await readdir(dir)) if (f.startsWith('audit.torn-')) await rm(join(dir, f));
    }
    expect(undetected).toEqual([]);
  }, 60_000);
  it('reports a deleted record as missing, with its seq', async () => {
    const trail = await trailWith(8);
    const ls = await lines();
    ls.splice(4, 1);
    await writeLines(ls);
    expect(await trail.verify()).toMatchObject({ ok: false, problem: 'missing', seq: 5, line: 5 });
  });

  it('reports a deleted LAST record (caught by the head anchor)', async () => {
    const trail = await trailWith(8);
    await trail.close();
    await writeLines((await lines()).slice(0, 7));
    const again = await openTrail();
    expect(await again.verify()).toMatchObject({ ok: false, problem: 'missing', seq: 8 });
  });

  it('reports two swapped records as reordered', async () => {
    const trail = await trailWith(8);
    const ls = await lines();
    [ls[2], ls[3]] = [ls[3] as string, ls[2] as string];
    await writeLines(ls);
    expect(await trail.verify()).toMatchObject({ ok: false, problem: 'reordered', seq: 3, line: 3 });
  });

  it('reports a record moved to the end as reordered', async () => {
    const trail = await trailWith(6);
    const ls = await lines();
    const [moved] = ls.splice(1, 1);
    await writeLines([...ls, moved as string]);
    expect(await trail.verify()).toMatchObject({ ok: false, problem: 'reordered', seq: 2 });
  });

  it('reports a truncated last line, on the running trail and after a restart', async () => {
    const trail = await trailWith(5);
    const size = (await stat(logPath())).size;
    await truncate(logPath(), size - 20);
    expect(await trail.verify()).toMatchObject({ ok: false, problem: 'truncated', seq: 5 });
    await trail.close();
    const again = await openTrail();
    const report = await again.verify();
    expect(report.ok).toBe(false);
    // The damage is recorded in the trail itself, by the system actor.
    expect(await again.query({ action: 'audit.integrity' })).toMatchObject([{ actorId: 'system', detail: 'TRUNCATED_TAIL', outcome: 'failure' }]);
  });

  it('a deleted or forged head anchor is reported and recorded in the trail', async () => {
    const trail = await trailWith(4);
    await trail.close();
    await writeFile(join(dir, 'audit.head'), Buffer.alloc(512, 0x20));
    const forged = await openTrail();
    expect(await forged.query({ action: 'audit.integrity' })).toMatchObject([{ seq: 5, detail: 'HEAD_ANCHOR_MISSING' }]);
    await forged.close();
    await rm(join(dir, 'audit.head'));
    await writeLines((await lines()).slice(0, 3)); // and cut records from the end
    const again = await openTrail();
    expect(await again.query({ action: 'audit.integrity' })).toMatchObject([{ detail: 'HEAD_ANCHOR_MISSING' }]);
  });

  it('a record substituted from another trail (other keys) is broken', async () => {
    const trail = await trailWith(4);
    await trail.close();
    const mine = await lines();
    const otherDir = await mkdtemp(join(tmpdir(), 'carerelay-audit-other-'));
    const other = await openAuditTrail({ dir: otherDir, keys: { enc: randomBytes(32), mac: randomBytes(32) }, device: 'desk-1', now: () => clock });
    for (let i = 0; i < 4; i++) await other.append(event(i));
    await other.close();
    const theirs = (await readFile(join(otherDir, 'audit.log'), 'utf8')).split('\n').filter(Boolean);
    await rm(otherDir, { recursive: true, force: true });
    mine[2] = theirs[2] as string;
    await writeLines(mine);
    const again = await openTrail();
    expect(await again.verify()).toMatchObject({ ok: false, problem: 'broken', seq: 3 });
  });

  it('a crash mid-append (torn tail, never acknowledged) is cut off, kept aside and audited', async () => {
    const trail = await trailWith(3);
    await trail.close();
    const log = await readFile(logPath(), 'utf8');
    await writeFile(logPath(), `${log}{"seq":4,"prev":"abc`);
    const again = await openTrail();
    expect(await again.verify()).toEqual({ ok: true, records: 4, lastSeq: 4 });
    expect(await again.query({ action: 'audit.repair' })).toMatchObject([{ seq: 4, actorId: 'system', detail: 'TORN_TAIL_REMOVED' }]);
    expect((await readdir(dir)).some((f) => f.startsWith('audit.torn-'))).toBe(true);
  });
});

describe('audit trail: query and export', () => {
  it('filters by actor, action, patient and date range', async () => {
    const trail = await trailWith(12); // one record per minute from 12:00
    expect((await trail.query({ actorId: 'user-1' })).map((r) => r.seq)).toEqual([2, 5, 8, 11]);
    expect((await trail.query({ action: 'record.view', objectId: 'pat-1' })).map((r) => r.seq)).toEqual([2, 6, 10]);
    const from = new Date('2026-03-01T12:03:00.000Z');
    const to = new Date('2026-03-01T12:05:00.000Z');
    expect((await trail.query({ from, to })).map((r) => r.seq)).toEqual([4, 5, 6]);
    expect(await trail.query({ actorId: 'nobody' })).toEqual([]);
    expect(await trail.query({ limit: 2 })).toHaveLength(2);
  });

  it('exports CSV with a header and CRLF rows', async () => {
    const trail = await trailWith(2);
    const csv = await trail.exportCsv();
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe('seq,at,actorId,actorRole,device,action,objectType,objectId,outcome,detail');
    expect(rows[1]).toBe('1,2026-03-01T12:00:00.000Z,user-0,front-desk,desk-1,message.send,patient,pat-0,success,');
    expect(rows).toHaveLength(4);
  });
});

describe('audit trail: retention', () => {
  it('refuses to purge anything younger than six years', async () => {
    const trail = await trailWith(3);
    await expect(trail.purgeBefore(new Date('2021-01-01T00:00:00Z'), SYSTEM_ACTOR)).rejects.toBeInstanceOf(RetentionError);
    await expect(trail.purgeBefore(clock, SYSTEM_ACTOR)).rejects.toBeInstanceOf(RetentionError);
    expect((await trail.query()).length).toBe(3);
  });

  it('purges only records older than six years, keeps the chain verifiable and audits the purge', async () => {
    clock = new Date('2018-01-01T00:00:00Z');
    const trail = await openTrail();
    for (let i = 0; i < 3; i++) await trail.append(event(i)); // 2018
    clock = new Date('2021-06-01T00:00:00Z');
    for (let i = 3; i < 5; i++) await trail.append(event(i)); // 2021
    clock = new Date('2026-03-01T00:00:00Z');
    const { purged } = await trail.purgeBefore(new Date('2020-01-01T00:00:00Z'), { actorId: 'admin-1', actorRole: 'administrator' });
    expect(purged).toBe(3);
    const left = await trail.query();
    expect(left.map((r) => r.seq)).toEqual([4, 5, 6]);
    expect(left[2]).toMatchObject({ action: 'audit.purge', actorId: 'admin-1', detail: 'RETENTION_6Y' });
    expect(await trail.verify()).toEqual({ ok: true, records: 3, lastSeq: 6 });
    await trail.close();
    const again = await openTrail();
    expect((await again.append(event(9))).seq).toBe(7);
    expect((await again.verify()).ok).toBe(true);
    // Deleting a kept record after the checkpoint is still caught.
    const ls = await lines();
    ls.splice(1, 1);
    await writeLines(ls);
    expect(await again.verify()).toMatchObject({ ok: false, problem: 'missing', seq: 4 });
  });
});
