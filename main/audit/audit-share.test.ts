/**
 * Every desk's audit chain as the practice shares it: a desk's real trail (on disk, its own
 * keys) published in batches to a control database that behaves as CouchDB's does; another desk
 * holding the practice key verifies it and reads its records; publishing again after a crash
 * writes the same documents; a record changed, removed from the middle or removed from the end on
 * the server is reported, per desk, with the first record concerned; nothing readable is there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEncryptedFileStore } from '../store/encrypted-file-store';
import { createControlDbFake } from '../desks/testing/control-db-fake';
import { auditShareStateSchema, createAuditShare, recordDocId, type AuditShareState } from './audit-share';
import { openAuditTrail } from './audit-trail';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const practiceKey = randomBytes(32);
type Docs = Map<string, { doc: Record<string, unknown>; rev: string }>;

async function desk(device: string, server: ReturnType<typeof createControlDbFake>, records: number, epochs?: { key: (epoch?: number) => Uint8Array; epoch: () => number }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'carerelay-audit-share-'));
  dirs.push(dir);
  const trail = await openAuditTrail({ dir: path.join(dir, 'audit'), keys: { enc: randomBytes(32), mac: randomBytes(32) }, device });
  for (let i = 0; i < records; i++) await trail.append({ actorId: 'u-synthetic', actorRole: 'front-desk', action: 'patient.view', objectType: 'patient', objectId: `p-synthetic-${i}`, outcome: 'success' });
  const state = createEncryptedFileStore<AuditShareState>({ dir, name: 'audit-share', key: randomBytes(32), keyId: '0123456789abcdef', schema: 1, parse: (d) => auditShareStateSchema.parse(d) });
  const share = createAuditShare({ trail, desk: server.desk(), state, device, ...(epochs ?? { key: () => practiceKey }) });
  return { trail, state, share };
}

describe('every desk’s audit chain, shared through the practice server', () => {
  it('desk A publishes its trail in batches; desk B verifies it and reads its records; publishing again after a crash changes nothing', async () => {
    const server = createControlDbFake();
    const a = await desk('desk-aaaaaaaa', server, 450);
    const b = await desk('desk-bbbbbbbb', server, 3);
    expect(await a.share.round()).toEqual({ ran: true, published: 450 }); // three batches
    expect(await a.share.round()).toEqual({ ran: true, published: 0 });
    const seen = await b.share.verifyAll();
    const reportA = seen.desks.find((d) => d.desk === 'desk-aaaaaaaa')!;
    expect(reportA).toEqual({ desk: 'desk-aaaaaaaa', records: 450, lastSeq: 450, ok: true, problem: null });
    expect(seen.desks.find((d) => d.desk === 'desk-bbbbbbbb')).toMatchObject({ ok: true, records: 3 });
    expect(seen.records.filter((r) => r.device === 'desk-aaaaaaaa' && r.action === 'patient.view').map((r) => r.objectId)).toContain('p-synthetic-449');

    // New records go in the next round, chained on.
    await a.trail.append({ actorId: 'u-synthetic', actorRole: 'front-desk', action: 'message.view', objectType: 'message', objectId: 'm-synthetic-1', outcome: 'success' });
    expect(await a.share.round()).toEqual({ ran: true, published: 1 });
    // A crash before the state was saved: publishing from the start again writes the same documents.
    const before = JSON.stringify([...server.docs.entries()].filter(([id]) => id.startsWith('audit-desk-aaaaaaaa')));
    await a.state.write({ target: 'as-if-never-published', publishedSeq: 0, lastHash: '', offset: 0 });
    expect((await a.share.round()).published).toBe(451);
    expect(JSON.stringify([...server.docs.entries()].filter(([id]) => id.startsWith('audit-desk-aaaaaaaa')))).toBe(before);
    expect((await b.share.verifyAll()).desks.find((d) => d.desk === 'desk-aaaaaaaa')).toMatchObject({ ok: true, records: 451 });

    // Nothing readable on the server.
    const everything = JSON.stringify([...server.docs.values()]);
    for (const plain of ['patient.view', 'p-synthetic-1', 'u-synthetic', 'front-desk']) expect(everything).not.toContain(plain);
  });

  it.each([
    ['a record changed on the server', (docs: Docs): void => {
      const d = docs.get(recordDocId('desk-cccccccc', 7))!;
      const sealed = Buffer.from(d.doc.sealed as string, 'base64');
      sealed[20] = sealed[20]! ^ 1;
      d.doc = { ...d.doc, sealed: sealed.toString('base64') };
    }, 'Record 7 was changed on the server'],
    ['a record removed from the middle', (docs: Docs): void => void docs.delete(recordDocId('desk-cccccccc', 5)), 'Record 5 is missing'],
    ['records removed from the end', (docs: Docs): void => {
      for (const seq of [9, 10]) docs.delete(recordDocId('desk-cccccccc', seq));
    }, 'Records 9 to 10 were removed from the end'],
    ['a record swapped for another desk’s', (docs: Docs): void => {
      docs.set(recordDocId('desk-cccccccc', 3), docs.get(recordDocId('desk-cccccccc', 4))!);
    }, 'Record 3 is not a record of this desk’s chain'],
  ] as const)('%s is reported, for that desk only', async (_name, tamper, problem) => {
    const server = createControlDbFake();
    const c = await desk('desk-cccccccc', server, 10);
    const d = await desk('desk-dddddddd', server, 2);
    await c.share.round();
    await d.share.round();
    tamper(server.docs);
    const { desks } = await d.share.verifyAll();
    expect(desks.find((x) => x.desk === 'desk-cccccccc')).toMatchObject({ ok: false });
    expect(desks.find((x) => x.desk === 'desk-cccccccc')!.problem).toContain(problem);
    expect(desks.find((x) => x.desk === 'desk-dddddddd')).toMatchObject({ ok: true });
  });

  it('after a key epoch change new records are sealed under it; the chain verifies across both epochs; a desk without the new key cannot read them', async () => {
    const server = createControlDbFake();
    const second = randomBytes(32);
    let epoch = 1;
    const keyFor = (e = epoch) => (e === 1 ? practiceKey : e === 2 ? second : (() => { throw new Error('KEY_MISSING'); })());
    const a = await desk('desk-eeeeeeee', server, 3, { key: keyFor, epoch: () => epoch });
    const reader = await desk('desk-ffffffff', server, 0, { key: keyFor, epoch: () => epoch });
    const stale = await desk('desk-99999999', server, 0, { key: (e = 1) => (e === 1 ? practiceKey : (() => { throw new Error('KEY_MISSING'); })()), epoch: () => 1 });
    await a.share.round();
    epoch = 2;
    await a.trail.append({ actorId: 'u-synthetic', actorRole: 'front-desk', action: 'message.view', objectType: 'message', objectId: 'm-synthetic-2', outcome: 'success' });
    expect((await a.share.round()).published).toBe(1);
    expect(server.docs.get(recordDocId('desk-eeeeeeee', 3))!.doc.e).toBeUndefined();
    expect(server.docs.get(recordDocId('desk-eeeeeeee', 4))!.doc.e).toBe(2);
    expect((await reader.share.verifyAll()).desks.find((d) => d.desk === 'desk-eeeeeeee')).toMatchObject({ ok: true, records: 4 });
    // Epoch 1 only: the head is under epoch 2, so it is reported, not read.
    expect((await stale.share.verifyAll()).desks.find((d) => d.desk === 'desk-eeeeeeee')).toMatchObject({ ok: false, problem: expect.stringContaining('key epoch 2') });
  });
});
