/**
 * Owns writing a checked appointment import into the practice database, all or nothing per
 * kind of record: patients the practice does not have yet are added (their ids are blind hashes
 * of the source's patient id, so a re-import finds them and no MRN is stored in the clear), then
 * the re-import plan (shared/appointments/reimport-plan.ts) creates, updates and cancels
 * appointments, whose ids are blind hashes of the source's appointment id. Existing patients
 * are not changed by an import (staff may have corrected them). A row whose patient is new and
 * has no usable texting number is not imported (there is nobody to remind) and is reported.
 *
 * Numbers from the file count as given by the patient only when the person importing says so
 * (registration forms); otherwise their source is "import" and campaigns skip them until
 * consent is recorded (R18).
 */
import type { ImportRow } from '../../../shared/appointments/import-row';
import { planReimport, type CoveredRange, type ExistingAppointment } from '../../../shared/appointments/reimport-plan';
import type { PracticeDb } from '../database/open-practice-db';
import type { AppointmentDoc, PatientDoc } from '../schema';
import { appointmentsBetween } from '../repositories/appointments';
import { buildPatientDoc } from '../repositories/patients';

export interface ApplyOptions {
  readonly source: 'csv' | 'fhir';
  readonly timeZone: string;
  readonly numbersFromPatients: boolean;
  readonly coveredRange: CoveredRange | null;
  readonly now?: number;
}

export interface ApplyReport {
  readonly patientsAdded: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly cancelled: number;
  readonly noNumber: number;
  /** Appointments whose waiting reminders must be withdrawn (moved or cancelled). */
  readonly withdraw: readonly { id: string; reason: 'cancelled' | 'rescheduled' }[];
}

async function patientIdFor(db: PracticeDb, row: ImportRow): Promise<string> {
  const key = row.patient.externalId ?? `${row.patient.givenName}|${row.patient.familyName}|${row.patient.dateOfBirth ?? ''}|${row.patient.phone ?? ''}`;
  return `px-${await db.blind.identifier('patient', key)}`;
}

async function appointmentIdFor(db: PracticeDb, source: string, externalId: string): Promise<string> {
  return `ax-${await db.blind.identifier('appointment', `${source}:${externalId}`)}`;
}

export async function applyImport(db: PracticeDb, rows: readonly ImportRow[], options: ApplyOptions): Promise<ApplyReport> {
  const now = options.now ?? Date.now();
  // Patients first: who exists, who is new, who cannot be added.
  const patientIds = new Map<ImportRow, string>();
  for (const row of rows) patientIds.set(row, await patientIdFor(db, row));
  const known = await db.collections.patients.findByIds([...new Set(patientIds.values())]).exec();
  const newPatients = new Map<string, PatientDoc>();
  let noNumber = 0;
  const usable: ImportRow[] = [];
  for (const row of rows) {
    const id = patientIds.get(row)!;
    if (known.has(id) || newPatients.has(id)) {
      usable.push(row);
      continue;
    }
    if (!row.patient.phone) {
      noNumber++;
      continue;
    }
    newPatients.set(
      id,
      await buildPatientDoc(
        db,
        {
          id,
          givenName: row.patient.givenName,
          familyName: row.patient.familyName,
          phone: row.patient.phone,
          phoneSource: options.numbersFromPatients ? 'patient' : 'import',
          ...(row.patient.dateOfBirth ? { dateOfBirth: row.patient.dateOfBirth } : {}),
          ...(row.patient.preferredLanguage ? { preferredLanguage: row.patient.preferredLanguage } : {}),
        },
        now,
      ),
    );
    usable.push(row);
  }
  if (newPatients.size) {
    const inserted = await db.collections.patients.bulkInsert([...newPatients.values()]);
    if (inserted.error.length) throw new Error(`${inserted.error.length} patient(s) could not be added; nothing was imported.`);
  }

  // Appointments: what this source already gave us, by derived id and in the covered range.
  const ids = new Map<string, string>();
  for (const row of usable) ids.set(row.externalId, await appointmentIdFor(db, options.source, row.externalId));
  const byId = await db.collections.appointments.findByIds([...ids.values()]).exec();
  const inRange = options.coveredRange ? (await appointmentsBetween(db, options.coveredRange.from, options.coveredRange.to, 50_000)).filter((a) => a.source === options.source) : [];
  const stored = new Map<string, AppointmentDoc>();
  for (const d of byId.values()) stored.set(d.id, d.toJSON() as AppointmentDoc);
  for (const a of inRange) stored.set(a.id, a as AppointmentDoc);
  const existing: ExistingAppointment[] = [...stored.values()].map((a) => ({
    id: a.id,
    ...(a.externalId ? { externalId: a.externalId } : {}),
    startsAt: a.startsAt,
    durationMinutes: a.durationMinutes,
    status: a.status === 'no-show' || a.status === 'completed' || a.status === 'cancelled' || a.status === 'confirmed' || a.status === 'rescheduled' ? a.status : 'booked',
    ...(a.provider ? { provider: a.provider } : {}),
    ...(a.location ? { location: a.location } : {}),
  }));
  const plan = planReimport(existing, usable, options.coveredRange ?? undefined);

  const docFor = (row: ImportRow, id: string): AppointmentDoc => ({
    id,
    patientId: patientIds.get(row) ?? '',
    startsAt: row.startsAt,
    durationMinutes: row.durationMinutes,
    timeZone: options.timeZone,
    status: row.status,
    source: options.source,
    externalId: row.externalId,
    updatedAt: now,
    ...(row.provider ? { provider: row.provider } : {}),
    ...(row.location ? { location: row.location } : {}),
    ...(row.appointmentType ? { reason: row.appointmentType } : {}),
  });
  const withdraw: { id: string; reason: 'cancelled' | 'rescheduled' }[] = [];
  const writes: AppointmentDoc[] = [];
  for (const row of plan.create) writes.push(docFor(row, ids.get(row.externalId)!));
  for (const u of plan.update) {
    const before = stored.get(u.id);
    // The patient of an update is the one the source names now (by the merged row).
    const source = usable.find((r) => r.externalId === u.row.externalId) ?? u.row;
    writes.push({ ...docFor(u.row, u.id), patientId: patientIds.get(source) ?? before?.patientId ?? '' });
    if (u.changed.includes('startsAt')) withdraw.push({ id: u.id, reason: 'rescheduled' });
    else if (u.changed.includes('status') && (u.row.status === 'cancelled' || u.row.status === 'no-show' || u.row.status === 'completed')) withdraw.push({ id: u.id, reason: 'cancelled' });
  }
  for (const id of plan.cancel) {
    const before = stored.get(id);
    if (!before) continue;
    writes.push({ ...before, status: 'cancelled', updatedAt: now });
    withdraw.push({ id, reason: 'cancelled' });
  }
  if (writes.length) {
    const result = await db.collections.appointments.bulkUpsert(writes);
    if (result.error.length) throw new Error(`${result.error.length} appointment(s) could not be saved. Import the file again: nothing is duplicated.`);
  }
  return { patientsAdded: newPatients.size, created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged, cancelled: plan.cancel.length, noNumber, withdraw };
}
