/**
 * Owns what a patient is shown before agreeing to texts (R31) and what a capture must contain:
 * the practice's name, each purpose in plain words, how often, "Msg & data rates may apply",
 * and how to stop (STOP) or get help (HELP), in English and Spanish, under one form version.
 * Each line has a short code; a consent event stores the codes it showed (the ledger keeps
 * codes, the text lives here under its version). Marketing needs written consent (R32), and
 * an in-person electronic capture needs the patient's signature.
 */

export const CONSENT_FORM_VERSION = 'sms-consent-2026-12';

export type CapturePurpose = 'appointment-reminders' | 'billing' | 'care' | 'practice-news' | 'marketing';
export const CAPTURE_PURPOSES: readonly CapturePurpose[] = ['appointment-reminders', 'billing', 'care', 'practice-news', 'marketing'];
export type CaptureMethod = 'electronic-form' | 'paper-form' | 'verbal' | 'phone-call' | 'patient-portal' | 'email';

/** R32: methods that are consent in writing. */
export const WRITTEN_METHODS: ReadonlySet<CaptureMethod> = new Set(['electronic-form', 'paper-form', 'patient-portal']);

const PURPOSE_TEXT: Readonly<Record<'en' | 'es', Readonly<Record<CapturePurpose, string>>>> = {
  en: {
    'appointment-reminders': 'appointment reminders and confirmations',
    billing: 'billing and payment notices',
    care: 'notices that lab results or care messages are ready (no results by text)',
    'practice-news': 'general practice news (closures, hours)',
    marketing: 'offers and promotions (marketing)',
  },
  es: {
    'appointment-reminders': 'recordatorios y confirmaciones de citas',
    billing: 'avisos de facturación y pagos',
    care: 'avisos de que hay resultados o mensajes de su atención (sin resultados por texto)',
    'practice-news': 'noticias generales del consultorio (cierres, horarios)',
    marketing: 'ofertas y promociones (mercadeo)',
  },
};

export interface DisclosureLine {
  readonly code: string;
  readonly text: string;
}

export function purposeText(purpose: CapturePurpose, language: 'en' | 'es' = 'en'): string {
  return PURPOSE_TEXT[language][purpose];
}

/** The disclosure the patient sees for these purposes (R31), in their language. */
export function consentDisclosures(practiceName: string, purposes: readonly CapturePurpose[], language: 'en' | 'es' = 'en'): DisclosureLine[] {
  const list = purposes.map((p) => PURPOSE_TEXT[language][p]).join('; ');
  if (language === 'es') {
    return [
      { code: 'practice', text: `${practiceName} le enviará mensajes de texto a este número.` },
      { code: 'purposes', text: `Para: ${list || '(elija al menos un propósito)'}.` },
      { code: 'frequency', text: 'Frecuencia: hasta 4 mensajes por cita y pocos mensajes al mes por lo demás.' },
      { code: 'rates', text: 'Pueden aplicarse tarifas de mensajes y datos.' },
      { code: 'stop-help', text: 'Responda ALTO o STOP para dejar de recibirlos, AYUDA o HELP para obtener ayuda.' },
      { code: 'not-required', text: 'No es necesario aceptar para recibir atención.' },
    ];
  }
  return [
    { code: 'practice', text: `${practiceName} will send text messages to this number.` },
    { code: 'purposes', text: `For: ${list || '(choose at least one purpose)'}.` },
    { code: 'frequency', text: 'Message frequency: up to 4 messages per appointment, and a few a month otherwise.' },
    { code: 'rates', text: 'Msg & data rates may apply.' },
    { code: 'stop-help', text: 'Reply STOP to opt out at any time, HELP for help.' },
    { code: 'not-required', text: 'Agreeing is not a condition of receiving care.' },
  ];
}

export interface CaptureInput {
  readonly purposes: readonly CapturePurpose[];
  readonly method: CaptureMethod;
  /** A drawn signature (data URL), required for an in-person electronic capture. */
  readonly signature: string | null;
  readonly disclosuresShown: boolean;
}

/** Problems that stop a capture from being recorded, in plain words (empty when it can be). */
export function checkConsentCapture(input: CaptureInput): string[] {
  const problems: string[] = [];
  if (input.purposes.length === 0) problems.push('Tick at least one kind of message the patient agreed to.');
  if (input.purposes.includes('marketing') && !WRITTEN_METHODS.has(input.method)) {
    problems.push('Marketing texts need the patient’s written consent (a signed form or the portal), not a verbal agreement.');
  }
  if (input.method === 'electronic-form' && !input.signature) problems.push('Ask the patient to sign in the box.');
  if (!input.disclosuresShown) problems.push('Confirm the patient was shown or read the text above.');
  return problems;
}
