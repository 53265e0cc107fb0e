/**
 * Held-out labelled replies to an appointment reminder for `npm run eval:replies`. Written
 * BEFORE any rule of reply-interpreter.ts existed and never used to tune the rules afterwards:
 * a miss here stays a miss (fix it by writing a new example into reply-examples.ts, never by
 * editing this file). Its accuracy is the honest figure — with one caveat: it was written by the
 * same author as the rules, so it shares that author's phrasing; a set written blind by someone
 * who has seen neither the rules nor the examples would be stronger evidence. Not asserted by the
 * unit tests. Labels follow the policy in reply-interpreter.ts's header. All synthetic.
 */
import type { LabelledReply } from './reply-examples';

const l = (text: string, intent: LabelledReply['intent']): LabelledReply => ({ text, intent });

export const REPLY_HELD_OUT: readonly LabelledReply[] = [
  l("Yes ma'am I'll be there", 'confirm'),
  l('Confirmed, thank you!', 'confirm'),
  l('yep see u thursday', 'confirm'),
  l("We'll be there 👍", 'confirm'),
  l('Sounds good, thanks for the reminder', 'confirm'),
  l('Si ahi estare, gracias', 'confirm'),
  l('Confirmo mi cita', 'confirm'),
  l('Claro que sí, nos vemos', 'confirm'),
  l("Can't wait, see you then!", 'confirm'),
  l("No problem, I'll be there at 2", 'confirm'),
  l("I won't be able to come that day, sorry", 'cancel'),
  l('Cant make it tomorrow, please cancel', 'cancel'),
  l("I'm sick, not coming in", 'cancel'),
  l('Please cancel my appt, I already saw another doctor', 'cancel'),
  l('No voy a poder ir, cancélenla por favor', 'cancel'),
  l('No podré asistir', 'cancel'),
  l('Nope', 'cancel'),
  l('Is there any chance I could come in the morning instead?', 'reschedule'),
  l('Need to reschedule, something came up at work', 'reschedule'),
  l('Can we push it to next week?', 'reschedule'),
  l('Puedo cambiar mi cita para el jueves?', 'reschedule'),
  l('Necesito otra fecha, ese día trabajo', 'reschedule'),
  l('Yes but could it be an hour later?', 'reschedule'),
  l('No puedo ese día, ¿tienen algo el viernes?', 'reschedule'),
  l('Do I need to bring my insurance card?', 'question'),
  l('How long will the appointment take?', 'question'),
  l('Is the office on the second floor?', 'question'),
  l('¿Tengo que ir en ayunas?', 'question'),
  l('¿Cuánto cuesta la consulta?', 'question'),
  l('Which location is this at?', 'question'),
  l('Stop texting me please', 'opt-out'),
  l('STOP', 'opt-out'),
  l('Ya no me manden mensajes', 'opt-out'),
  l('Cancel my appointment and take me off your list', 'opt-out'),
  l("Wrong number, I don't know this person", 'wrong-number'),
  l('Creo que tienen el número equivocado', 'wrong-number'),
  l('You have the wrong person', 'wrong-number'),
  l('??', 'unclear'),
  l("Who's this?", 'unclear'),
  l('👀', 'unclear'),
];
