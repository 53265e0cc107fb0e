/**
 * The values templates merge in for one patient: first name, the practice's name and phone (from
 * settings) and the next appointment's date and time in the practice's time zone (appointment
 * times are instants; the front desk reads them as the practice's local time), in the patient's
 * language.
 */
import { appointmentMergeValues } from '../../../../shared/compose/appointment-merge';
import type { Settings } from '../../../../shared/ipc/contract';
import type { MergeValues } from '../../../../shared/compose/templates';
import { formatUsPhone } from '../../../../shared/phone/us-phone';
import { appointmentsForPatient, type Patient, type PracticeDb } from '../../../data';

export async function mergeValuesFor(db: PracticeDb | null, patient: Patient | null, settings: Settings | null, now = Date.now()): Promise<MergeValues> {
  const values: MergeValues = {};
  if (settings) {
    values.practiceName = settings.practice.name;
    values.practicePhone = formatUsPhone(settings.practice.phone);
  }
  if (patient) values.firstName = patient.givenName;
  if (db && patient) {
    const upcoming = (await appointmentsForPatient(db, patient.id, now)).find((a) => a.status === 'booked' || a.status === 'confirmed');
    if (upcoming) Object.assign(values, appointmentMergeValues(upcoming.startsAt, settings?.practice.timeZone ?? upcoming.timeZone, patient.preferredLanguage));
  }
  return values;
}
