/**
 * The gateway bridge under fake-indexeddb with a stand-in for main's sync channels: inbound
 * messages are filed before they are acknowledged and never twice (even when main re-delivers
 * after a crash), replies are queued then filed with their client id, delivery states follow
 * outbox events, and refusals come back typed with nothing filed.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { makeTestKeys } from '../testing/test-keys';
import { queuePage } from '../repositories/conversations';
import { findMessageByClientId, findMessageByGatewaySid, latestMessages, resolveReview } from '../repositories/messages';
import { consentHistoryForPhone, consentStateForPhone, recordConsentEvent } from '../repositories/consent';
import { deliveryStateOf, startGatewayBridge, type SyncApi } from './gateway-bridge';

let db: PracticeDb;
beforeAll(async () => {
  const keys = await makeTestKeys();
  db = await openPracticeDb({ name: 'gateway-bridge', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb: { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange }, collections: ['patients', 'conversations', 'messages', 'consent_events'] });
});
afterAll(async () => {
  await db.close();
});

const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;
const inbound = (n: number, body: string) => ({ sid: sid(n), from: '+12025550103', to: '+12025550100', body, receivedAt: new Date(Date.UTC(2026, 10, 28, 15, 0, n)).toISOString(), numMedia: 0, keyword: null, stopIntent: false });

function stand_in() {
  let held = [inbound(1, 'Synthetic: yes I confirm'), inbound(2, 'Synthetic: what time again?')];
  const acked: string[] = [];
  let availableListener: ((p: { pending: number }) => void) | null = null;
  let changedListener: ((p: { clientIds: string[]; queueDepth: number }) => void) | null = null;
  const entries = new Map<string, any>();
  const api = {
    inbox: {
      take: vi.fn(async () => ({ ok: true as const, value: { messages: held, pending: held.length } })),
      ack: vi.fn(async ({ sids }: { sids: string[] }) => {
        acked.push(...sids);
        held = held.filter((m) => !sids.includes(m.sid));
        return { ok: true as const, value: { acknowledged: sids.length, pending: held.length } };
      }),
      onAvailable: (cb: (p: { pending: number }) => void) => ((availableListener = cb), () => (availableListener = null)),
    },
    outbox: {
      send: vi.fn(async ({ to, body }: { to: string; body: string }) => {
        if (to === '+12025550199') return { ok: false as const, error: { code: 'SUPPRESSED', message: 'Not sent: this number opted out by texting STOP.' } };
        const entry = { clientId: `out-${entries.size + 1}`, to, body, origin: { kind: 'inbox-reply', refs: {} }, createdBy: 'u1', createdAt: new Date().toISOString(), notBefore: null, notAfter: null, state: 'queued', sid: null, attempts: 0, acceptedAt: null, finalAt: null, updatedAt: new Date().toISOString(), nextAttemptAt: null, errorCode: null, errorText: null };
        entries.set(entry.clientId, entry);
        return { ok: true as const, value: { entry, warning: null } };
      }),
      get: vi.fn(async ({ clientId }: { clientId: string }) => ({ ok: true as const, value: { entry: entries.get(clientId) } })),
      onChanged: (cb: (p: { clientIds: string[]; queueDepth: number }) => void) => ((changedListener = cb), () => (changedListener = null)),
    },
  };
  return {
    api: api as unknown as SyncApi,
    acked,
    redeliver: (m: ReturnType<typeof inbound>) => (held = [...held, m]),
    announce: (pending: number) => availableListener?.({ pending }),
    change: (clientId: string, patch: Record<string, unknown>) => {
      entries.set(clientId, { ...entries.get(clientId), ...patch, updatedAt: new Date().toISOString() });
      changedListener?.({ clientIds: [clientId], queueDepth: 0 });
    },
    raw: api,
  };
}

describe('gateway bridge', () => {
  it('files inbound messages, then acknowledges them, and never files one twice', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    await vi.waitFor(() => expect(s.acked).toHaveLength(2));
    const [conversation] = await queuePage(db);
    expect(conversation).toMatchObject({ inboundCount: 2, lastMessagePreview: 'Synthetic: what time again?', phone: '+12025550103' });
    // Main re-delivers message 2 (say the renderer crashed before its ack reached main).
    s.redeliver(inbound(2, 'Synthetic: what time again?'));
    s.announce(1);
    await vi.waitFor(() => expect(s.acked).toHaveLength(3));
    expect(await latestMessages(db, conversation!.id)).toHaveLength(2);
    bridge.stop();
  });

  it('queues a reply in main, files it with its client id, and follows its delivery state', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    const sent = await bridge.send({ to: '+12025550103', body: 'Synthetic: see you at 3 pm.', staffId: 'u1' });
    expect(sent.ok).toBe(true);
    const mine = async () => [await findMessageByClientId(db, 'out-1')];
    expect((await latestMessages(db, sent.conversationId!)).some((m) => m.clientId === 'out-1')).toBe(true);
    expect((await mine()).at(-1)).toMatchObject({ direction: 'outbound', state: 'queued', clientId: 'out-1' });
    s.change('out-1', { state: 'sent', sid: sid(99) });
    await vi.waitFor(async () => expect((await mine()).at(-1)).toMatchObject({ state: 'sent', gatewaySid: sid(99) }));
    s.change('out-1', { state: 'delivered' });
    await vi.waitFor(async () => expect((await mine()).at(-1)).toMatchObject({ state: 'delivered' }));
    s.change('out-1', { state: 'undelivered', errorCode: '30006' });
    await vi.waitFor(async () => expect((await mine()).at(-1)).toMatchObject({ state: 'undelivered', errorCode: 30006 }));
    bridge.stop();
  });

  it('returns a refusal typed and files nothing', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    const before = (await queuePage(db)).length;
    expect(await bridge.send({ to: '+12025550199', body: 'Synthetic text', staffId: 'u1' })).toEqual({ ok: false, error: { code: 'SUPPRESSED', message: expect.stringMatching(/opted out/) } });
    expect((await queuePage(db)).length).toBe(before);
    bridge.stop();
  });

  it.each([
    ['queued', 'queued'],
    ['accepted', 'sending'],
    ['refused', 'failed'],
    ['cancelled', 'failed'],
    ['delivered', 'delivered'],
  ] as const)('maps outbox %s to %s', (state, expected) => {
    expect(deliveryStateOf({ state })).toBe(expected);
  });
  it('a message announced while a pass is finishing is still filed (no lost wake-up)', async () => {
    const s = stand_in();
    // A message lands while the first batch is being acknowledged: the pass is about to finish.
    let acks = 0;
    const ack = s.raw.inbox.ack.getMockImplementation()!;
    s.raw.inbox.ack.mockImplementation(async (request: { sids: string[] }) => {
      const answer = await ack(request);
      if (++acks === 1) {
        s.redeliver({ ...inbound(40, 'Synthetic: arrived while the pass was finishing'), from: '+12025550140' });
        s.announce(1);
      }
      return answer;
    });
    const bridge = startGatewayBridge(db, s.api);
    await vi.waitFor(() => expect(s.acked).toContain(sid(40)));
    bridge.stop();
  });
  it('R22/R27: a STOP main acted on while locked is in the ledger after unlock; START restores it (not marketing)', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    await vi.waitFor(() => expect(s.acked.length).toBeGreaterThanOrEqual(2));
    s.redeliver({ ...inbound(60, 'Stop!'), from: '+12025550165', keyword: 'stop' as never });
    s.announce(1);
    await vi.waitFor(() => expect(s.acked).toContain(sid(60)));
    const care = await consentStateForPhone(db, '+12025550165', 'care');
    expect(care).toMatchObject({ state: 'revoked', method: 'sms-keyword', keyword: 'STOP' });
    expect((await consentHistoryForPhone(db, '+12025550165', 'care'))[0]).toMatchObject({ sourceText: 'Stop!', staffId: 'system' });
    expect((await consentStateForPhone(db, '+12025550165', 'marketing')).state).toBe('none');
    // Delivered twice (a crash before the ack): still one event per purpose.
    s.redeliver({ ...inbound(60, 'Stop!'), from: '+12025550165', keyword: 'stop' as never });
    s.announce(1);
    await vi.waitFor(() => expect(s.acked.filter((x) => x === sid(60))).toHaveLength(2));
    expect(await consentHistoryForPhone(db, '+12025550165', 'care')).toHaveLength(1);
    s.redeliver({ ...inbound(61, 'START'), from: '+12025550165', keyword: 'start' as never });
    s.announce(1);
    await vi.waitFor(() => expect(s.acked).toContain(sid(61)));
    expect((await consentStateForPhone(db, '+12025550165', 'care')).state).toBe('granted');
    expect((await consentStateForPhone(db, '+12025550165', 'marketing')).state).toBe('none');
    bridge.stop();
  });
  it('R26: by default a STOP in reply to a reminder revokes every kind of text, marketing included', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    await vi.waitFor(() => expect(s.acked.length).toBeGreaterThanOrEqual(2));
    for (const purpose of ['appointment-reminders', 'marketing'] as const) {
      await recordConsentEvent(db, { phone: '+12025550167', purpose, action: 'grant', method: 'electronic-form', staffId: 'u1', at: Date.now() - 60_000 });
    }
    s.redeliver({ ...inbound(62, 'STOP'), from: '+12025550167', keyword: 'stop' as never });
    s.announce(1);
    await vi.waitFor(() => expect(s.acked).toContain(sid(62)));
    for (const purpose of ['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing'] as const) {
      expect((await consentStateForPhone(db, '+12025550167', purpose)).state).toBe('revoked');
    }
    bridge.stop();
  });

  it('R28: a 21610 from the gateway records a revocation at the carrier in the ledger', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    const sent = await bridge.send({ to: '+12025550166', body: 'Synthetic reminder', staffId: 'u1' });
    expect(sent.ok).toBe(true);
    const clientId = (await s.raw.outbox.send.mock.results.at(-1)!.value).value.entry.clientId as string;
    s.change(clientId, { state: 'failed', errorCode: '21610' });
    await vi.waitFor(async () => expect((await consentStateForPhone(db, '+12025550166', 'care')).state).toBe('revoked'));
    expect(await consentStateForPhone(db, '+12025550166', 'appointment-reminders')).toMatchObject({ state: 'revoked', method: 'gateway-21610' });
    bridge.stop();
  });
  it('R22/R19: a revocation in words and a wrong-number reply are filed flagged for staff; a decision only moves forward', async () => {
    const s = stand_in();
    const bridge = startGatewayBridge(db, s.api);
    await vi.waitFor(() => expect(s.acked.length).toBeGreaterThanOrEqual(2));
    s.redeliver({ ...inbound(70, 'Synthetic: please stop texting me'), from: '+12025550170' });
    s.redeliver({ ...inbound(71, 'Wrong number, sorry'), from: '+12025550171' });
    s.redeliver({ ...inbound(72, 'See you Tuesday'), from: '+12025550172' });
    s.announce(3);
    await vi.waitFor(() => expect(s.acked).toContain(sid(72)));
    const bySid = async (n: number) => (await findMessageByGatewaySid(db, sid(n)))!;
    expect(await bySid(70)).toMatchObject({ review: 'opt-out', reviewConfidence: 90 });
    expect(await bySid(71)).toMatchObject({ review: 'wrong-number' });
    expect(await bySid(72)).toMatchObject({ review: '', reviewConfidence: 0 });
    await resolveReview(db, (await bySid(70)).id, 'dismissed');
    await resolveReview(db, (await bySid(70)).id, 'confirmed');
    expect((await bySid(70)).review).toBe('dismissed');
    bridge.stop();
  });
});
