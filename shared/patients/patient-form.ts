/**
 * Owns the checks of a patient record as staff enter it (the Patients page's add and edit
 * forms, linking an unmatched number): required names within length, a real date of birth in
 * the past, a usable US texting number with its type and who gave it (R18), optional other
 * phones, e-mail, state and preferred contact hours. Answers the cleaned record or a problem per
 * field, in words for the person at the desk. Pure.
 */
import { checkTextingNumber } from '../phone/texting-number';

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO',
  'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
  'PR', 'VI', 'GU', 'AS', 'MP',
] as const;

export const NAME_MAX = 120;
export const NOTE_MAX = 4000;

export type PatientFormField =
  | 'givenName' | 'familyName' | 'dateOfBirth' | 'phone' | 'phoneSource' | 'email' | 'addressState' | 'contactWindow' | 'otherPhones' | 'notes' | 'preferenceNote';

export interface PatientFormInput {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly phone: string;
  readonly phoneType: 'mobile' | 'landline' | 'unknown';
  readonly phoneSource: 'patient' | 'representative' | 'staff' | 'import' | 'unknown' | '';
  readonly otherPhones: readonly { readonly number: string; readonly label: 'mobile' | 'home' | 'work' | 'other' }[];
  readonly email: string;
  readonly notes: string;
  readonly preferredLanguage: 'en' | 'es';
  readonly textingPreference: 'any' | 'appointments-only' | 'none';
  readonly preferenceNote: string;
  readonly preferenceWritten: boolean;
  /** "HH:MM" or '' for no preference. */
  readonly contactFrom: string;
  readonly contactTo: string;
  readonly addressState: string;
}

export interface CleanPatient {
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  phone: string;
  phoneType: 'mobile' | 'landline' | 'unknown';
  phoneSource: 'patient' | 'representative' | 'staff' | 'import' | 'unknown';
  otherPhones: { number: string; label: 'mobile' | 'home' | 'work' | 'other' }[];
  email?: string;
  notes?: string;
  preferredLanguage: 'en' | 'es';
  textingPreference: 'any' | 'appointments-only' | 'none';
  preferenceNote?: string;
  preferenceWritten: boolean;
  contactWindow?: { startMinute: number; endMinute: number };
  addressState?: string;
}

export type PatientFormResult =
  | { readonly ok: true; readonly patient: CleanPatient; readonly warnings: Partial<Record<PatientFormField, string>> }
  | { readonly ok: false; readonly problems: Partial<Record<PatientFormField, string>> };

const MINUTE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const toMinute = (hhmm: string) => {
  const m = MINUTE.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/** `today` is the local calendar date (YYYY-MM-DD) the form is filled in. */
export function checkPatientForm(input: PatientFormInput, today: string): PatientFormResult {
  const problems: Partial<Record<PatientFormField, string>> = {};
  const warnings: Partial<Record<PatientFormField, string>> = {};
  const givenName = input.givenName.trim().replace(/\s+/g, ' ');
  const familyName = input.familyName.trim().replace(/\s+/g, ' ');
  if (!givenName) problems.givenName = 'Enter the patient’s first name.';
  else if (givenName.length > NAME_MAX) problems.givenName = `A first name can be at most ${NAME_MAX} characters.`;
  if (!familyName) problems.familyName = 'Enter the patient’s last name.';
  else if (familyName.length > NAME_MAX) problems.familyName = `A last name can be at most ${NAME_MAX} characters.`;

  let dateOfBirth: string | undefined;
  if (input.dateOfBirth.trim()) {
    const dob = input.dateOfBirth.trim();
    const parsed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob);
    const valid = parsed && !Number.isNaN(Date.parse(`${dob}T00:00:00Z`)) && new Date(`${dob}T00:00:00Z`).toISOString().slice(0, 10) === dob;
    if (!valid) problems.dateOfBirth = 'Enter the date of birth as a real date, for example 1980-04-21.';
    else if (dob > today) problems.dateOfBirth = 'The date of birth cannot be in the future.';
    else if (Number(parsed[1]) < Number(today.slice(0, 4)) - 130) problems.dateOfBirth = 'That date of birth is more than 130 years ago. Check the year.';
    else dateOfBirth = dob;
  }

  const phone = checkTextingNumber(input.phone, { knownLandline: input.phoneType === 'landline' });
  if (phone.problem) problems.phone = phone.problem.message;
  else if (phone.warning) warnings.phone = phone.warning.message;
  if (!input.phoneSource) problems.phoneSource = 'Say who gave the practice this number: it decides whether the patient agreed to texts at it.';

  const otherPhones: CleanPatient['otherPhones'] = [];
  for (const other of input.otherPhones) {
    if (!other.number.trim()) continue;
    const check = checkTextingNumber(other.number);
    if (!check.e164) {
      problems.otherPhones = `Other phone “${other.number.slice(0, 24)}”: ${check.problem?.message ?? 'not a phone number.'}`;
      break;
    }
    otherPhones.push({ number: check.e164, label: other.label });
  }
  if (otherPhones.length > 5) problems.otherPhones = 'At most five other phone numbers.';

  const email = input.email.trim();
  if (email && (email.length > 200 || !/^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]{2,}$/.test(email))) problems.email = 'That e-mail address does not look right, for example name@example.com.';

  const state = input.addressState.trim().toUpperCase();
  if (state && !(US_STATES as readonly string[]).includes(state)) problems.addressState = 'Choose the US state of the patient’s address.';

  let contactWindow: CleanPatient['contactWindow'];
  if (input.contactFrom || input.contactTo) {
    const start = toMinute(input.contactFrom);
    const end = toMinute(input.contactTo);
    if (start === null || end === null) problems.contactWindow = 'Give both times of the preferred contact hours, for example 09:00 to 17:00.';
    else if (start >= end) problems.contactWindow = 'The preferred contact hours must end after they start.';
    else contactWindow = { startMinute: start, endMinute: end };
  }
  if (input.notes.length > NOTE_MAX) problems.notes = `Notes can be at most ${NOTE_MAX} characters.`;
  if (input.preferenceNote.length > 500) problems.preferenceNote = 'The request can be at most 500 characters.';

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const patient: CleanPatient = {
    givenName,
    familyName,
    phone: phone.e164!,
    phoneType: input.phoneType,
    phoneSource: input.phoneSource as CleanPatient['phoneSource'],
    otherPhones,
    preferredLanguage: input.preferredLanguage,
    textingPreference: input.textingPreference,
    preferenceWritten: input.preferenceWritten,
  };
  if (dateOfBirth) patient.dateOfBirth = dateOfBirth;
  if (email) patient.email = email;
  if (input.notes.trim()) patient.notes = input.notes.trim();
  if (input.preferenceNote.trim()) patient.preferenceNote = input.preferenceNote.trim();
  if (contactWindow) patient.contactWindow = contactWindow;
  if (state) patient.addressState = state;
  return { ok: true, patient, warnings };
}

/** Minutes after midnight → "HH:MM". */
export const minuteToHhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
