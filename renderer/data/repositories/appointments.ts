/** Appointments by time range (for campaigns and the day's list) and by patient. */
import type { PracticeDb } from '../database/open-practice-db';
import type { AppointmentDoc } from '../schema';
import { newId } from './ids';

export type Appointment = Readonly<AppointmentDoc>;
export type NewAppointment = Omit<AppointmentDoc, 'id' | 'updatedAt'> & { id?: string };

export async function addAppointments(db: PracticeDb, inputs: readonly NewAppointment[], now = Date.now()): Promise<Appointment[]> {
  const docs: AppointmentDoc[] = inputs.map((input) => ({ ...input, id: input.id ?? newId('a'), updatedAt: now }));
  const result = await db.collections.appointments.bulkUpsert(docs);
  if (result.error.length > 0) throw new Error(`${result.error.length} appointment(s) could not be saved.`);
  return docs;
}

/** Appointments starting in [from, to), in time order. */
export async function appointmentsBetween(db: PracticeDb, from: number, to: number, limit = 1000): Promise<Appointment[]> {
  const docs = await db.collections.appointments.find({ selector: { startsAt: { $gte: from, $lt: to } }, sort: [{ startsAt: 'asc' }], limit }).exec();
  return docs.map((d) => d.toJSON() as Appointment);
}

export async function appointmentsForPatient(db: PracticeDb, patientId: string, from = 0): Promise<Appointment[]> {
  const docs = await db.collections.appointments
    .find({ selector: { patientId, startsAt: { $gte: from } }, sort: [{ patientId: 'asc' }, { startsAt: 'asc' }] })
    .exec();
  return docs.map((d) => d.toJSON() as Appointment);
}

/** Moves an appointment to a new time (a reschedule staff arranged); false when it is gone. */
export async function moveAppointment(db: PracticeDb, id: string, startsAt: number, now = Date.now()): Promise<boolean> {
  const doc = await db.collections.appointments.findOne(id).exec();
  if (!doc) return false;
  await doc.incrementalPatch({ startsAt, status: 'booked', updatedAt: now });
  return true;
}

export async function getAppointment(db: PracticeDb, id: string): Promise<Appointment | null> {
  const doc = await db.collections.appointments.findOne(id).exec();
  return doc ? (doc.toJSON() as Appointment) : null;
}
