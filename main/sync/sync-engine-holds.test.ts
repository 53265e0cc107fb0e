/**
 * The engine's R14, R28 and R39 duties: synced message text removed at the gateway (durably,
 * paced, only when enabled), 21610 at create recorded once on the suppression list without
 * retry, the automated halt after 30034 kept across a restart until resumed, a number suspended
 * after three permanent carrier failures (replies still go), and receipts / failures reported once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { explainGatewayError } from '../../shared/sync/gateway-errors';
import { startSandboxGateway, FAST_TIMING } from '../gateway/sandbox/sandbox-gateway';
import type { GatewayResult, TwilioClient } from '../gateway/twilio-client';
import type { GatewayMessage } from '../gateway/twilio-parse';
import { accessOf, OPEN_POLICY, openEngineRig, TEST_KEY, waitUntil } from '../testing/sync-harness';
import { realClock } from './clock';
import { openInboxStore } from './inbox-store';
import { newOutboxEntry } from './outbox-entry';
import { openOutboxStore } from './outbox-store';
import { openRedactionQueue } from './redaction-queue';
import { openSenderHolds } from './sender-holds';
import { openSuppressionList } from './suppression-list';
import { createSyncEngine } from './sync-engine';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});
const keyId = '0123456789abcdef';
const FAST = { messagesPerSecond: 200, inboundPollMs: 50, statusPollMs: 30, statusPollMaxMs: 200, reconcileGraceMs: 300, backoff: { baseMs: 20, maxMs: 200 }, idleMs: 50 };

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'carerelay-holds-engine-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const msg = (id: string, to: string, kind: 'appointment' | 'inbox-reply' = 'appointment', body = `Synthetic reminder ${id}`) =>
  newOutboxEntry({ clientId: id, to, body, origin: { kind, refs: {} }, createdBy: 'user-1' }, Date.now());

describe('R14: removing synced message text from the gateway', () => {
  it('redacts delivered outbound and acknowledged inbound messages once, and never when off', async () => {
    const dir = await tempDir();
    const sandbox = await startSandboxGateway({ timing: FAST_TIMING });
    cleanups.push(() => sandbox.close());
    const redactions = await openRedactionQueue({ dir, key: TEST_KEY, keyId });
    let on = true;
    const rig = await openEngineRig({ dir, gateway: accessOf(sandbox), tuning: FAST, extra: { redactions, redactAfterSync: () => on } });
    cleanups.push(() => rig.close(), () => redactions.close());
    await rig.outbox.put(msg('r1', '+12025550101'));
    rig.engine.start();
    expect(await waitUntil(() => rig.outbox.get('r1')!.state === 'delivered' && rig.inbox.pendingCount() === 1, 8_000)).toBe(true);
    const outSid = rig.outbox.get('r1')!.sid!;
    const redactsOf = (sid: string) => sandbox.ledger.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/Messages/${sid}.json`) && r.form?.Body === '');
    expect(await waitUntil(() => redactsOf(outSid).length === 1, 3_000)).toBe(true);
    // Inbound: journalled at ack, then redacted.
    const [reply] = rig.inbox.pending(1);
    expect(await rig.engine.queueInboundRedactions([reply!.sid])).toBe(1);
    await rig.inbox.ack([reply!.sid]);
    expect(await waitUntil(() => redactsOf(reply!.sid).length === 1 && redactions.pendingCount() === 0, 3_000)).toBe(true);
    expect(redactions.wasDone(outSid)).toBe(true);
    // Acknowledging again adds nothing; and with the setting off, nothing is queued.
    expect(await rig.engine.queueInboundRedactions([reply!.sid])).toBe(0);
    on = false;
    await rig.outbox.put(msg('r2', '+12025550150'));
    rig.engine.kick();
    expect(await waitUntil(() => rig.outbox.get('r2')!.state === 'delivered', 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(redactsOf(rig.outbox.get('r2')!.sid!)).toHaveLength(0);
    expect(redactions.pendingCount()).toBe(0);
  }, 20_000);

  it('pending redactions survive a restart and are done after it', async () => {
    const dir = await tempDir();
    const sandbox = await startSandboxGateway({ timing: FAST_TIMING });
    cleanups.push(() => sandbox.close());
    const first = await openRedactionQueue({ dir, key: TEST_KEY, keyId });
    const sid = sandbox.addInbound('+12025550150', 'Synthetic question');
    await first.add([{ sid, origin: 'inbound' }]);
    await first.close(); // the app stops before it got to it
    const redactions = await openRedactionQueue({ dir, key: TEST_KEY, keyId });
    const rig = await openEngineRig({ dir, gateway: accessOf(sandbox), tuning: FAST, extra: { redactions, redactAfterSync: () => true } });
    cleanups.push(() => rig.close(), () => redactions.close());
    rig.engine.start();
    expect(await waitUntil(() => redactions.pendingCount() === 0, 3_000)).toBe(true);
    expect(sandbox.ledger.requests.some((r) => r.method === 'POST' && r.path.endsWith(`/Messages/${sid}.json`) && r.form?.Body === '')).toBe(true);
  }, 15_000);
});

describe('R28: gateway errors change the app state', () => {
  it('21610 at create: refused, no retry, number suppressed once from the gateway STOP list', async () => {
    const dir = await tempDir();
    const sandbox = await startSandboxGateway({ timing: FAST_TIMING });
    cleanups.push(() => sandbox.close());
    const optOuts: string[] = [];
    // Inbound polling effectively off: main only learns of the STOP through 21610.
    const rig = await openEngineRig({ dir, gateway: accessOf(sandbox), tuning: { ...FAST, inboundPollMs: 1e9 }, extra: { onOptOut: (_n, source) => optOuts.push(source) } });
    cleanups.push(() => rig.close());
    await rig.outbox.put(msg('first', '+12025550107', 'inbox-reply'));
    rig.engine.start();
    expect(await waitUntil(() => rig.outbox.get('first')!.state === 'delivered', 5_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 400)); // the simulated patient replies STOP at the gateway
    await rig.outbox.put(msg('second', '+12025550107', 'inbox-reply', 'Second synthetic message'));
    rig.engine.kick();
    expect(await waitUntil(() => rig.outbox.get('second')!.state === 'refused' && optOuts.length === 1, 5_000)).toBe(true);
    expect(rig.outbox.get('second')).toMatchObject({ lastError: '21610', attempts: 1 });
    expect(rig.suppression.get('+12025550107')).toMatchObject({ source: 'gateway-stop-list' });
    expect(optOuts).toEqual(['gateway-stop-list']);
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.ledger.creates.filter((c) => c.body === 'Second synthetic message')).toHaveLength(0);
    expect(sandbox.ledger.requests.filter((r) => r.method === 'POST' && r.status === 400)).toHaveLength(1); // not retried
  }, 15_000);

  it('three permanent failures suspend automated sends to the number; replies still go; failures reported once each', async () => {
    const dir = await tempDir();
    const sandbox = await startSandboxGateway({ timing: FAST_TIMING });
    cleanups.push(() => sandbox.close());
    const holds = await openSenderHolds({ dir, key: TEST_KEY, keyId });
    const failures: string[] = [];
    const suspended: string[] = [];
    const rig = await openEngineRig({
      dir, gateway: accessOf(sandbox), tuning: FAST,
      extra: { holds, onFinalFailure: (e, code) => failures.push(`${e.clientId}:${code}`), onNumberSuspended: (n) => suspended.push(n) },
    });
    cleanups.push(() => rig.close());
    const landline = '+12025550110';
    await rig.outbox.putMany([msg('l1', landline), msg('l2', landline), msg('l3', landline)]);
    rig.engine.start();
    expect(await waitUntil(() => ['l1', 'l2', 'l3'].every((id) => rig.outbox.get(id)!.state === 'undelivered'), 8_000)).toBe(true);
    expect(await waitUntil(() => holds.isSuspended(landline) && failures.length === 3, 2_000)).toBe(true);
    expect(suspended).toEqual([landline]);
    expect(failures.sort()).toEqual(['l1:30006', 'l2:30006', 'l3:30006']);
    await rig.outbox.putMany([msg('l4', landline), msg('reply', landline, 'inbox-reply')]);
    rig.engine.kick();
    expect(await waitUntil(() => rig.outbox.get('l4')!.state === 'refused' && rig.outbox.get('reply')!.state === 'undelivered' && failures.length === 4, 5_000)).toBe(true);
    expect(rig.outbox.get('l4')!.lastError).toBe('NUMBER_SUSPENDED');
    expect(sandbox.ledger.creates.filter((c) => c.body === 'Synthetic reminder l4')).toHaveLength(0);
    // Persisted: a restart still sees it.
    expect((await openSenderHolds({ dir, key: TEST_KEY, keyId })).isSuspended(landline)).toBe(true);
    expect(failures).toHaveLength(4);
  }, 20_000);

  it('30034 halts automated sends across a restart until an administrator resumes', async () => {
    const dir = await tempDir();
    let calls = 0;
    const halted: number[] = [];
    const fake = (respond: () => GatewayResult<GatewayMessage>): TwilioClient => ({
      create: async () => (calls++, respond()),
      list: async () => ({ ok: true, value: { pages: 1 } }),
      fetch: async () => ({ ok: false, error: { kind: 'rejected', maybeDelivered: false, httpStatus: 404, retryAfterMs: null, detail: 'GATEWAY_ERROR', info: explainGatewayError(20404) } }),
      redact: async () => ({ ok: false, error: { kind: 'rejected', maybeDelivered: false, httpStatus: 404, retryAfterMs: null, detail: 'GATEWAY_ERROR', info: explainGatewayError(20404) } }),
    });
    const refuse30034 = (): GatewayResult<GatewayMessage> => ({ ok: false, error: { kind: 'rejected', maybeDelivered: false, httpStatus: 400, retryAfterMs: null, detail: 'GATEWAY_ERROR', info: explainGatewayError(30034) } });
    const accept = (): GatewayResult<GatewayMessage> => ({
      ok: true,
      value: { sid: `SM${'a'.repeat(31)}${calls}`, accountSid: null, from: null, to: null, body: '', status: 'queued', direction: 'outbound-api', dateCreated: Date.now(), dateSent: null, dateUpdated: null, errorCode: null, numSegments: 1, numMedia: 0 },
    });
    const open = async (client: TwilioClient) => {
      const outbox = await openOutboxStore({ dir, key: TEST_KEY, keyId });
      const inbox = await openInboxStore({ dir, key: TEST_KEY, keyId });
      const suppression = await openSuppressionList({ dir, key: TEST_KEY, keyId });
      const holds = await openSenderHolds({ dir, key: TEST_KEY, keyId });
      const engine = createSyncEngine({
        outbox, inbox, suppression, holds, clock: realClock, tuning: FAST, policy: () => OPEN_POLICY, baaOnFile: () => true,
        gateway: { client, kind: 'sandbox', practiceNumber: '+12025550100' }, onRegistrationProblem: (c) => halted.push(c),
      });
      const close = async () => (await engine.stop(), await outbox.close(), await inbox.close());
      cleanups.push(close);
      return { outbox, engine, holds, close };
    };
    const a = await open(fake(refuse30034));
    await a.outbox.put(msg('h1', '+12025550150'));
    a.engine.start();
    expect(await waitUntil(() => a.outbox.get('h1')!.state === 'failed' && halted.length === 1, 3_000)).toBe(true);
    expect(a.engine.automatedPaused()).toBe(true);
    expect(halted).toEqual([30034]);
    await a.close();

    const b = await open(fake(accept));
    const before = calls;
    await b.outbox.putMany([msg('h2', '+12025550151'), msg('h3', '+12025550152', 'inbox-reply')]);
    b.engine.start();
    expect(await waitUntil(() => b.outbox.get('h3')!.state === 'accepted', 3_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(b.engine.automatedPaused()).toBe(true); // remembered across the restart
    expect(b.outbox.get('h2')!.state).toBe('queued');
    expect(calls - before).toBe(1); // only the staff reply went
    expect(await b.engine.resumeAutomated()).toBe(true);
    expect(await waitUntil(() => b.outbox.get('h2')!.state === 'accepted', 3_000)).toBe(true);
    expect(b.holds.automatedHalt()).toBeNull();
  }, 15_000);
});

describe('R39: receipts reported for the audit trail', () => {
  it('reports each new inbound message once', async () => {
    const dir = await tempDir();
    const sandbox = await startSandboxGateway({ timing: FAST_TIMING });
    cleanups.push(() => sandbox.close());
    const received: string[] = [];
    const rig = await openEngineRig({ dir, gateway: accessOf(sandbox), tuning: FAST, extra: { onInboundReceived: (es) => received.push(...es.map((e) => e.sid)) } });
    cleanups.push(() => rig.close());
    const sids = [sandbox.addInbound('+12025550150', 'Synthetic one'), sandbox.addInbound('+12025550151', 'Synthetic two')];
    rig.engine.start();
    expect(await waitUntil(() => received.length === 2, 3_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // several overlapping polls later
    expect(received.sort()).toEqual([...sids].sort());
  }, 10_000);
});
