/**
 * Campaign data under fake-indexeddb: an import written once and re-imported (updated, cancelled,
 * never duplicated, no MRN stored in the clear), the planner's audience read in bulk with each
 * number's consent, and a reply to a reminder confirming or cancelling its appointment (and
 * withdrawing the rest) or left for staff.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportRow } from '../../../shared/appointments/import-row';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { makeTestKeys } from '../testing/test-keys';
import { rawDbName, readRawRows } from '../testing/raw-idb';
import { applyImport } from '../appointments/apply-import';
import { loadAudience } from '../repositories/campaigns';
import { recordConsentEvent } from '../repositories/consent';
import { recordMessage } from '../repositories/conversations';
import { finishTask, observeOpenTasks } from '../repositories/tasks';
import { handleReminderReply } from './reminder-replies';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
let db: PracticeDb;
const T0 = Date.UTC(2026, 2, 2, 15);
const DAY = 86_400_000;

beforeAll(async () => {
  const keys = await makeTestKeys();
  db = await openPracticeDb({ name: 'campaigns-data', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['patients', 'conversations', 'messages', 'consent_events', 'appointments', 'staff_state', 'tasks'] });
});
afterAll(async () => {
  await db.close();
});

const row = (n: number, startsAt: number, over: Partial<ImportRow> = {}): ImportRow => ({
  externalId: `APPT-${n}`,
  patient: { externalId: `MRN-SYNTH-${n}`, givenName: `Testa${n}`, familyName: 'Importford', phone: `+120255502${String(n).padStart(2, '0')}` },
  startsAt,
  durationMinutes: 20,
  status: 'booked',
  provider: 'Dr Synthetic',
  ...over,
});

describe('appointment import', () => {
  it('writes patients and appointments once; a re-import updates, cancels what is gone, never duplicates', async () => {
    const rows = [row(1, T0 + 3 * DAY), row(2, T0 + 3 * DAY + 3_600_000), row(3, T0 + 4 * DAY), { ...row(4, T0 + 4 * DAY), patient: { ...row(4, 0).patient, phone: null } }];
    const first = await applyImport(db, rows, { source: 'csv', timeZone: 'America/New_York', numbersFromPatients: true, coveredRange: { from: T0, to: T0 + 5 * DAY } });
    expect(first).toMatchObject({ patientsAdded: 3, created: 3, updated: 0, cancelled: 0, noNumber: 1 });
    // No source identifiers in the clear on disk.
    const raw = JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('campaigns-data', 'patients'))) + JSON.stringify(await readRawRows(fakeIndexedDB, rawDbName('campaigns-data', 'appointments')));
    expect(raw).not.toMatch(/MRN-SYNTH|APPT-1|Importford/);

    // Appointment 2 moved, 3 gone from the export, 1 the same.
    const again = await applyImport(db, [row(1, T0 + 3 * DAY), row(2, T0 + 3 * DAY + 7_200_000)], { source: 'csv', timeZone: 'America/New_York', numbersFromPatients: true, coveredRange: { from: T0, to: T0 + 5 * DAY } });
    expect(again).toMatchObject({ patientsAdded: 0, created: 0, updated: 1, unchanged: 1, cancelled: 1 });
    expect(again.withdraw.map((w) => w.reason).sort()).toEqual(['cancelled', 'rescheduled']);
    const all = await db.collections.appointments.find().exec();
    expect(all).toHaveLength(3);
    expect(all.map((a) => a.status).sort()).toEqual(['booked', 'booked', 'cancelled']);
  });

  it('the audience carries each number’s consent (read in one pass) and the number’s provenance', async () => {
    await recordConsentEvent(db, { phone: '+12025550201', purpose: 'appointment-reminders', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', at: T0 });
    const audience = await loadAudience(db, { from: T0, to: T0 + 5 * DAY, provider: 'dr synthetic' });
    expect(audience.appointments).toHaveLength(3);
    const patients = [...audience.patients.values()].sort((a, b) => (a.givenName < b.givenName ? -1 : 1));
    expect(patients.map((p) => [p.givenName, p.consent.state, p.phoneSource])).toEqual([
      ['Testa1', 'revoked', 'patient'],
      ['Testa2', 'none', 'patient'],
      ['Testa3', 'none', 'patient'],
    ]);
    expect((await loadAudience(db, { from: T0, to: T0 + 5 * DAY, provider: 'Dr Nobody' })).appointments).toHaveLength(0);
    // A patient list: only their appointments.
    const one = audience.appointments[0]!.patientId;
    expect((await loadAudience(db, { from: T0, to: T0 + 5 * DAY, patientIds: [one] })).appointments.map((a) => a.patientId)).toEqual([one]);
  });
});

describe('replies to reminders', () => {
  it('a confident confirm confirms the appointment, withdraws the rest and thanks the patient; a reschedule is left for staff', async () => {
    const appointment = (await db.collections.appointments.find({ selector: { status: 'booked' } }).exec())[0]!;
    const patient = (await db.collections.patients.findOne(appointment.patientId).exec())!;
    const clientId = `cmp-c1-${appointment.id}-0`;
    const sentAt = T0 + DAY;
    const filed = await recordMessage(db, { phone: patient.phone, direction: 'outbound', body: 'Synthetic reminder. Reply C to confirm.', at: sentAt, clientId, staffId: 'system', campaignId: 'c1', state: 'delivered' });
    const withdraw = vi.fn(async () => ({ ok: true as const, value: { withdrawn: 1 } }));
    const get = vi.fn(async () => ({ ok: true as const, value: { entry: { origin: { kind: 'campaign', refs: { campaign: 'c1', appointment: appointment.id } } } } }));
    const acknowledge = vi.fn(async () => undefined);
    const deps = { api: { outbox: { get, withdraw } } as never, acknowledge, practice: () => ({ name: 'Testville Clinic', phone: '+15555550100', timeZone: 'America/New_York' }) };

    const moved = await handleReminderReply(db, deps, { conversationId: filed.conversationId, messageId: 'm-SMreply1', body: 'can we do friday instead?', at: sentAt + 60_000, from: patient.phone });
    expect(moved).toMatchObject({ action: 'for-staff', interpretation: { intent: 'reschedule' }, taskId: 'task-m-SMreply1' });
    expect(withdraw).not.toHaveBeenCalled();
    // The task names the appointment and the campaign; filing the same reply again makes no second one.
    const again = await handleReminderReply(db, deps, { conversationId: filed.conversationId, messageId: 'm-SMreply1', body: 'can we do friday instead?', at: sentAt + 60_000, from: patient.phone });
    expect(again?.taskId).toBe('task-m-SMreply1');
    const tasks = await firstValueFrom(observeOpenTasks(db));
    expect(tasks).toEqual([expect.objectContaining({ id: 'task-m-SMreply1', kind: 'reschedule', appointmentId: appointment.id, campaignId: 'c1', state: 'open', conversationId: filed.conversationId })]);
    // Finishing is first-wins.
    expect(await finishTask(db, 'task-m-SMreply1', 'u1', 'moved')).toBe(true);
    expect(await finishTask(db, 'task-m-SMreply1', 'u2', 'no-action')).toBe(false);
    expect((await db.collections.tasks.findOne('task-m-SMreply1').exec())!.toJSON()).toMatchObject({ state: 'done', doneBy: 'u1', outcome: 'moved' });
    expect(await firstValueFrom(observeOpenTasks(db))).toEqual([]);

    const yes = await handleReminderReply(db, deps, { conversationId: filed.conversationId, messageId: 'm-SMreply2', body: 'Yes I will be there 👍', at: sentAt + 120_000, from: patient.phone });
    expect(yes).toMatchObject({ action: 'confirmed', appointmentId: appointment.id });
    expect((await db.collections.appointments.findOne(appointment.id).exec())!.status).toBe('confirmed');
    expect(withdraw).toHaveBeenCalledWith({ appointmentId: appointment.id, reason: 'confirmed' });
    expect(acknowledge).toHaveBeenCalledWith(patient.phone, expect.stringContaining("you're confirmed"), filed.conversationId);
  });

  it('a text that is not a reply to a reminder is left alone', async () => {
    const filed = await recordMessage(db, { phone: '+12025550299', direction: 'outbound', body: 'Synthetic staff text', at: T0, clientId: 'out-1', staffId: 'u1' });
    const deps = { api: { outbox: { get: vi.fn(), withdraw: vi.fn() } } as never, acknowledge: vi.fn(), practice: () => null };
    expect(await handleReminderReply(db, deps, { conversationId: filed.conversationId, messageId: 'm-SMreply3', body: 'yes', at: T0 + 1000, from: '+12025550299' })).toBeNull();
  });
});
