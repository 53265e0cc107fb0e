/**
 * Repositories under fake-indexeddb: the queue newest first (and by status) from the inverted
 * key, threads in reading order, phone look-up through the blind index in any format, claims,
 * the append-only consent ledger, appointments by time, and retention preview and purge.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { makeTestKeys } from '../testing/test-keys';
import { rawDbName, readRawRows } from '../testing/raw-idb';
import { addPatients, findPatientsByPhone, updatePatient } from './patients';
import { claimConversation, ClaimedElsewhereError, queuePage, recordMessage, saveDraft, setConversationStatus } from './conversations';
import { latestMessages, olderMessages } from './messages';
import { consentHistoryForPatient, currentConsent, recordConsentEvent } from './consent';
import { addAppointments, appointmentsBetween, appointmentsForPatient } from './appointments';
import { previewPurge, purgeMessages } from '../retention/purge';
import { messageCutoff } from '../retention/retention-policy';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
let db: PracticeDb;
const T0 = Date.UTC(2026, 0, 5, 15);

beforeAll(async () => {
  const keys = await makeTestKeys();
  db = await openPracticeDb({ name: 'repositories', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['patients', 'conversations', 'messages', 'consent_events', 'appointments'] });
});
afterAll(async () => {
  await db.close();
});

describe('repositories', () => {
  it('files messages into conversations, lists the queue newest first and threads in order', async () => {
    const [p] = await addPatients(db, [{ givenName: 'Testa', familyName: 'Queueford', phone: '202-555-0171' }]);
    const a = await recordMessage(db, { phone: '+12025550171', direction: 'inbound', body: 'Synthetic hello', at: T0 });
    await recordMessage(db, { phone: '(202) 555-0172', direction: 'inbound', body: 'Synthetic other', at: T0 + 1_000 });
    await recordMessage(db, { phone: '2025550171', direction: 'outbound', body: 'Synthetic reply', at: T0 + 2_000, staffId: 'u1' });
    const queue = await queuePage(db);
    expect(queue.map((c) => c.id)[0]).toBe(a.conversationId);
    expect(queue[0]).toMatchObject({ patientId: p!.id, status: 'waiting', unreadCount: 1, lastMessagePreview: 'Synthetic reply' });
    expect(queue[1]).toMatchObject({ patientId: '', status: 'open' });
    expect((await queuePage(db, { status: 'open' })).map((c) => c.id)).toEqual([queue[1]!.id]);
    const thread = await latestMessages(db, a.conversationId);
    expect(thread.map((m) => m.body)).toEqual(['Synthetic hello', 'Synthetic reply']);
    expect(await olderMessages(db, a.conversationId, thread[0]!.threadKey)).toEqual([]);
    expect((await latestMessages(db, a.conversationId, 1)).map((m) => m.body)).toEqual(['Synthetic reply']);
  });

  it('finds patients by phone in any format and follows a phone change', async () => {
    const [p] = await addPatients(db, [{ givenName: 'Fakeo', familyName: 'Phonesby', phone: '+1 202 555 0181' }]);
    expect((await findPatientsByPhone(db, '(202) 555-0181')).map((x) => x.id)).toEqual([p!.id]);
    expect(await findPatientsByPhone(db, 'not a number')).toEqual([]);
    await updatePatient(db, p!.id, { phone: '202.555.0182' });
    expect(await findPatientsByPhone(db, '2025550181')).toEqual([]);
    expect((await findPatientsByPhone(db, '2025550182'))[0]?.phone).toBe('+12025550182');
    const raw = JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('repositories', 'patients')));
    expect(raw).not.toContain('Phonesby');
    expect(raw).not.toContain('5550182');
  });

  it('claims once, keeps drafts encrypted, closes', async () => {
    const { conversationId } = await recordMessage(db, { phone: '+12025550191', direction: 'inbound', body: 'Synthetic claim me', at: T0 + 5_000 });
    await claimConversation(db, conversationId, 'u1');
    await expect(claimConversation(db, conversationId, 'u2')).rejects.toThrow(ClaimedElsewhereError);
    await saveDraft(db, conversationId, 'Synthetic draft Draftovian');
    expect(JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('repositories', 'conversations')))).not.toContain('Draftovian');
    await setConversationStatus(db, conversationId, 'closed');
    const [closed] = await queuePage(db, { status: 'closed' });
    expect(closed).toMatchObject({ id: conversationId, claimedBy: '', unreadCount: 0, draft: 'Synthetic draft Draftovian' });
  });

  it('keeps the consent ledger append-only; the latest event is the current state', async () => {
    const first = await recordConsentEvent(db, { phone: '2025550199', patientId: 'p-x', purpose: 'appointment-reminders', action: 'grant', method: 'written', formVersion: 'v1', disclosures: ['rates', 'stop'], staffId: 'u1', at: T0 });
    await recordConsentEvent(db, { phone: '+12025550199', patientId: 'p-x', purpose: 'appointment-reminders', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', at: T0 + 1 });
    expect(await currentConsent(db, '(202) 555-0199', 'appointment-reminders')).toBe('revoked');
    expect(await currentConsent(db, '(202) 555-0199', 'campaigns')).toBe('unknown');
    expect((await consentHistoryForPatient(db, 'p-x', 'appointment-reminders')).map((e) => e.action)).toEqual(['grant', 'revoke']);
    const doc = await db.collections.consent_events.findOne(first.id).exec();
    await expect(doc!.incrementalPatch({ action: 'revoke' })).rejects.toThrow(/never changed/);
    await expect(doc!.remove()).rejects.toThrow(/never changed/);
  });

  it('lists appointments by time and by patient', async () => {
    const base = { durationMinutes: 15, timeZone: 'America/Denver', status: 'booked' as const, source: 'manual' as const };
    await addAppointments(db, [
      { ...base, patientId: 'p-a', startsAt: T0 + 3 * 3_600_000, reason: 'Synthetic checkup' },
      { ...base, patientId: 'p-b', startsAt: T0 + 3_600_000 },
      { ...base, patientId: 'p-a', startsAt: T0 + 86_400_000 * 2 },
    ]);
    expect((await appointmentsBetween(db, T0, T0 + 86_400_000)).map((a) => a.patientId)).toEqual(['p-b', 'p-a']);
    expect((await appointmentsForPatient(db, 'p-a')).map((a) => a.reason ?? null)).toEqual(['Synthetic checkup', null]);
  });

  it('previews and purges messages past retention, reporting counts only', async () => {
    const now = T0 + 10_000;
    const old = messageCutoff({ messageYears: 6 }, now) - 86_400_000;
    await recordMessage(db, { phone: '+12025550111', direction: 'inbound', body: 'Synthetic ancient one', at: old });
    await recordMessage(db, { phone: '+12025550111', direction: 'inbound', body: 'Synthetic ancient two', at: old + 1 });
    expect(await previewPurge(db, { messageYears: 6 }, now)).toMatchObject({ messages: 2, oldest: old });
    const reports: unknown[] = [];
    const done = await purgeMessages(db, { messageYears: 6 }, async (r) => (reports.push(r), true), now);
    expect(done.messagesDeleted).toBe(2);
    expect(reports).toEqual([{ cutoff: messageCutoff({ messageYears: 6 }, now), messagesDeleted: 2, policyYears: 6 }]);
    expect((await previewPurge(db, { messageYears: 6 }, now)).messages).toBe(0);
    expect(JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('repositories', 'messages')))).not.toMatch(/ancient/);
    expect(() => messageCutoff({ messageYears: 0 }, now)).toThrow(RangeError);
  });
});
