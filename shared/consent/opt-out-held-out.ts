/**
 * Held-out labelled texts for `npm run eval:keywords`: written after the classifier's rules and
 * never used to tune them, so their precision and recall say how it does on phrasings it has not
 * seen (the main example set was written alongside the rules). Not asserted by the unit tests.
 */
import type { LabelledText } from './opt-out-examples';

const r = (text: string): LabelledText => ({ text, intent: 'stop', action: 'review', revocation: true });
const n = (text: string): LabelledText => ({ text, intent: 'none', action: 'none', revocation: false });

export const OPT_OUT_HELD_OUT: readonly LabelledText[] = [
  r('Kindly stop messaging this phone'), r('I want these texts to stop'), r('please quit sending texts to me'), r('How do I stop getting these'),
  r('no longer interested in texts'), r('Cease all text communication'), r('stop. texting. me.'), r('Do NOT text me'),
  r('Take me off your texting list'), r('i dont want ur texts'), r('stahp texting'), r('Plz remove my number'),
  r('no mandar más mensajes'), r('Ya no quiero sus mensajes'), r('favor de no enviar más textos'), r('ALTO por favor, no más'),
  r('STOP TEXTING'), r('Unsubscribe please'), r('stop it with the texts'), r('Enough texts!'),
  n('Stop at the front desk first?'), n('I can stop in Monday'), n('Can I end my visit early?'), n('The pharmacy said to stop the pills'),
  n('Please text me the time again'), n('Is parking free?'), n('Yes please send me reminders'), n('Cancel Tuesday, book Thursday?'),
  n('Me puede llamar?'), n('Gracias por el recordatorio'), n('Ok see you at 10'), n('Stopped at the lab already'),
];
