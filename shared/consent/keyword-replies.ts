/**
 * Owns the wording of the texts CareRelay sends on its own in answer to a patient: the one
 * confirmation after an opt-out (R25), the HELP answer (R29), the confirmation after START, and
 * the first message after an opt-in to a recurring programme (R30). Each carries exactly the
 * fields the carrier rules name, in English or Spanish, and nothing promotional. Pure; main
 * builds them from the practice settings so they go out while the screens are locked.
 *
 * Choices: the language follows the keyword the patient used (ALTO / AYUDA → Spanish), because
 * main does not hold the patient's record; the programme named is "appointment reminders and
 * care messages" unless the opt-in names the purposes agreed to.
 */
import { purposeText, type CapturePurpose } from './disclosures';

export type ReplyLanguage = 'en' | 'es';
export type AutoReplyKind = 'stop-confirmation' | 'help' | 'start-confirmation' | 'opt-in-confirmation';

export interface PracticeIdentity {
  readonly name: string;
  /** Support phone number as staff typed it. */
  readonly phone: string;
}

/** R25: the confirmation may ask to clarify scope but never markets (checked by the tests). */
export const AUTO_REPLY_KINDS: readonly AutoReplyKind[] = ['stop-confirmation', 'help', 'start-confirmation', 'opt-in-confirmation'];

/** How long after the opt-out its confirmation may still go (R25: within five minutes). */
export const STOP_CONFIRMATION_WINDOW_MS = 5 * 60_000;

const FREQUENCY = {
  en: 'Up to 4 msgs per appointment, a few a month otherwise.',
  es: 'Hasta 4 mensajes por cita y pocos al mes por lo demás.',
} as const;
const RATES = { en: 'Msg & data rates may apply.', es: 'Pueden aplicarse tarifas de mensajes y datos.' } as const;
const DEFAULT_PROGRAMME = { en: 'appointment reminders and care messages', es: 'recordatorios de citas y mensajes de su atención' } as const;

/** Keeps a practice name from carrying links or line breaks into a text. */
function plain(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
}

function programme(purposes: readonly CapturePurpose[] | undefined, lang: ReplyLanguage): string {
  const recurring = (purposes ?? []).filter((p) => p !== 'marketing');
  if (recurring.length === 0) return DEFAULT_PROGRAMME[lang];
  // The consent screen's wording without its parenthesised asides.
  return recurring.map((p) => purposeText(p, lang).replace(/\s*\(.*?\)/g, '')).join(lang === 'es' ? ' y ' : ' and ');
}

export function stopConfirmation(practice: PracticeIdentity, lang: ReplyLanguage): string {
  const name = plain(practice.name);
  return lang === 'es'
    ? `${name}: se dio de baja y no recibirá más mensajes de texto. Responda START para volver a recibirlos. ¿Dudas? Llame al ${plain(practice.phone)}.`
    : `${name}: you are unsubscribed and will receive no more texts. Reply START to resubscribe. Questions? Call ${plain(practice.phone)}.`;
}

export function helpReply(practice: PracticeIdentity, lang: ReplyLanguage): string {
  const name = plain(practice.name);
  return lang === 'es'
    ? `${name}: ${DEFAULT_PROGRAMME.es}. Ayuda: ${plain(practice.phone)}. ${FREQUENCY.es} ${RATES.es} Responda STOP para no recibir más.`
    : `${name}: ${DEFAULT_PROGRAMME.en}. Help: call ${plain(practice.phone)}. ${FREQUENCY.en} ${RATES.en} Reply STOP to opt out.`;
}

/** R30: the first text after an opt-in (at the desk or by START) to a recurring programme. */
export function optInConfirmation(practice: PracticeIdentity, lang: ReplyLanguage, purposes?: readonly CapturePurpose[]): string {
  const name = plain(practice.name);
  const what = programme(purposes, lang);
  return lang === 'es'
    ? `${name}: está inscrito para ${what}. ${FREQUENCY.es} ${RATES.es} Responda HELP o AYUDA para ayuda, STOP para no recibir más.`
    : `${name}: you are signed up for ${what}. ${FREQUENCY.en} ${RATES.en} Reply HELP for help, STOP to opt out.`;
}

export function autoReplyText(kind: AutoReplyKind, practice: PracticeIdentity, lang: ReplyLanguage, purposes?: readonly CapturePurpose[]): string {
  switch (kind) {
    case 'stop-confirmation':
      return stopConfirmation(practice, lang);
    case 'help':
      return helpReply(practice, lang);
    case 'start-confirmation':
    case 'opt-in-confirmation':
      return optInConfirmation(practice, lang, purposes);
  }
}

/** The fields a carrier reviewer looks for, as checks a test (or a lint of a custom text) can run. */
export const REQUIRED_FIELDS: Readonly<Record<AutoReplyKind, readonly ('name' | 'phone' | 'stop' | 'help' | 'rates' | 'frequency' | 'start')[]>> = {
  'stop-confirmation': ['name', 'start'],
  help: ['name', 'phone', 'stop', 'rates', 'frequency'],
  'start-confirmation': ['name', 'stop', 'help', 'rates', 'frequency'],
  'opt-in-confirmation': ['name', 'stop', 'help', 'rates', 'frequency'],
};

export function missingFields(kind: AutoReplyKind, text: string, practice: PracticeIdentity): string[] {
  const checks: Record<string, boolean> = {
    name: text.includes(plain(practice.name)),
    phone: text.includes(plain(practice.phone)),
    stop: /\bSTOP\b/.test(text),
    help: /\bHELP\b|\bAYUDA\b/.test(text),
    rates: /Msg & data rates may apply|tarifas de mensajes y datos/.test(text),
    frequency: /Up to \d+ msgs|Hasta \d+ mensajes/.test(text),
    start: /\bSTART\b/.test(text),
  };
  return REQUIRED_FIELDS[kind].filter((f) => !checks[f]);
}
