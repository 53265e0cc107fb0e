/**
 * Owns inbound keyword classification (R22, R27, R29): STOP-family, HELP and START in English
 * and Spanish, on text normalised the way the compliance notes require (case-folded, trimmed,
 * punctuation and emoji stripped, accents folded, whitespace collapsed). Pure: main acts on the
 * result even while the screens are locked.
 *
 * Choices (the compliance notes list the English words and name "alto" / "no más" only as
 * phrases): a whole-message Spanish opt-out word (ALTO, PARAR, PARE, DETENER, BASTA, BAJA,
 * CANCELAR, NO MAS) is treated as a revocation too, because honouring an opt-out that was meant
 * is cheap and missing one is not. Opt-out words inside a longer message are only flagged
 * (`stopIntent`) for staff confirmation, never acted on silently.
 */

export type KeywordKind = 'stop' | 'help' | 'start';

export interface KeywordResult {
  /** A whole-message keyword main acts on, or null. */
  readonly keyword: KeywordKind | null;
  /** Stop-intent wording inside a longer message: staff must confirm (R22). */
  readonly stopIntent: boolean;
  readonly language: 'en' | 'es' | null;
}

/** FCC per-se list united with Twilio's defaults, with OPT OUT as two words (R22, Part C.2). */
export const STOP_WORDS_EN = ['STOP', 'QUIT', 'END', 'REVOKE', 'OPT OUT', 'OPTOUT', 'CANCEL', 'UNSUBSCRIBE', 'STOPALL', 'STOP ALL'] as const;
export const STOP_WORDS_ES = ['ALTO', 'PARAR', 'PARE', 'DETENER', 'BASTA', 'BAJA', 'CANCELAR', 'NO MAS'] as const;
export const HELP_WORDS_EN = ['HELP', 'INFO'] as const;
export const HELP_WORDS_ES = ['AYUDA', 'INFORMACION'] as const;
/** R27: START, UNSTOP, YES re-opt-in; Spanish equivalents. */
export const START_WORDS_EN = ['START', 'UNSTOP', 'YES'] as const;
export const START_WORDS_ES = ['COMENZAR', 'REANUDAR', 'SI'] as const;

const STOP_PHRASES = [
  'STOP TEXTING', 'STOP MESSAGING', 'STOP SENDING', 'NO MORE TEXTS', 'NO MORE MESSAGES', 'REMOVE ME', 'TAKE ME OFF',
  'UNSUBSCRIBE', 'OPT OUT', 'OPT ME OUT', 'DONT TEXT', 'DO NOT TEXT',
  'ALTO', 'NO MAS', 'NO ME ENVIEN', 'NO ME MANDEN', 'DEJEN DE', 'DEJE DE', 'DARME DE BAJA', 'QUITENME',
];

/** Case-folds, folds accents, drops punctuation and emoji, collapses whitespace. */
export function normalizeInbound(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const lookup = new Map<string, { keyword: KeywordKind; language: 'en' | 'es' }>();
for (const w of STOP_WORDS_EN) lookup.set(w, { keyword: 'stop', language: 'en' });
for (const w of STOP_WORDS_ES) lookup.set(w, { keyword: 'stop', language: 'es' });
for (const w of HELP_WORDS_EN) lookup.set(w, { keyword: 'help', language: 'en' });
for (const w of HELP_WORDS_ES) lookup.set(w, { keyword: 'help', language: 'es' });
for (const w of START_WORDS_EN) lookup.set(w, { keyword: 'start', language: 'en' });
for (const w of START_WORDS_ES) lookup.set(w, { keyword: 'start', language: 'es' });

export function classifyInbound(text: string): KeywordResult {
  const norm = normalizeInbound(text);
  const hit = lookup.get(norm);
  if (hit) return { keyword: hit.keyword, stopIntent: hit.keyword === 'stop', language: hit.language };
  const padded = ` ${norm} `;
  const stopIntent = STOP_PHRASES.some((p) => padded.includes(` ${p} `)) || /^(STOP|ALTO|PARAR?)\b/.test(norm);
  return { keyword: null, stopIntent, language: null };
}
