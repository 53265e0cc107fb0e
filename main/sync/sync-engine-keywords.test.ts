/**
 * Keywords end to end in main (R24, R25, R27, R29): against the sandbox gateway, with the gateway
 * answering STOP / HELP / START itself (Twilio's default) or with CareRelay answering them. After
 * STOP exactly one outbound text reaches the patient within five minutes, whoever sends it;
 * queued reminders to the number are cancelled and never reach the gateway; HELP gets the
 * practice's help text and changes nothing; START lifts the suppression and is confirmed once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingFields, STOP_CONFIRMATION_WINDOW_MS } from '../../shared/consent/keyword-replies';
import { FAST_TIMING, startSandboxGateway } from '../gateway/sandbox/sandbox-gateway';
import { accessOf, openEngineRig, waitUntil } from '../testing/sync-harness';
import { newOutboxEntry } from './outbox-entry';

const practice = { name: 'Testville Family Medicine', phone: '(555) 555-0100' };
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(handling: 'gateway' | 'app', isSender?: () => boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'carerelay-kw-'));
  const sandbox = await startSandboxGateway({ timing: FAST_TIMING, keywordHandling: handling });
  cleanups.push(() => rm(dir, { recursive: true, force: true }), () => sandbox.close());
  const rig = await openEngineRig({
    dir,
    gateway: accessOf(sandbox),
    tuning: { messagesPerSecond: 200, inboundPollMs: 50, statusPollMs: 30, statusPollMaxMs: 200, reconcileGraceMs: 300, backoff: { baseMs: 20, maxMs: 200 }, idleMs: 50 },
    extra: { keywordReplies: () => (handling === 'app' ? practice : null), ...(isSender ? { isSender } : {}) },
  });
  cleanups.push(() => rig.close());
  return { sandbox, rig };
}

const reminder = (id: string, to: string, inMs: number) =>
  newOutboxEntry(
    { clientId: id, to, body: `Reminder ${id}: your visit is tomorrow. Reply STOP to opt out.`, origin: { kind: 'appointment', refs: { appointment: `a-${id}` } }, purpose: 'appointment-reminders', createdBy: 'user-1', notBefore: new Date(Date.now() + inMs).toISOString() },
    Date.now(),
  );

const NUMBER = '+12025550171';

describe('R24 and R25: STOP cancels what waits and is confirmed exactly once', () => {
  it.each(['app', 'gateway'] as const)('R25 with %s answering: exactly one outbound text after STOP, within 300 s, and R24: three queued reminders cancelled', async (handling) => {
    const { sandbox, rig } = await setup(handling);
    await rig.outbox.putMany([reminder('r1', NUMBER, 60_000), reminder('r2', NUMBER, 120_000), reminder('r3', NUMBER, 180_000)]);
    const stopAt = Date.now();
    sandbox.addInbound(NUMBER, 'Stop.');
    rig.engine.start();
    expect(await waitUntil(() => rig.suppression.get(NUMBER) !== null, 3_000)).toBe(true);
    // Give any second reply every chance to appear.
    await waitUntil(() => rig.outbox.all().some((e) => e.state === 'delivered'), handling === 'app' ? 3_000 : 500);
    await new Promise((r) => setTimeout(r, 300));
    for (const id of ['r1', 'r2', 'r3']) expect(rig.outbox.get(id)).toMatchObject({ state: 'cancelled', lastError: 'CONSENT_REVOKED' });
    const toPatient = [...sandbox.ledger.creates, ...sandbox.ledger.gatewayReplies].filter((c) => c.to === NUMBER);
    expect(toPatient).toHaveLength(1);
    expect(toPatient[0]!.at - stopAt).toBeLessThan(STOP_CONFIRMATION_WINDOW_MS);
    expect(toPatient[0]!.body).not.toMatch(/Reminder/);
    if (handling === 'app') {
      expect(missingFields('stop-confirmation', toPatient[0]!.body, practice)).toEqual([]);
      const sid = rig.inbox.pending(5)[0]!.sid;
      expect(rig.outbox.all().filter((e) => e.origin.kind === 'auto-reply').map((e) => [e.clientId, e.state])).toEqual([[`ar-stop-confirmation-${sid}`, 'delivered']]);
    }
  });

  it('R25 with several desks: a desk without the sender lease suppresses and cancels at once but does not answer', async () => {
    const { sandbox, rig } = await setup('app', () => false);
    await rig.outbox.putMany([reminder('r1', NUMBER, 60_000)]);
    sandbox.addInbound(NUMBER, 'STOP');
    rig.engine.start();
    expect(await waitUntil(() => rig.suppression.get(NUMBER) !== null, 3_000)).toBe(true);
    expect(await waitUntil(() => rig.outbox.get('r1')?.state === 'cancelled', 3_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(sandbox.ledger.creates.filter((c) => c.to === NUMBER)).toHaveLength(0);
    expect(rig.outbox.all().filter((e) => e.origin.kind === 'auto-reply')).toEqual([]);
  });

  it('R25: a second STOP (or a re-poll of the first) sends nothing more', async () => {
    const { sandbox, rig } = await setup('app');
    sandbox.addInbound(NUMBER, 'STOP');
    rig.engine.start();
    expect(await waitUntil(() => sandbox.ledger.creates.length === 1, 3_000)).toBe(true);
    sandbox.addInbound(NUMBER, 'stop');
    await rig.engine.pollInboundNow();
    await rig.engine.pollInboundNow();
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.ledger.creates.filter((c) => c.to === NUMBER)).toHaveLength(1);
  });

  it('R25: an old STOP first seen long after it was sent gets no confirmation', async () => {
    const { sandbox, rig } = await setup('app');
    sandbox.addInbound(NUMBER, 'STOP', Date.now() - STOP_CONFIRMATION_WINDOW_MS - 1_000);
    rig.engine.start();
    expect(await waitUntil(() => rig.suppression.get(NUMBER) !== null, 3_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.ledger.creates).toHaveLength(0);
  });
});

describe('R29 HELP and R27 START', () => {
  it('R29: HELP gets one reply with every required field and leaves the consent state unchanged', async () => {
    const { sandbox, rig } = await setup('app');
    sandbox.addInbound(NUMBER, 'help');
    sandbox.addInbound('+12025550172', 'AYUDA');
    rig.engine.start();
    expect(await waitUntil(() => sandbox.ledger.creates.length === 2, 3_000)).toBe(true);
    const en = sandbox.ledger.creates.find((c) => c.to === NUMBER)!;
    const es = sandbox.ledger.creates.find((c) => c.to === '+12025550172')!;
    expect(missingFields('help', en.body, practice)).toEqual([]);
    expect(en.body).toContain('Reply STOP to opt out');
    expect(es.body).toContain('tarifas de mensajes');
    expect(rig.suppression.get(NUMBER)).toBeNull();
    // A second HELP within the hour is not answered again (no reply loops).
    sandbox.addInbound(NUMBER, 'HELP');
    await rig.engine.pollInboundNow();
    await new Promise((r) => setTimeout(r, 200));
    expect(sandbox.ledger.creates.filter((c) => c.to === NUMBER)).toHaveLength(1);
  });

  it('R25: HELP from a number that opted out gets no answer (nothing but the one confirmation)', async () => {
    const { sandbox, rig } = await setup('app');
    await rig.suppression.add(NUMBER, { since: new Date().toISOString(), source: 'inbound-keyword' });
    sandbox.addInbound(NUMBER, 'HELP');
    rig.engine.start();
    expect(await waitUntil(() => rig.inbox.pendingCount() === 1, 3_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(sandbox.ledger.creates).toHaveLength(0);
  });

  it('R27: START from the patient lifts the suppression and is confirmed once; staff restore lifts it too', async () => {
    const { sandbox, rig } = await setup('app');
    await rig.suppression.add(NUMBER, { since: new Date().toISOString(), source: 'inbound-keyword' });
    sandbox.addInbound(NUMBER, 'START');
    rig.engine.start();
    expect(await waitUntil(() => rig.suppression.get(NUMBER) === null && sandbox.ledger.creates.length === 1, 3_000)).toBe(true);
    expect(missingFields('start-confirmation', sandbox.ledger.creates[0]!.body, practice)).toEqual([]);
    // Staff-recorded revocation (R23) cancels what waits; a documented re-opt-in lifts it.
    await rig.outbox.put(reminder('later', NUMBER, 600_000));
    expect(await rig.engine.suppress(NUMBER)).toEqual({ added: true, cancelled: 1 });
    expect(rig.outbox.get('later')).toMatchObject({ state: 'cancelled', lastError: 'CONSENT_REVOKED' });
    expect(await rig.engine.unsuppress(NUMBER)).toBe(true);
    expect(rig.suppression.get(NUMBER)).toBeNull();
  });
});

describe('R19 wrong number', () => {
  it('R19: a "wrong number" reply holds the number (nothing is sent) until staff review it; a staff reply is refused too', async () => {
    const { sandbox, rig } = await setup('app');
    sandbox.addInbound(NUMBER, 'Wrong number, I do not know any doctor');
    rig.engine.start();
    expect(await waitUntil(() => rig.inbox.pendingCount() === 1, 3_000)).toBe(true);
    const reply = newOutboxEntry({ clientId: 'staff-1', to: NUMBER, body: 'Sorry about that!', origin: { kind: 'inbox-reply', refs: {} }, createdBy: 'user-1' }, Date.now());
    expect(rig.engine.gate(reply, Date.now())).toMatchObject({ action: 'refuse', code: 'NUMBER_UNDER_REVIEW' });
    await rig.outbox.put(reminder('held', NUMBER, 0));
    rig.engine.kick();
    expect(await waitUntil(() => rig.outbox.get('held')?.state === 'refused', 3_000)).toBe(true);
    expect(sandbox.ledger.creates).toHaveLength(0);
    // Staff looked: it was not a wrong number after all.
    expect(await rig.engine.releaseReview(NUMBER)).toBe(true);
    expect(rig.engine.gate(reply, Date.now())).toEqual({ action: 'send' });
  });
});
