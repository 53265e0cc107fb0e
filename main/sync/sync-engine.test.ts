/**
 * The sync engine against the sandbox gateway: simulated patients end to end, the gate, STOP
 * cancelling pending sends, ambiguous failures reconciled without duplicates, malformed
 * answers, an outage with an injected (scaled) clock, inbound de-duplication across restarts
 * and UTC midnight, and pacing (300 messages at 50/s against a sandbox limited to 50/s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxGateway, FAST_TIMING, type FaultKind, type SandboxGateway } from '../gateway/sandbox/sandbox-gateway';
import { accessOf, openEngineRig, waitUntil, type EngineRig } from '../testing/sync-harness';
import { createScaledClock } from './clock';
import { newOutboxEntry } from './outbox-entry';
import { FINAL_STATES } from '../../shared/sync/outbox-model';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(opts: Parameters<typeof startSandboxGateway>[0] = {}, rigOpts: Partial<Parameters<typeof openEngineRig>[0]> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'carerelay-sync-'));
  const sandbox = await startSandboxGateway({ timing: FAST_TIMING, ...opts });
  cleanups.push(() => rm(dir, { recursive: true, force: true }), () => sandbox.close());
  const open = async (more: Partial<Parameters<typeof openEngineRig>[0]> = {}) => {
    const rig = await openEngineRig({
      dir,
      gateway: accessOf(sandbox),
      tuning: { messagesPerSecond: 200, inboundPollMs: 50, statusPollMs: 30, statusPollMaxMs: 200, reconcileGraceMs: 300, backoff: { baseMs: 20, maxMs: 200 }, idleMs: 50 },
      timeoutMs: 1_000,
      ...rigOpts,
      ...more,
    });
    cleanups.push(() => rig.close());
    return rig;
  };
  return { dir, sandbox, open };
}

const entry = (i: number, to = `+120255501${50 + (i % 40)}`, body = `Test message ${i} for a simulated patient`) =>
  newOutboxEntry({ clientId: `c-${i}`, to, body, origin: { kind: 'inbox-reply', refs: {} }, createdBy: 'user-1' }, Date.now());

const allFinal = (rig: EngineRig, states = ['delivered', 'undelivered', 'failed', 'refused', 'cancelled']) => () => rig.outbox.all().every((e) => states.includes(e.state));
const noDuplicates = (sandbox: SandboxGateway) => [...sandbox.countsByBody().values()].every((n) => n === 1);

describe('sync engine with simulated patients', () => {
  it('delivers, collects replies, honours STOP at once, explains landlines and unreachable phones', async () => {
    const { sandbox, open } = await setup();
    const rig = await open();
    const optOuts: string[] = [];
    const to = (n: string, body: string, id: string, extra = {}) => newOutboxEntry({ clientId: id, to: n, body, origin: { kind: 'appointment', refs: { appointment: `a-${id}` } }, createdBy: 'user-1', ...extra }, Date.now());
    await rig.outbox.putMany([
      to('+12025550101', 'Reminder: visit tomorrow at 9:00. Reply YES to confirm.', 'confirm'),
      to('+12025550107', 'Reminder: visit tomorrow at 10:00.', 'stopper'),
      to('+12025550107', 'Second reminder, later.', 'stopper-later', { notBefore: new Date(Date.now() + 60_000).toISOString() }),
      to('+12025550110', 'Reminder for a landline.', 'landline'),
      to('+12025550111', 'Reminder for an unreachable phone.', 'unreachable'),
      to('+12025550112', 'Reminder for a non-mobile number.', 'not-mobile'),
      to('+12025550105', 'Recordatorio: cita mañana.', 'spanish'),
    ]);
    rig.engine.start();
    const ok = await waitUntil(() => rig.inbox.pendingCount() >= 3 && rig.suppression.get('+12025550107') !== null && allFinal(rig)(), 8_000);
    if (!ok) console.log(rig.inbox.pendingCount(), rig.suppression.get('+12025550107'), rig.outbox.all().map((e) => [e.clientId, e.state, e.lastError]));
    expect(ok).toBe(true);
    const state = (id: string) => rig.outbox.get(id)!;
    expect(state('confirm')).toMatchObject({ state: 'delivered', lastError: null });
    expect(state('landline')).toMatchObject({ state: 'undelivered', lastError: '30006' });
    expect(state('unreachable')).toMatchObject({ state: 'undelivered', lastError: '30003' });
    expect(state('not-mobile')).toMatchObject({ state: 'failed', lastError: '21614' });
    expect(state('stopper-later')).toMatchObject({ state: 'cancelled', lastError: 'CONSENT_REVOKED' });
    const inbound = rig.inbox.pending(10);
    expect(inbound.find((m) => m.from === '+12025550107')).toMatchObject({ keyword: 'stop' });
    expect(inbound.find((m) => m.from === '+12025550105')?.body).toMatch(/seguro/);
    expect(sandbox.ledger.creates.filter((c) => c.body === 'Second reminder, later.')).toHaveLength(0);
    void optOuts;
  });

  it('refuses a send to a suppressed number without touching the network, and audits it', async () => {
    const { sandbox, open } = await setup();
    const refused: string[] = [];
    const rig = await open({ extra: { onRefused: (_e, code) => refused.push(code) } });
    await rig.suppression.add('+12025550160', { since: new Date().toISOString(), source: 'inbound-keyword' });
    await rig.outbox.put(entry(1, '+12025550160'));
    rig.engine.start();
    expect(await waitUntil(allFinal(rig), 3_000)).toBe(true);
    expect(rig.outbox.get('c-1')).toMatchObject({ state: 'refused', lastError: 'RECIPIENT_OPTED_OUT' });
    expect(refused).toEqual(['RECIPIENT_OPTED_OUT']);
    expect(sandbox.ledger.requests.filter((r) => r.op === 'create')).toHaveLength(0);
  });

  it('21610 from the gateway suppresses the number and cancels its pending sends', async () => {
    const { sandbox, open } = await setup();
    const rig = await open();
    // The patient texts STOP straight to the gateway before we poll.
    await rig.outbox.put(entry(1, '+12025550107', 'First'));
    rig.engine.start();
    expect(await waitUntil(() => rig.suppression.get('+12025550107') !== null, 5_000)).toBe(true);
    await rig.outbox.put(entry(2, '+12025550107', 'After the stop'));
    rig.engine.kick();
    expect(await waitUntil(() => rig.outbox.get('c-2')?.state === 'refused', 3_000)).toBe(true);
    expect(sandbox.ledger.creates.filter((c) => c.body === 'After the stop')).toHaveLength(0);
  });
});

describe('R22 loose keywords and revocations in words', () => {
  it('a spaced-out STOP suppresses at once; a revocation in words is flagged for staff, not acted on', async () => {
    const { sandbox, open } = await setup();
    sandbox.addInbound('+12025550160', 'S T O P');
    sandbox.addInbound('+12025550161', 'please stop texting me');
    sandbox.addInbound('+12025550162', 'Can I stop by at 3?');
    const rig = await open();
    rig.engine.start();
    expect(await waitUntil(() => rig.inbox.pendingCount() >= 3, 5_000)).toBe(true);
    expect(rig.suppression.get('+12025550160')).not.toBeNull();
    expect(rig.suppression.get('+12025550161')).toBeNull();
    expect(rig.suppression.get('+12025550162')).toBeNull();
    const byFrom = new Map(rig.inbox.pending(10).map((e) => [e.from, e]));
    expect(byFrom.get('+12025550160')).toMatchObject({ keyword: 'stop' });
    expect(byFrom.get('+12025550161')).toMatchObject({ keyword: null, stopIntent: true });
    expect(byFrom.get('+12025550162')).toMatchObject({ keyword: null, stopIntent: true });
  });
});

describe('ambiguous failures and malformed answers', () => {
  it.each<FaultKind>(['accept-then-drop', 'malformed-json', 'wrong-types', 'huge-body', 'http-500', 'html-502', 'timeout', 'drop-before-read', 'http-429'])(
    'create answered with %s: no duplicate, nothing lost',
    async (fault) => {
      const { sandbox, open } = await setup({ holdMs: 2_000 }, { timeoutMs: 400 });
      sandbox.injectFault(fault, { op: 'create', times: 3 });
      const rig = await open();
      await rig.outbox.putMany(Array.from({ length: 8 }, (_, i) => entry(i)));
      rig.engine.start();
      expect(await waitUntil(allFinal(rig), 10_000)).toBe(true);
      expect(rig.outbox.all().every((e) => e.state === 'delivered')).toBe(true);
      expect(sandbox.ledger.creates).toHaveLength(8);
      expect(noDuplicates(sandbox)).toBe(true);
      if (fault === 'accept-then-drop') expect(sandbox.ledger.requests.some((r) => r.op === 'list' && r.query.To && r.query.To !== sandbox.practiceNumber)).toBe(true);
    },
  );

  it('a listing cut short by its page limit before reaching the send is not taken as "never arrived": nothing is sent twice', async () => {
    const { sandbox, open } = await setup({ holdMs: 2_000 }, { timeoutMs: 400 });
    sandbox.injectFault('accept-then-drop', { op: 'create', times: 1 });
    // One page of two messages per reconciliation: three later texts to the same number push the in-doubt one out of reach.
    const rig = await open({ tuning: { messagesPerSecond: 200, inboundPollMs: 50, statusPollMs: 30, statusPollMaxMs: 200, reconcileGraceMs: 300, reconcilePageSize: 2, reconcileMaxPages: 1, backoff: { baseMs: 20, maxMs: 200 }, idleMs: 50 } });
    const to = '+12025550177';
    await rig.outbox.putMany([entry(100, to, 'In doubt synthetic text'), ...[1, 2, 3].map((i) => entry(100 + i, to, `Later synthetic text ${i}`))]);
    rig.engine.start();
    expect(await waitUntil(() => ['c-101', 'c-102', 'c-103'].every((id) => rig.outbox.get(id)?.state === 'delivered'), 10_000)).toBe(true);
    expect(await waitUntil(() => rig.outbox.get('c-100')?.lastError === 'RECONCILE_INCONCLUSIVE', 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sandbox.countsByBody().get('In doubt synthetic text')).toBe(1);
    expect(rig.outbox.get('c-100')).toMatchObject({ needsReconcile: true, lastError: 'RECONCILE_INCONCLUSIVE' });
  });

  it.each<FaultKind>(['malformed-json', 'wrong-types', 'html-502', 'huge-body', 'http-503'])('inbound list answered with %s: retried, every message collected once', async (fault) => {
    const { sandbox, open } = await setup();
    for (let i = 0; i < 30; i++) sandbox.addInbound('+12025550170', `Inbound ${i}`);
    sandbox.injectFault(fault, { op: 'list', times: 2 });
    const rig = await open();
    rig.engine.start();
    expect(await waitUntil(() => rig.inbox.pendingCount() === 30, 5_000)).toBe(true);
  });

  it('status fetch answered with nonsense keeps polling until final', async () => {
    const { sandbox, open } = await setup();
    sandbox.injectFault('malformed-json', { op: 'fetch', times: 2 });
    sandbox.injectFault('wrong-types', { op: 'fetch', times: 2 });
    const rig = await open();
    await rig.outbox.put(entry(1));
    rig.engine.start();
    expect(await waitUntil(() => rig.outbox.get('c-1')?.state === 'delivered', 5_000)).toBe(true);
  });
});

describe('inbound de-duplication', () => {
  it('survives restarts, UTC midnight and paging', async () => {
    const start = Date.parse('2026-05-04T23:59:58Z');
    const clock = createScaledClock(start, 1);
    const { sandbox, open } = await setup({ clock: () => clock.now() }, { clock });
    for (let i = 0; i < 150; i++) sandbox.addInbound('+12025550171', `Before midnight ${i}`, start - 60_000 + i);
    let rig = await open();
    rig.engine.start();
    expect(await waitUntil(() => rig.inbox.pendingCount() === 150, 5_000)).toBe(true);
    await rig.inbox.ack(rig.inbox.pending(50).map((m) => m.sid));
    await rig.close();
    cleanups.pop();
    // Past midnight: the overlapping window reaches into the previous UTC day.
    expect(await waitUntil(() => clock.now() > Date.parse('2026-05-05T00:00:00Z'), 5_000)).toBe(true);
    for (let i = 0; i < 120; i++) sandbox.addInbound('+12025550172', `After midnight ${i}`);
    rig = await open();
    rig.engine.start();
    expect(await waitUntil(() => rig.inbox.pendingCount() === 100 + 120, 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(rig.inbox.pendingCount()).toBe(220);
    expect(sandbox.ledger.requests.some((r) => r.op === 'list' && r.query['DateSent>'] === '2026-05-04')).toBe(true);
  });
});

describe('outage', () => {
  it('200 queued and 300 inbound during a simulated 30-minute outage: all sent once, all collected once', async () => {
    const clock = createScaledClock(Date.parse('2026-05-05T15:00:00Z'), 600);
    const { sandbox, open } = await setup({ clock: () => clock.now(), timing: { sentAfterMs: [500, 1500], finalAfterMs: [1000, 4000], replyAfterMs: [1e9, 1e9] } }, {
      clock,
      tuning: { messagesPerSecond: 1, inboundPollMs: 15_000, statusPollMs: 5_000, statusPollMaxMs: 60_000, reconcileGraceMs: 30_000, backoff: { baseMs: 1_000, maxMs: 60_000 }, idleMs: 5_000 },
    });
    const rig = await open();
    const states: string[] = [];
    rig.engine.start();
    await new Promise((r) => setTimeout(r, 50));
    await sandbox.goOffline();
    const outageStart = clock.now();
    await rig.outbox.putMany(Array.from({ length: 200 }, (_, i) => entry(i)));
    rig.engine.kick();
    let n = 0;
    while (clock.now() - outageStart < 30 * 60_000) {
      if (n < 300) sandbox.addInbound(`+120255501${80 + (n % 10)}`, `Inbound during outage ${n++}`);
      states.push(rig.engine.connectivity());
      await new Promise((r) => setTimeout(r, 5));
    }
    while (n < 300) sandbox.addInbound(`+120255501${80 + (n % 10)}`, `Inbound during outage ${n++}`);
    expect(rig.outbox.queueDepth()).toBe(200);
    expect(states).toContain('offline');
    await sandbox.goOnline();
    // Real latency (HTTP, fsync) is scaled too: after the outage, run closer to real time.
    clock.setScale(40);
    const back = clock.now();
    expect(await waitUntil(() => rig.inbox.pendingCount() === 300 && rig.outbox.all().every((e) => FINAL_STATES.has(e.state) || e.state === 'sent'), 20_000)).toBe(true);
    const catchUpS = (clock.now() - back) / 1000;
    expect(sandbox.ledger.creates).toHaveLength(200);
    expect(noDuplicates(sandbox)).toBe(true);
    expect(rig.engine.connectivity()).toBe('online');
    // 200 messages at 1/s take 200 s; allow the first backoff and status polling.
    expect(catchUpS).toBeLessThan(400);
  }, 40_000);
});

describe('pacing', () => {
  it('300 messages at 50/s within 5% of the rate, with no 429 from a sandbox limited to 50/s', async () => {
    const { sandbox, open } = await setup({ messagesPerSecond: 50 }, { tuning: { messagesPerSecond: 50, inboundPollMs: 1000, statusPollMs: 2000, statusPollMaxMs: 5000, reconcileGraceMs: 1000, backoff: { baseMs: 100, maxMs: 1000 }, idleMs: 200 } });
    const rig = await open();
    await rig.outbox.putMany(Array.from({ length: 300 }, (_, i) => entry(i)));
    rig.engine.start();
    expect(await waitUntil(() => sandbox.ledger.creates.length === 300, 15_000)).toBe(true);
    const times = sandbox.ledger.creates.map((c) => c.receivedAtMs);
    const rate = (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000);
    expect(Math.abs(rate - 50) / 50).toBeLessThan(0.05);
    expect(sandbox.ledger.requests.filter((r) => r.status === 429)).toHaveLength(0);
  }, 20_000);
});
