/**
 * One sender, many desks, with two real sync services (each its own training sandbox) and a
 * control database that behaves as CouchDB's does: a reply typed at desk B, which does not hold
 * the sender lease, is handed over and goes out once, from desk A, and desk B's own entry follows
 * it to its outcome; when the lease moves, the new sender takes over an entry the old one had
 * claimed, in doubt, and it still goes out once; an entry cancelled at its desk before the sender
 * took it never goes out; and a desk that cannot reach the practice server sends its own new texts
 * itself after a minute (here: moments).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createGatewayStatus } from '../gateway/gateway-status';
import { createEncryptedFileStore } from '../store/encrypted-file-store';
import { createSyncService, type SyncService } from '../sync/sync-service';
import { middayZone, TEST_KEY, waitUntil } from '../testing/sync-harness';
import { createOutboxHandover, handoverStateSchema, type HandoverState, type OutboxHandover } from './outbox-handover';
import { createControlDbFake } from './testing/control-db-fake';

const dirs: string[] = [];
const running: SyncService[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.dispose();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'carerelay-handover-'));
  dirs.push(d);
  return d;
};
const key = randomBytes(32);

async function desk(name: string, server: ReturnType<typeof createControlDbFake>, options: { sender: boolean; fallbackMs?: number; unreachable?: () => boolean }) {
  const lease = { sender: options.sender };
  let handover: OutboxHandover | null = null;
  const dir = tmp();
  const sync = createSyncService({
    storeDir: dir,
    key: TEST_KEY,
    keyId: '0123456789abcdef',
    status: createGatewayStatus(() => undefined),
    publish: () => undefined,
    audit: async () => undefined,
    practiceTimeZone: () => middayZone(),
    sandboxTiming: 'fast',
    isSender: () => lease.sender,
    holdsBack: (entry, mode) => handover?.holdsBack(entry, mode) ?? false,
    tuning: { reconcileGraceMs: 300, idleMs: 200 },
  });
  running.push(sync);
  const control = server.desk();
  const reachable = <T>(call: () => Promise<T>) => (options.unreachable?.() ? Promise.reject(new Error('SERVER_UNREACHABLE')) : call());
  handover = createOutboxHandover({
    desk: {
      status: control.status,
      listControl: (p, page) => reachable(() => control.listControl(p, page)),
      writeControl: (id, doc, rev) => reachable(() => control.writeControl(id, doc, rev)),
      addControlDocs: (docs) => reachable(() => control.addControlDocs(docs)),
      ownUser: async () => name,
    },
    queue: () => sync.queue(),
    isSender: () => lease.sender,
    key: () => key,
    epoch: () => 1,
    state: createEncryptedFileStore<HandoverState>({ dir, name: 'outbox-handover', key: randomBytes(32), keyId: '0123456789abcdef', schema: 1, parse: (d) => handoverStateSchema.parse(d) }),
    now: Date.now,
    member: true,
    ...(options.fallbackMs !== undefined ? { fallbackMs: options.fallbackMs } : {}),
  });
  await handover.load();
  await sync.start();
  const handlers = sync.handlers(() => ({ id: 'u-synthetic', role: 'administrator' })) as unknown as Record<string, (req: unknown) => Promise<any>>;
  const creates = () => sync.sandbox()!.ledger.creates;
  return { sync, handover, lease, handlers, creates, state: (clientId: string) => sync.queue()!.get(clientId)?.state };
}

const rounds = async (...hs: OutboxHandover[]) => {
  for (const h of hs) await h.round();
};

describe('one sender, many desks: the outbox handed to the leaseholder', () => {
  it('a reply typed at desk B goes out once, from desk A; desk B’s entry follows it to its outcome', async () => {
    const server = createControlDbFake();
    const a = await desk('desk-a', server, { sender: true });
    const b = await desk('desk-b', server, { sender: false });
    const { entry } = await b.handlers['outbox.send']!({ to: '+12025550181', body: 'Synthetic reply typed at desk B.', conversationId: 'conv-1' });
    await b.handover.round();
    expect(server.docs.has(`outbox-${entry.clientId}`)).toBe(true);
    expect(JSON.stringify([...server.docs.values()])).not.toContain('Synthetic reply');
    await new Promise((r) => setTimeout(r, 400));
    expect(b.creates()).toHaveLength(0); // held back at desk B
    await a.handover.round(); // claims and takes it in
    expect(await waitUntil(() => a.creates().length === 1, 5_000)).toBe(true);
    // Rounds carry the outcome back; desk B's entry reaches the same final state and the document goes.
    const done = async () => {
      await rounds(a.handover, b.handover);
      const s = b.state(entry.clientId);
      return s === 'delivered' || s === 'undelivered' || s === 'failed';
    };
    for (let i = 0; i < 40 && !(await done()); i++) await new Promise((r) => setTimeout(r, 150));
    expect(b.state(entry.clientId)).toBe(a.state(entry.clientId));
    expect(b.sync.queue()!.get(entry.clientId)!.sid).toBe(a.sync.queue()!.get(entry.clientId)!.sid);
    await rounds(b.handover);
    expect(server.docs.has(`outbox-${entry.clientId}`)).toBe(false);
    expect(a.creates()).toHaveLength(1);
    expect(b.creates()).toHaveLength(0);
  }, 30_000);

  it('the lease moves after the sender claimed an entry: the new sender takes it over in doubt, and it goes out once', async () => {
    const server = createControlDbFake();
    const a = await desk('desk-a', server, { sender: true });
    const b = await desk('desk-b', server, { sender: false });
    const zone = middayZone();
    const send = { clientId: 'cmp-c1-a1-0', to: '+12025550182', body: 'Synthetic reminder: your visit is on Friday.', appointmentId: 'a1', patientId: 'p-1', touch: 0, notBefore: new Date(Date.now() + 2_500).toISOString(), notAfter: new Date(Date.now() + 3_600_000).toISOString(), recipientTimeZone: zone, recipientStates: [], contactWindow: null };
    expect(await b.handlers['outbox.queueCampaign']!({ campaignId: 'c1', sends: [send] })).toMatchObject({ queued: 1 });
    await b.handover.round();
    await a.handover.round(); // desk A claims it; it waits there for its time
    expect(a.state('cmp-c1-a1-0')).toBe('queued');
    // Desk A loses the lease before the time comes; desk B takes it.
    a.lease.sender = false;
    b.lease.sender = true;
    await b.handover.round();
    expect(b.state('cmp-c1-a1-0')).toBe('sending'); // in doubt: reconciled before any send
    expect(await waitUntil(() => b.creates().length === 1, 8_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 800));
    expect(a.creates()).toHaveLength(0);
    expect(b.creates()).toHaveLength(1);
  }, 30_000);

  it('an entry cancelled at its desk before the sender took it never goes out', async () => {
    const server = createControlDbFake();
    const a = await desk('desk-a', server, { sender: true });
    const b = await desk('desk-b', server, { sender: false });
    const { entry } = await b.handlers['outbox.send']!({ to: '+12025550183', body: 'Synthetic reply, cancelled.', conversationId: 'conv-2' });
    await b.handover.round();
    expect(await b.handlers['outbox.cancel']!({ clientId: entry.clientId })).toMatchObject({ state: 'cancelled' });
    await b.handover.round(); // asks the sender not to send it
    await a.handover.round(); // records it as cancelled instead of claiming it
    await b.handover.round(); // final: the document goes
    await new Promise((r) => setTimeout(r, 400));
    expect(a.creates()).toHaveLength(0);
    expect(b.creates()).toHaveLength(0);
    expect(server.docs.has(`outbox-${entry.clientId}`)).toBe(false);
  }, 30_000);

  it('a desk that cannot reach the practice server sends its own new texts itself after the fallback time', async () => {
    const server = createControlDbFake();
    let down = true;
    const b = await desk('desk-b', server, { sender: false, fallbackMs: 300, unreachable: () => down });
    const { entry } = await b.handlers['outbox.send']!({ to: '+12025550184', body: 'Synthetic reply while the server is down.', conversationId: 'conv-3' });
    await expect(b.handover.round()).rejects.toThrow();
    expect(await waitUntil(() => b.creates().length === 1, 5_000)).toBe(true);
    // Back: nothing it sent itself is handed over.
    down = false;
    await b.handover.round();
    expect(server.docs.has(`outbox-${entry.clientId}`)).toBe(false);
  }, 30_000);
});
