/** Re-import planning: create, update with the changed fields, unchanged, cancel within the covered range, the confirmed exception, no duplicates. */
import { describe, expect, it } from 'vitest';
import type { ImportRow } from './import-row';
import { coveredDays, planReimport, type ExistingAppointment } from './reimport-plan';

const T = Date.parse('2026-03-10T13:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const row = (externalId: string, extra: Partial<ImportRow> = {}): ImportRow => ({
  externalId,
  patient: { givenName: 'Ann', familyName: 'Testpatient', phone: '+12025550101' },
  startsAt: T,
  durationMinutes: 30,
  status: 'booked',
  provider: 'Dr. Testdoctor',
  location: 'Main Office',
  ...extra,
});

const stored = (id: string, externalId: string | undefined, extra: Partial<ExistingAppointment> = {}): ExistingAppointment => ({
  id,
  externalId,
  startsAt: T,
  durationMinutes: 30,
  status: 'booked',
  provider: 'Dr. Testdoctor',
  location: 'Main Office',
  ...extra,
});

const RANGE = { from: T - DAY, to: T + 7 * DAY };

describe('planReimport', () => {
  it('creates new rows, leaves identical ones alone', () => {
    const plan = planReimport([stored('s1', 'A1')], [row('A1'), row('A2')], RANGE);
    expect(plan).toEqual({ create: [row('A2')], update: [], unchanged: 1, cancel: [], ignoredDuplicates: 0 });
  });

  it.each<[string, Partial<ImportRow>, string[]]>([
    ['a changed time', { startsAt: T + HOUR }, ['startsAt']],
    ['a changed duration', { durationMinutes: 45 }, ['durationMinutes']],
    ['a cancellation', { status: 'cancelled' }, ['status']],
    ['a new provider and location', { provider: 'Dr. Other', location: 'Annex' }, ['provider', 'location']],
    ['a move and a new status', { startsAt: T + DAY, status: 'no-show' }, ['startsAt', 'status']],
  ])('updates %s, naming the fields', (_label, change, changed) => {
    const plan = planReimport([stored('s1', 'A1')], [row('A1', change)], RANGE);
    expect(plan.update).toEqual([{ id: 's1', row: row('A1', change), changed }]);
    expect(plan.create).toEqual([]);
    expect(plan.cancel).toEqual([]);
    expect(plan.unchanged).toBe(0);
  });

  it('keeps the stored provider and location when the import does not carry them', () => {
    const plan = planReimport([stored('s1', 'A1')], [row('A1', { provider: undefined, location: undefined })], RANGE);
    expect(plan.unchanged).toBe(1);
    const moved = planReimport([stored('s1', 'A1')], [row('A1', { provider: undefined, startsAt: T + HOUR })], RANGE);
    expect(moved.update[0]?.row.provider).toBe('Dr. Testdoctor');
    expect(moved.update[0]?.changed).toEqual(['startsAt']);
  });

  describe('a confirmation from the patient', () => {
    it('survives an import that still says booked for the same time', () => {
      const plan = planReimport([stored('s1', 'A1', { status: 'confirmed' })], [row('A1')], RANGE);
      expect(plan.unchanged).toBe(1);
      const other = planReimport([stored('s1', 'A1', { status: 'confirmed' })], [row('A1', { durationMinutes: 60 })], RANGE);
      expect(other.update).toEqual([{ id: 's1', row: row('A1', { durationMinutes: 60, status: 'confirmed' }), changed: ['durationMinutes'] }]);
    });

    it('is dropped when the appointment moved', () => {
      const plan = planReimport([stored('s1', 'A1', { status: 'confirmed' })], [row('A1', { startsAt: T + HOUR })], RANGE);
      expect(plan.update).toEqual([{ id: 's1', row: row('A1', { startsAt: T + HOUR }), changed: ['startsAt', 'status'] }]);
    });

    it('a cancellation by text survives an import that still says booked for the same time, not one for a new time', () => {
      expect(planReimport([stored('s1', 'A1', { status: 'cancelled' })], [row('A1')], RANGE).unchanged).toBe(1);
      expect(planReimport([stored('s1', 'A1', { status: 'cancelled' })], [row('A1', { startsAt: T + HOUR })], RANGE).update[0]?.row.status).toBe('booked');
    });

    it('gives way to the source’s cancellation', () => {
      const plan = planReimport([stored('s1', 'A1', { status: 'confirmed' })], [row('A1', { status: 'cancelled' })], RANGE);
      expect(plan.update[0]?.changed).toEqual(['status']);
      expect(plan.update[0]?.row.status).toBe('cancelled');
    });
  });

  describe('cancelling what the source no longer lists', () => {
    const existing = [
      stored('in-range', 'A1'),
      stored('confirmed', 'A2', { status: 'confirmed', startsAt: T + DAY }),
      stored('rescheduled', 'A3', { status: 'rescheduled', startsAt: T + 2 * DAY }),
      stored('before', 'A4', { startsAt: RANGE.from - 1 }),
      stored('at-end', 'A5', { startsAt: RANGE.to }),
      stored('already-cancelled', 'A6', { status: 'cancelled' }),
      stored('completed', 'A7', { status: 'completed' }),
      stored('no-show', 'A8', { status: 'no-show' }),
      stored('manual', undefined),
      stored('kept', 'A9'),
    ];

    it('cancels only still-booked appointments of this source inside [from, to)', () => {
      const plan = planReimport(existing, [row('A9')], RANGE);
      expect(plan.cancel).toEqual(['in-range', 'confirmed', 'rescheduled']);
      expect(plan.unchanged).toBe(1);
    });

    it('cancels nothing without a covered range', () => {
      expect(planReimport(existing, [row('A9')]).cancel).toEqual([]);
    });

    it('cancels everything in range when the import is empty for that range', () => {
      expect(planReimport(existing, [], RANGE).cancel).toEqual(['in-range', 'confirmed', 'rescheduled', 'kept']);
    });
  });

  it('ignores a repeated incoming id and never plans the same appointment twice', () => {
    const plan = planReimport([], [row('A1'), row('A1', { startsAt: T + HOUR }), row('A2')], RANGE);
    expect(plan.create.map((r) => r.externalId)).toEqual(['A1', 'A2']);
    expect(plan.create[0]?.startsAt).toBe(T);
    expect(plan.ignoredDuplicates).toBe(1);
  });

  it('never matches appointments entered by hand, even with the same time', () => {
    const plan = planReimport([stored('manual', undefined)], [row('A1')], RANGE);
    expect(plan.create).toHaveLength(1);
    expect(plan.cancel).toEqual([]);
  });

  it('is stable: applying a plan and planning the same import again changes nothing', () => {
    let store: ExistingAppointment[] = [stored('s1', 'A1'), stored('s2', 'A2'), stored('s3', 'A3', { status: 'confirmed' })];
    const incoming = [row('A1', { startsAt: T + HOUR }), row('A3'), row('A4')];
    const plan = planReimport(store, incoming, RANGE);
    expect(plan.create.map((r) => r.externalId)).toEqual(['A4']);
    expect(plan.update.map((u) => u.id)).toEqual(['s1']);
    expect(plan.cancel).toEqual(['s2']);
    expect(plan.unchanged).toBe(1);

    let next = 4;
    const toStored = (id: string, r: ImportRow): ExistingAppointment => ({ id, externalId: r.externalId, startsAt: r.startsAt, durationMinutes: r.durationMinutes, status: r.status, provider: r.provider, location: r.location });
    store = store.map((s) => {
      const update = plan.update.find((u) => u.id === s.id);
      if (update) return toStored(s.id, update.row);
      return plan.cancel.includes(s.id) ? { ...s, status: 'cancelled' as const } : s;
    });
    store.push(...plan.create.map((r) => toStored(`s${next++}`, r)));

    const again = planReimport(store, incoming, RANGE);
    expect(again).toEqual({ create: [], update: [], unchanged: 3, cancel: [], ignoredDuplicates: 0 });
    expect(new Set(store.map((s) => s.externalId)).size).toBe(store.length);
  });
});

describe('coveredDays', () => {
  it('spans whole local days from the first to the last appointment', () => {
    const range = coveredDays([row('A1', { startsAt: Date.parse('2026-03-07T15:00:00Z') }), row('A2', { startsAt: Date.parse('2026-03-09T02:00:00Z') })], 'America/New_York');
    // 2026-03-07 00:00 EST → 2026-03-09 00:00 EDT (the DST day in between is 23 hours long).
    expect(range).toEqual({ from: Date.parse('2026-03-07T05:00:00Z'), to: Date.parse('2026-03-09T04:00:00Z') });
  });

  it('is null for no rows', () => {
    expect(coveredDays([], 'America/New_York')).toBeNull();
  });
});
