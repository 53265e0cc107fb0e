/**
 * Owns the sandbox's simulated patients: obviously fake people on the fictional 555-01xx
 * numbers (+1 202 555 0101 … 0199), each with one behaviour: confirm, cancel, ask to
 * reschedule, ask a question in English or Spanish, reply STOP / ALTO / HELP (one of them STOP
 * after a pause, time enough to lock the screens first), have a landline
 * (30006), be unreachable (30003) or not be a mobile number at all (21614 at create). Any other
 * 555-01xx number receives messages and never answers. +1 202 555 0100 is the practice.
 */

export type Behaviour =
  | 'confirm' | 'cancel' | 'reschedule' | 'question-en' | 'question-es' | 'confirm-es'
  | 'stop' | 'stop-es' | 'stop-later' | 'help' | 'landline' | 'unreachable' | 'not-mobile' | 'silent';

export interface SimulatedPatient {
  readonly number: string;
  readonly label: string;
  readonly behaviour: Behaviour;
  /** What they text back after a delivered message (null: no reply). */
  readonly reply: string | null;
  /** Extra pause before the reply (someone who reads the text a little later). */
  readonly replyDelayMs?: number;
}

export const SANDBOX_PRACTICE_NUMBER = '+12025550100';

export const SIMULATED_PATIENTS: readonly SimulatedPatient[] = [
  { number: '+12025550101', label: 'Test Patient Alpha (confirms)', behaviour: 'confirm', reply: 'Yes, I will be there. Thanks!' },
  { number: '+12025550102', label: 'Test Patient Bravo (cancels)', behaviour: 'cancel', reply: 'I need to cancel, sorry.' },
  { number: '+12025550103', label: 'Test Patient Charlie (reschedules)', behaviour: 'reschedule', reply: 'Can we move it to next week? Mornings are better.' },
  { number: '+12025550104', label: 'Test Patient Delta (asks a question)', behaviour: 'question-en', reply: 'Do I need to bring anything to the visit?' },
  { number: '+12025550105', label: 'Paciente de Prueba Eco (pregunta)', behaviour: 'question-es', reply: '¿Tengo que llevar mi tarjeta del seguro?' },
  { number: '+12025550106', label: 'Paciente de Prueba Foxtrot (confirma)', behaviour: 'confirm-es', reply: 'Sí, ahí estaré. Gracias.' },
  { number: '+12025550107', label: 'Test Patient Golf (replies STOP)', behaviour: 'stop', reply: 'STOP' },
  { number: '+12025550108', label: 'Paciente de Prueba Hotel (responde ALTO)', behaviour: 'stop-es', reply: 'ALTO' },
  { number: '+12025550109', label: 'Test Patient India (asks for HELP)', behaviour: 'help', reply: 'HELP' },
  { number: '+12025550110', label: 'Test Patient Juliet (landline)', behaviour: 'landline', reply: null },
  { number: '+12025550111', label: 'Test Patient Kilo (phone unreachable)', behaviour: 'unreachable', reply: null },
  { number: '+12025550112', label: 'Test Patient Lima (not a mobile number)', behaviour: 'not-mobile', reply: null },
  { number: '+12025550113', label: 'Test Patient November (replies STOP after a pause)', behaviour: 'stop-later', reply: 'STOP', replyDelayMs: 8_000 },
];

export function patientFor(number: string): SimulatedPatient {
  return SIMULATED_PATIENTS.find((p) => p.number === number) ?? { number, label: 'Simulated patient (no reply)', behaviour: 'silent', reply: null };
}
