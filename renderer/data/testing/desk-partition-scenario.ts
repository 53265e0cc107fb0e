/**
 * The partition scenario of `npm run bench:desks` (Node, fake-indexeddb, a real CouchDB-protocol
 * server given by URL): two desks replicate the practice database; desk B is cut off from the
 * server; while apart, desk A files `count` inbound texts (half of them also filed by desk B, as
 * both desks poll the same gateway) and both desks send `count / 2` replies each; the server is
 * stopped and restarted once (by the caller's `restartServer`); desk B heals. Then both desks'
 * message sets are compared with what was written: `lost` counts written messages missing on
 * either desk, `duplicates` counts messages present more than once or under an id nobody wrote.
 * Test-only.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { practiceConflictHandlers } from '../replication/conflict-handlers';
import { ensureServerDatabases, startPracticeReplication, type PracticeReplication } from '../replication/practice-replication';
import { createWireSealer } from '../replication/wire-seal';
import { recordMessage } from '../repositories/conversations';
import { makeTestKeys } from './test-keys';

const COLLECTIONS = ['patients', 'conversations', 'messages'] as const;

export interface PartitionResult {
  readonly written: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly converged_s: number;
}

export async function runPartitionScenario(options: { serverUrl: string; count: number; restartServer: () => Promise<void>; timeoutMs?: number }): Promise<PartitionResult> {
  const keys = await makeTestKeys();
  const wireKeys = {
    sealKey: await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    ivKey: await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  };
  await ensureServerDatabases(options.serverUrl, 'partition', fetch, COLLECTIONS);
  let bOffline = false;
  const desks: { db: PracticeDb; replication: PracticeReplication }[] = [];
  for (const name of ['a', 'b']) {
    const sealer = createWireSealer(wireKeys);
    const db = await openPracticeDb({
      name: `partition-${name}-${Date.now()}`,
      getDbKey: () => keys.dbKey,
      indexKey: keys.indexKey,
      keyId: keys.keyId,
      idb: { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange },
      collections: [...COLLECTIONS],
      conflictHandlers: practiceConflictHandlers(Date.now, sealer),
    });
    const deskFetch: typeof fetch = (input, init) => (name === 'b' && bOffline ? Promise.reject(new TypeError('network down')) : fetch(input, init));
    desks.push({ db, replication: startPracticeReplication(db, { serverUrl: options.serverUrl, prefix: 'partition', sealer, fetch: deskFetch, collections: COLLECTIONS }) });
  }
  const [a, b] = desks as [(typeof desks)[0], (typeof desks)[0]];
  try {
    const expected = new Set<string>();
    const phone = (i: number) => `+1202555${String(1000 + (i % 50)).padStart(4, '0')}`;
    bOffline = true;
    const t = Date.now();
    for (let i = 0; i < options.count; i++) {
      const sid = `SMpartition${i}`;
      expected.add(`m-${sid}`);
      await recordMessage(a.db, { phone: phone(i), direction: 'inbound', body: `Synthetic partition text ${i}`, at: t + i, gatewaySid: sid, state: 'received' });
      // Both desks poll the same gateway: half the texts are filed on B too, under the same SID.
      if (i % 2 === 0) await recordMessage(b.db, { phone: phone(i), direction: 'inbound', body: `Synthetic partition text ${i}`, at: t + i, gatewaySid: sid, state: 'received' });
      if (i % 2 === 1) {
        for (const [desk, name] of [[a, 'a'], [b, 'b']] as const) {
          const clientId = `out-${name}-${i}`;
          expected.add(`m-${clientId}`);
          await recordMessage(desk.db, { phone: phone(i), direction: 'outbound', body: `Synthetic reply ${i} from ${name}`, at: t + i + 1, clientId, staffId: `u-${name}`, state: 'sent' });
        }
      }
      if (i === Math.floor(options.count / 2)) await options.restartServer();
    }
    const healedAt = Date.now();
    bOffline = false;
    const ids = async (desk: typeof a) => (await desk.db.collections.messages.find().exec()).map((m) => m.id);
    const deadline = Date.now() + (options.timeoutMs ?? 180_000);
    for (;;) {
      const [ia, ib] = await Promise.all([ids(a), ids(b)]);
      if ((ia.length >= expected.size && ib.length >= expected.size) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const converged_s = (Date.now() - healedAt) / 1000;
    let lost = 0;
    let duplicates = 0;
    for (const desk of [a, b]) {
      const list = await ids(desk);
      const counts = new Map<string, number>();
      for (const id of list) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const id of expected) if (!counts.has(id)) lost++;
      for (const [id, n] of counts) duplicates += expected.has(id) ? n - 1 : n;
    }
    return { written: expected.size, lost, duplicates, converged_s: Math.round(converged_s * 10) / 10 };
  } finally {
    for (const d of desks) {
      await d.replication.stop().catch(() => undefined);
      await d.db.close().catch(() => undefined);
    }
  }
}
