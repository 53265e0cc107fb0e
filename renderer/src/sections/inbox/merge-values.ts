/**
 * The values templates merge in for one patient: first name, the practice's name and phone (from
 * settings) and the next appointment's date and time in the practice's time zone (appointment
 * times are instants; the front desk reads them as the practice's local time), in the patient's
 * language.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { es } from 'date-fns/locale';
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

/** An appointment's date and time as the patient reads them, in the practice's zone and the patient's language. */
export function appointmentMergeValues(startsAt: number, timeZone: string, language: 'en' | 'es'): Pick<MergeValues, 'appointmentDate' | 'appointmentTime'> {
  const local = new TZDate(startsAt, timeZone);
  return language === 'es'
    ? { appointmentDate: format(local, "EEEE d 'de' MMMM", { locale: es }), appointmentTime: format(local, 'H:mm', { locale: es }) }
    : { appointmentDate: format(local, 'EEEE, MMMM d'), appointmentTime: format(local, 'h:mm a') };
}
