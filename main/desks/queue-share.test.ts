/**
 * Queue actions between desks: one recorded at desk A reaches desk B's queue through the
 * practice server (a CAS control-database fake), sealed; B's real sync service applies it once —
 * the reminder waiting for a revoked number is cancelled and the number suppressed, a re-opt-in
 * recorded before the revocation but arriving after it changes nothing, and a reminder for an
 * appointment confirmed at another desk is withdrawn here. An action recorded while the server is
 * out of reach waits and is written later; a tampered copy is refused; the server holds no number
 * in the clear.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { QueueAction } from '../../shared/replication/queue-actions';
import { createAppServices, type AppServices } from '../app-services';
import { totpCode } from '../accounts/totp';
import type { CallSender } from '../ipc/ipc-router';
import { createEncryptedFileStore } from '../store/encrypted-file-store';
import { createMemoryKeychain } from '../vault/memory-keychain';
import { queueShareStateSchema, createQueueShare, type QueueShareState } from './queue-share';
import { createControlDbFake } from './testing/control-db-fake';

const dirs: string[] = [];
const apps: AppServices[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.dispose();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'carerelay-queue-share-'));
  dirs.push(d);
  return d;
};
const key = randomBytes(32);
const NUMBER = '+12025550177';

function share(server: ReturnType<typeof createControlDbFake>, apply: (a: readonly QueueAction[]) => Promise<number>, desk = server.desk()) {
  const state = createEncryptedFileStore<QueueShareState>({ dir: tmp(), name: 'queue-share', key: randomBytes(32), keyId: '0123456789abcdef', schema: 1, parse: (d) => queueShareStateSchema.parse(d) });
  return createQueueShare({ desk, state, key: () => key, epoch: () => 1, apply });
}

describe('queue actions shared between desks', () => {
  it('what desk A records reaches desk B once, sealed; a change on the server is refused; an action recorded offline is written later', async () => {
    const server = createControlDbFake();
    const seenByB: QueueAction[] = [];
    const applied = new Set<string>();
    const apply = async (list: readonly QueueAction[]) => {
      const fresh = list.filter((a) => !applied.has(a.id));
      fresh.forEach((a) => applied.add(a.id));
      seenByB.push(...fresh);
      return fresh.length;
    };
    const a = share(server, async () => 0);
    const b = share(server, apply);
    await a.publish({ id: 'ce-revoke-1', number: NUMBER, kind: 'revoke', at: 1_000 });
    await a.round();
    expect(await b.round()).toMatchObject({ ran: true, applied: 1, refused: 0 });
    expect(await b.round()).toMatchObject({ applied: 0 });
    expect(seenByB).toEqual([{ id: 'ce-revoke-1', number: NUMBER, kind: 'revoke', at: 1_000 }]);
    expect(JSON.stringify([...server.docs.values()])).not.toContain('2025550177');

    // Someone changes the sealed copy: refused, not applied.
    const doc = server.docs.get('queueact-ce-revoke-1')!;
    const sealed = Buffer.from(doc.doc.sealed as string, 'base64');
    sealed[20] = sealed[20]! ^ 1;
    server.tamper('queueact-ce-revoke-1', { ...doc.doc, sealed: sealed.toString('base64') });
    expect(await b.round()).toMatchObject({ refused: 1, applied: 0 });

    // Desk A cannot reach the server: the action waits, and is written when it answers.
    let reachable = false;
    const flaky = { ...server.desk(), addControlDocs: async (docs: never) => (reachable ? server.desk().addControlDocs(docs) : Promise.reject(new Error('SERVER_UNREACHABLE'))) };
    const offline = share(server, async () => 0, flaky as never);
    await offline.publish({ id: 'ce-restore-2', number: NUMBER, kind: 'restore', at: 2_000 });
    await expect(offline.round()).rejects.toThrow();
    expect(server.docs.has('queueact-ce-restore-2')).toBe(false);
    reachable = true;
    expect(await offline.round()).toMatchObject({ written: 1 });
    expect(server.docs.has('queueact-ce-restore-2')).toBe(true);
    // Desk B had read past where it would have been: it still takes it, once.
    expect(await b.round()).toMatchObject({ applied: 1 });
    expect(seenByB.map((a) => a.id)).toEqual(['ce-revoke-1', 'ce-restore-2']);
  });

  it('a desk’s sending queue takes another desk’s revocation (the waiting reminder cancelled, the number suppressed; an older re-opt-in arriving later changes nothing) and its withdrawal', async () => {
    let clock = Date.now();
    const services = createAppServices({
      host: 'browser', version: '0.0.0-test', platform: 'linux', isTrustedSender: () => true, openExternal: async () => false,
      dataDir: tmp(), keychain: createMemoryKeychain(), now: () => new Date(clock), sandboxTiming: 'fast',
    });
    apps.push(services);
    const sender: CallSender = { transport: 'test', frameUrl: 'app://carerelay/', isMainFrame: true };
    const value = async (channel: string, payload: unknown = {}) => {
      const r = await services.router.dispatch(channel, payload, sender);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code}`);
      return r.value as any;
    };
    await services.ready;
    const enrolment = await value('setup.startEnrolment', { username: 'ada.admin', fullName: 'Ada Testadmin' });
    await value('setup.createPractice', {
      practice: { name: 'Synthetic Family Clinic', timeZone: 'UTC', phone: '(555) 201-0100' },
      admin: { fullName: 'Ada Testadmin', username: 'ada.admin', password: 'Correct-Horse-Battery-41' },
      enrolmentId: enrolment.enrolmentId,
      code: totpCode(enrolment.secret, new Date(clock)),
    });
    clock += 30_000;
    await value('session.signIn', { username: 'ada.admin', password: 'Correct-Horse-Battery-41', code: totpCode(enrolment.secret, new Date(clock)) });
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const send = { clientId: 'cmp-c1-a1-0', to: NUMBER, body: 'Synthetic reminder: your visit is on Friday. Reply C to confirm.', appointmentId: 'a1', patientId: 'p-1', touch: 0, notBefore: later, notAfter: new Date(Date.now() + 3 * 86_400_000).toISOString(), recipientTimeZone: 'UTC', recipientStates: [], contactWindow: null };
    expect(await value('outbox.queueCampaign', { campaignId: 'c1', sends: [send] })).toMatchObject({ queued: 1 });

    const sync = services.sync()!;
    const now = Date.now();
    expect(await sync.applyQueueActions([{ id: 'ce-elsewhere-1', number: NUMBER, kind: 'revoke', at: now }])).toBe(1);
    expect((await value('outbox.get', { clientId: 'cmp-c1-a1-0' })).entry).toMatchObject({ state: 'cancelled', errorCode: 'CONSENT_REVOKED' });
    expect(await sync.applyQueueActions([{ id: 'ce-elsewhere-1', number: NUMBER, kind: 'revoke', at: now }])).toBe(0);
    // A re-opt-in recorded before that revocation, arriving after it: still suppressed.
    await sync.applyQueueActions([{ id: 'ce-elsewhere-0', number: NUMBER, kind: 'restore', at: now - 60_000 }]);
    const refused = await services.router.dispatch('outbox.send', { to: NUMBER, body: 'Synthetic follow-up text.', conversationId: 'conv-1' }, sender);
    expect(refused).toMatchObject({ ok: false, error: { code: 'RECIPIENT_OPTED_OUT' } });
    // A later one lifts it.
    await sync.applyQueueActions([{ id: 'ce-elsewhere-2', number: NUMBER, kind: 'restore', at: now + 60_000 }]);
    expect((await services.router.dispatch('outbox.send', { to: NUMBER, body: 'Synthetic follow-up text.', conversationId: 'conv-1' }, sender)).ok).toBe(true);
    // A reminder for an appointment whose "C" was read at another desk is withdrawn here.
    const send2 = { ...send, clientId: 'cmp-c1-a2-0', to: '+12025550178', appointmentId: 'a2', patientId: 'p-2' };
    expect(await value('outbox.queueCampaign', { campaignId: 'c1', sends: [send2] })).toMatchObject({ queued: 1 });
    expect(await sync.applyQueueActions([{ id: 'wd-a2-1', kind: 'withdraw', appointmentId: 'a2', reason: 'confirmed', at: Date.now() + 1_000 }])).toBe(1);
    expect((await value('outbox.get', { clientId: 'cmp-c1-a2-0' })).entry).toMatchObject({ state: 'cancelled', errorCode: 'WITHDRAWN_CONFIRMED' });
    const audit = (await value('audit.query', { limit: 200 })).records;
    expect(audit.some((r: any) => r.action === 'campaign.withdraw' && r.detail === 'ANOTHER_DESK_WITHDRAWN_CONFIRMED_1')).toBe(true);
    expect(audit.filter((r: any) => String(r.detail ?? '').startsWith('ANOTHER_DESK')).map((r: any) => r.detail)).toEqual(
      expect.arrayContaining(['ANOTHER_DESK_SUPPRESSED_CANCELLED_1', 'ANOTHER_DESK_SUPERSEDED', 'ANOTHER_DESK_LIFTED']),
    );
    expect(JSON.stringify(audit)).not.toContain('2025550177');
  }, 30_000);
});
