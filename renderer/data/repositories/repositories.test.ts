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
import { assignConversation, claimConversation, ClaimedElsewhereError, clearFailures, getConversation, linkConversationToPatient, queuePage, recordMessage, releaseConversation, setConversationStatus } from './conversations';
import { getDraft, markRead, saveDraft } from './staff-state';
import { CLAIM_LEASE_MS } from '../../../shared/inbox/claims';
import { latestMessages, olderMessages, updateDelivery } from './messages';
import { consentHistoryForPatient, currentConsent, recordConsentEvent, smsRiskAcknowledgement, staffEnteredRevocations } from './consent';
import { addAppointments, appointmentsBetween, appointmentsForPatient } from './appointments';
import { previewPurge, purgeMessages } from '../retention/purge';
import { messageCutoff } from '../retention/retention-policy';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
let db: PracticeDb;
const T0 = Date.UTC(2026, 0, 5, 15);

beforeAll(async () => {
  const keys = await makeTestKeys();
  db = await openPracticeDb({ name: 'repositories', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['patients', 'conversations', 'messages', 'consent_events', 'appointments', 'staff_state'] });
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
    expect(queue[0]).toMatchObject({ id: a.conversationId, patientId: p!.id, status: 'waiting', inboundCount: 1, lastMessagePreview: 'Synthetic reply' });
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
    expect(Object.values(p!.fieldEditedAt!).every((t) => t === p!.createdAt)).toBe(true);
    const moved = await updatePatient(db, p!.id, { phone: '202.555.0182', familyName: 'Phonesby' }, p!.createdAt + 500);
    // Only the groups the edit changed get its time (the name was the same): the merge across desks relies on it.
    expect(moved.fieldEditedAt).toMatchObject({ phone: p!.createdAt + 500, familyName: p!.createdAt, givenName: p!.createdAt });
    expect(await findPatientsByPhone(db, '2025550181')).toEqual([]);
    expect((await findPatientsByPhone(db, '2025550182'))[0]?.phone).toBe('+12025550182');
    const raw = JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('repositories', 'patients')));
    expect(raw).not.toContain('Phonesby');
    expect(raw).not.toContain('5550182');
  });

  it('files a message once however often it arrives, under ids every desk derives alike', async () => {
    const first = await recordMessage(db, { phone: '+12025550161', direction: 'inbound', body: 'Synthetic twice', at: T0, gatewaySid: 'SM' + 'a'.repeat(32) });
    const again = await recordMessage(db, { phone: '(202) 555-0161', direction: 'inbound', body: 'Synthetic twice', at: T0, gatewaySid: 'SM' + 'a'.repeat(32) });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(first.messageId).toBe('m-SM' + 'a'.repeat(32));
    expect(first.conversationId).toBe(`c-${await db.blind.phone('+12025550161')}`);
    expect(await latestMessages(db, first.conversationId)).toHaveLength(1);
    expect((await getConversation(db, first.conversationId))?.inboundCount).toBe(1);
    const out = await recordMessage(db, { phone: '+12025550161', direction: 'outbound', body: 'Synthetic answer', at: T0 + 1, clientId: 'out-1', staffId: 'u1' });
    expect(out.messageId).toBe('m-out-1');
  });

  it('claims are leases: a colleague is refused until it expires or they go ahead; closing releases', async () => {
    const { conversationId } = await recordMessage(db, { phone: '+12025550191', direction: 'inbound', body: 'Synthetic claim me', at: T0 + 5_000 });
    await claimConversation(db, conversationId, 'u1', { now: T0 + 6_000 });
    await expect(claimConversation(db, conversationId, 'u2', { now: T0 + 7_000 })).rejects.toThrow(ClaimedElsewhereError);
    expect((await claimConversation(db, conversationId, 'u2', { now: T0 + 6_000 + CLAIM_LEASE_MS })).claimedBy).toBe('u2');
    expect((await claimConversation(db, conversationId, 'u1', { now: T0 + 6_000 + CLAIM_LEASE_MS + 1, force: true })).claimedBy).toBe('u1');
    await releaseConversation(db, conversationId, 'u2');
    expect((await getConversation(db, conversationId))?.claimedBy).toBe('u1');
    await assignConversation(db, conversationId, 'u1', T0 + 9_000);
    await setConversationStatus(db, conversationId, 'closed', T0 + 10_000);
    const [closed] = await queuePage(db, { status: 'closed' });
    expect(closed).toMatchObject({ id: conversationId, claimedBy: '', assignedTo: 'u1', statusAt: T0 + 10_000 });
    // A new text from the patient reopens it.
    await recordMessage(db, { phone: '+12025550191', direction: 'inbound', body: 'Synthetic one more thing', at: T0 + 20_000 });
    expect((await getConversation(db, conversationId))?.status).toBe('open');
  });

  it('keeps drafts per person, encrypted; read positions only move forward', async () => {
    const { conversationId } = await recordMessage(db, { phone: '+12025550192', direction: 'inbound', body: 'Synthetic draft me', at: T0 });
    await saveDraft(db, 'u1', conversationId, { text: 'Synthetic draft Draftovian' });
    expect((await getDraft(db, 'u1', conversationId))?.text).toBe('Synthetic draft Draftovian');
    expect(await getDraft(db, 'u2', conversationId)).toBeNull();
    expect(JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('repositories', 'staff_state')))).not.toContain('Draftovian');
    await saveDraft(db, 'u1', conversationId, { text: '' });
    expect(await getDraft(db, 'u1', conversationId)).toBeNull();
    await markRead(db, 'u1', conversationId, 3);
    await markRead(db, 'u1', conversationId, 2);
    const raw = await readRawRows(fakeIndexedDB, rawDbName('repositories', 'staff_state'));
    expect(raw.find((r) => r.id === `u1:${conversationId}`)).toMatchObject({ readInboundCount: 3 });
  });

  it('delivery states only move forward; a failure needs attention until a delivery or staff clear it', async () => {
    const { conversationId, messageId } = await recordMessage(db, { phone: '+12025550193', direction: 'outbound', body: 'Synthetic landline', at: T0, clientId: 'out-ll', staffId: 'u1' });
    await updateDelivery(db, messageId, { state: 'sending', at: T0 + 1 });
    await updateDelivery(db, messageId, { state: 'undelivered', errorCode: 30006, failureCode: '30006', at: T0 + 2 });
    await updateDelivery(db, messageId, { state: 'sent', at: T0 + 3 });
    const [m] = await latestMessages(db, conversationId);
    expect(m).toMatchObject({ state: 'undelivered', failureCode: '30006', errorCode: 30006 });
    expect((await getConversation(db, conversationId))?.failedCount).toBe(1);
    await clearFailures(db, conversationId);
    expect((await getConversation(db, conversationId))?.failedCount).toBe(0);
  });

  it('links an unmatched number to a patient; adding a patient with the number links it too', async () => {
    const lone = await recordMessage(db, { phone: '+12025550194', direction: 'inbound', body: 'Synthetic who am I', at: T0 });
    expect((await getConversation(db, lone.conversationId))?.patientId).toBe('');
    const [p] = await addPatients(db, [{ givenName: 'Linka', familyName: 'Testwood', phone: '+12025550194', phoneSource: 'patient' }]);
    expect((await getConversation(db, lone.conversationId))?.patientId).toBe(p!.id);
    const other = await recordMessage(db, { phone: '+12025550195', direction: 'inbound', body: 'Synthetic from a second phone', at: T0 });
    await linkConversationToPatient(db, other.conversationId, p!.id);
    expect((await getConversation(db, other.conversationId))?.patientId).toBe(p!.id);
    await expect(linkConversationToPatient(db, other.conversationId, 'p-nobody')).rejects.toThrow(/not found/);
  });

  it('R20: keeps the consent ledger append-only (no update, no delete); the latest event is the current state', async () => {
    const first = await recordConsentEvent(db, { phone: '2025550199', patientId: 'p-x', purpose: 'appointment-reminders', action: 'grant', method: 'paper-form', formVersion: 'v1', disclosures: ['rates', 'stop'], staffId: 'u1', at: T0 });
    await recordConsentEvent(db, { phone: '+12025550199', patientId: 'p-x', purpose: 'appointment-reminders', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', at: T0 + 1 });
    expect(await currentConsent(db, '(202) 555-0199', 'appointment-reminders')).toBe('revoked');
    expect(await currentConsent(db, '(202) 555-0199', 'marketing')).toBe('unknown');
    expect((await consentHistoryForPatient(db, 'p-x', 'appointment-reminders')).map((e) => e.action)).toEqual(['grant', 'revoke']);
    const doc = await db.collections.consent_events.findOne(first.id).exec();
    await expect(doc!.incrementalPatch({ action: 'revoke' })).rejects.toThrow(/never changed/);
    await expect(doc!.remove()).rejects.toThrow(/never changed/);
  });

  it('finds the patient’s standing SMS-risk acknowledgement (R16), and loses it when withdrawn', async () => {
    expect(await smsRiskAcknowledgement(db, 'p-risk')).toBeNull();
    const ack = await recordConsentEvent(db, { phone: '+12025550198', patientId: 'p-risk', purpose: 'phi-by-sms', action: 'grant', method: 'verbal', formVersion: 'sms-risk-v1', staffId: 'u1', at: T0 });
    expect((await smsRiskAcknowledgement(db, 'p-risk'))?.id).toBe(ack.id);
    await recordConsentEvent(db, { phone: '+12025550198', patientId: 'p-risk', purpose: 'phi-by-sms', action: 'revoke', method: 'phone-call', staffId: 'u1', at: T0 + 5, receivedAt: T0 - 86_400_000, sourceText: 'Synthetic: please no details by text' });
    expect(await smsRiskAcknowledgement(db, 'p-risk')).toBeNull();
    const [, revoked] = await consentHistoryForPatient(db, 'p-risk', 'phi-by-sms');
    expect(revoked).toMatchObject({ receivedAt: T0 - 86_400_000, sourceText: 'Synthetic: please no details by text' });
    expect(JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('repositories', 'consent_events')))).not.toContain('no details by text');
  });

  it('R23: lists the revocations staff entered (not keywords or the carrier), without the patient’s words', async () => {
    await recordConsentEvent(db, { phone: '+12025550197', patientId: 'p-late', purpose: 'billing', action: 'revoke', method: 'phone-call', staffId: 'u1', at: T0 + 9, receivedAt: T0 - 8 * 86_400_000, sourceText: 'Synthetic: no billing texts' });
    await recordConsentEvent(db, { phone: '+12025550197', patientId: 'p-late', purpose: 'care', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', at: T0 + 10 });
    await recordConsentEvent(db, { phone: '+12025550197', patientId: 'p-late', purpose: 'care', action: 'revoke', method: 'gateway-21610', staffId: 'system', at: T0 + 11 });
    const listed = (await staffEnteredRevocations(db)).filter((e) => e.patientId === 'p-late');
    expect(listed).toEqual([expect.objectContaining({ purpose: 'billing', method: 'phone-call', receivedAt: T0 - 8 * 86_400_000, recordedAt: T0 + 9 })]);
    expect(JSON.stringify(listed)).not.toContain('no billing texts');
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

  it('R20: no retention purge removes consent events, however old (they are kept at least six years; in fact for good)', async () => {
    const now = T0 + 20_000;
    const ancient = messageCutoff({ messageYears: 6 }, now) - 365 * 86_400_000;
    const recent = messageCutoff({ messageYears: 1 }, now) - 86_400_000;
    await recordConsentEvent(db, { phone: '+12025550197', patientId: 'p-old', purpose: 'care', action: 'grant', method: 'paper-form', staffId: 'u1', at: ancient });
    await recordConsentEvent(db, { phone: '+12025550197', patientId: 'p-old', purpose: 'care', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', at: recent });
    // The shortest message retention a practice can choose still leaves the whole ledger.
    await purgeMessages(db, { messageYears: 1 }, async () => true, now);
    expect((await consentHistoryForPatient(db, 'p-old', 'care')).map((e) => e.recordedAt)).toEqual([ancient, recent]);
  });
});
