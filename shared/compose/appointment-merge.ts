/**
 * Owns how an appointment's date and time read in a text: in the practice's (or location's)
 * time zone and the patient's language ("Tuesday, March 10" / "martes 10 de marzo", "9:30 AM" /
 * "9:30"). Pure (date-fns with @date-fns/tz); the inbox's merge fields and the campaign planner
 * both use it.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { es } from 'date-fns/locale';
import type { MergeValues } from './templates';

export function appointmentMergeValues(startsAt: number, timeZone: string, language: 'en' | 'es'): Pick<MergeValues, 'appointmentDate' | 'appointmentTime'> {
  const local = new TZDate(startsAt, timeZone);
  return language === 'es'
    ? { appointmentDate: format(local, "EEEE d 'de' MMMM", { locale: es }), appointmentTime: format(local, 'H:mm', { locale: es }) }
    : { appointmentDate: format(local, 'EEEE, MMMM d'), appointmentTime: format(local, 'h:mm a') };
}
