/**
 * The patients a practice in training mode can add with one click: obviously synthetic people on
 * the sandbox gateway's simulated numbers (202-555-0101 … 0113), each answering the way the
 * sandbox makes them answer (confirm, cancel, STOP, landline…). Their number was "given by the
 * patient", so the inbox may text them (R18) until they reply STOP.
 */
export interface TrainingPatient {
  readonly givenName: string;
  readonly familyName: string;
  readonly phone: string;
  readonly dateOfBirth: string;
  readonly preferredLanguage: 'en' | 'es';
  /** What the simulated patient does, for the list on screen. */
  readonly behaviour: string;
}

const P = (n: number, givenName: string, familyName: string, preferredLanguage: 'en' | 'es', behaviour: string): TrainingPatient => ({
  givenName,
  familyName,
  phone: `+120255501${String(n).padStart(2, '0')}`,
  dateOfBirth: `1970-01-${String(n).padStart(2, '0')}`,
  preferredLanguage,
  behaviour,
});

export const TRAINING_PATIENTS: readonly TrainingPatient[] = [
  P(1, 'Alpha', 'Testpatient', 'en', 'confirms'),
  P(2, 'Bravo', 'Testpatient', 'en', 'cancels'),
  P(3, 'Charlie', 'Testpatient', 'en', 'asks to reschedule'),
  P(4, 'Delta', 'Testpatient', 'en', 'asks a question'),
  P(5, 'Eco', 'Pacienteprueba', 'es', 'asks a question in Spanish'),
  P(6, 'Foxtrot', 'Pacienteprueba', 'es', 'confirms in Spanish'),
  P(7, 'Golf', 'Testpatient', 'en', 'replies STOP'),
  P(8, 'Hotel', 'Pacienteprueba', 'es', 'replies ALTO'),
  P(9, 'India', 'Testpatient', 'en', 'asks for HELP'),
  P(10, 'Juliet', 'Testpatient', 'en', 'has a landline'),
  P(11, 'Kilo', 'Testpatient', 'en', 'phone unreachable'),
  P(12, 'Lima', 'Testpatient', 'en', 'not a mobile number'),
  P(13, 'November', 'Testpatient', 'en', 'replies STOP after a pause'),
];
