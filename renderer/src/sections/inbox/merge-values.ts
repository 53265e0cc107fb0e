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
    if (upcoming) {
      const local = new TZDate(upcoming.startsAt, settings?.practice.timeZone ?? upcoming.timeZone);
      const spanish = patient.preferredLanguage === 'es';
      values.appointmentDate = spanish ? format(local, "EEEE d 'de' MMMM", { locale: es }) : format(local, 'EEEE, MMMM d');
      values.appointmentTime = spanish ? format(local, 'H:mm', { locale: es }) : format(local, 'h:mm a');
    }
  }
  return values;
}
