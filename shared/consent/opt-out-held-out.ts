/**
 * Held-out labelled texts for `npm run eval:keywords`, never used to tune the rules. This third
 * set was written blind — by a helper that saw neither the classifier nor the other examples —
 * after the rules were last changed; its precision and recall are the honest figures. (Earlier
 * held-out sets were folded into the examples once their misses were fixed.) Only `revocation`
 * is ground truth here; intent and action are implied from it. Not asserted by the unit tests.
 */
import type { LabelledText } from './opt-out-examples';

const r = (text: string): LabelledText => ({ text, intent: 'stop', action: 'review', revocation: true });
const n = (text: string): LabelledText => ({ text, intent: 'none', action: 'none', revocation: false });

export const OPT_OUT_HELD_OUT: readonly LabelledText[] = [
  r("I don't want to get these texts anymore"), r("Please stop texting me, thank you"), r("pls stop sending me txts"),
  r("Can you take my number off your texting list?"), r("STOP TEXTING ME. I've asked three times already!!"), r("u guys need to quit messaging me"),
  r("Remove me from text reminders please"), r("I no longer wish to receive text messages from your office"), r("unsubscribe me from these msgs"),
  r("Cancel my appt on Friday and stop the texts please"), r("No more texts please 🙏"), r("Stop sending me these reminders 😡"),
  r("Opt me out of texts"), r("dont txt this number again"), r("I switched doctors, please stop messaging me"),
  r("Please don't send me any more text messages, I'll call if I need anything"), r("Enough with the texts. Take me off your list."), r("i want to opt out of sms"),
  r("Ya no me manden mensajes por favor"), r("No quiero recibir mas textos"), r("Por favor dejen de enviarme mensajes"),
  r("quitenme de la lista de mensajes"), r("Basta de mensajes, ya no quiero que me escriban 🙄"), r("Cancelen mi cita y ya no me manden textos"),
  n("Can I stop by this afternoon to pick up my prescription?"), n("I'm at the bus stop, running about 10 min late"), n("Dr said I should quit smoking, do you have any resources for that?"),
  n("I need to cancel my appointment on Tuesday, but keep texting me reminders for the next one"), n("Can we reschedule to the end of the week?"), n("Please don't call, just text me instead"),
  n("Stop calling me at work, texting is fine"), n("Can you text me the address?"), n("My bleeding finally stopped, do I still need to come in?"),
  n("I stopped taking the blood pressure meds because of dizziness, should I still come Thursday?"), n("Confirm. See you then!"), n("Is there parking or should I take the bus and get off at the Main St stop?"),
  n("I quit my job so my insurance changed, what info do you need?"), n("Will I get a text when the referral goes through?"), n("Yes I'd like to keep getting the reminders, thanks"),
  n("I can't make it, please cancel. I'll text you to reschedule"), n("How do I stop the pharmacy from auto-refilling? Or is that a question for them?"), n("The pain doesn't stop after the injection, is that normal?"),
  n("Ended up getting a ride, I'll be there at 3"), n("Necesito cancelar la cita del lunes, me pueden mandar otra fecha por mensaje?"), n("Estoy en el paro de autobús, llego en 15 minutos"),
  n("No me llamen por favor, mejor mándenme texto"), n("Ya dejé de fumar, le aviso al doctor?"), n("Puedo pasar a recoger la receta al final de la semana?"),
];
