/**
 * Owns what an inbound text asks for, beyond the whole-message keywords of
 * shared/sync/keywords.ts (R22–R23, R19, R27, R29): each result is an intent (stop, help,
 * start, wrong-number, none), what to do with it (act at once, put in front of staff, or
 * nothing) and a confidence 0..1 with a plain reason.
 *
 * - act: a whole-message STOP-family word, also spaced out, punctuated or obfuscated
 *   ("S T O P", "s.t.o.p", "st0p", "STOOOP"); HELP and START the same way. A reasonable person
 *   reads these as the keyword, so main acts on them.
 * - review: a revocation in words ("please stop texting me", "don't text me", "I do not
 *   consent", "no más mensajes"), a wrong-number reply, or a STOP-family word inside a longer
 *   message that is not a revocation phrase ("stop by at 3?"): never acted on silently, never
 *   ignored — staff confirm. Confidence ≥ 0.5 means "probably a revocation".
 * - none: nothing to do. "stop calling, text is fine" is a channel preference, not an opt-out
 *   of texts (confidence of revocation low, still shown to staff as a preference note).
 * Pure and table-tested (opt-out-examples.ts; `npm run eval:keywords` reports precision and
 * recall on revocations).
 */
import { classifyInbound, normalizeInbound } from '../sync/keywords';

export type InboundIntent = 'stop' | 'help' | 'start' | 'wrong-number' | 'none';
export type IntentAction = 'act' | 'review' | 'none';

export interface IntentResult {
  readonly intent: InboundIntent;
  readonly action: IntentAction;
  /** 0..1: how sure the rule is that the intent is meant. */
  readonly confidence: number;
  readonly reason: string;
}

/** Confidence at or above which a reviewed stop counts as a probable revocation. */
export const REVOCATION_THRESHOLD = 0.5;

const LEET: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '3': 'E', '4': 'A', '5': 'S', '7': 'T', '@': 'A', $: 'S', '!': 'I', '|': 'I' };

/** Undoes spacing, punctuation between letters, look-alike digits and stretched letters. */
export function deobfuscate(text: string): string {
  const folded = text
    .trim()
    // Punctuation around the word is punctuation, not a look-alike letter ("s t o p !").
    .replace(/^[^\p{L}\p{N}$@]+|[^\p{L}\p{N}]+$/gu, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[0-9@$!|]/g, (c) => LEET[c] ?? c)
    .replace(/[^A-Z]/g, '');
  // Stretched letters: STOOOOP → STOP, STOPPPP → STOP (keep doubles that words need: no English
  // or Spanish opt-out word has a tripled letter, so collapse runs of 3+ first, then try 2).
  return folded.replace(/(.)\1{2,}/g, '$1');
}

const STOP_SQUASHED = ['STOP', 'STOPALL', 'QUIT', 'END', 'REVOKE', 'OPTOUT', 'CANCEL', 'UNSUBSCRIBE', 'ALTO', 'PARAR', 'PARE', 'DETENER', 'BASTA', 'BAJA', 'CANCELAR', 'NOMAS'];
const HELP_SQUASHED = ['HELP', 'INFO', 'AYUDA', 'INFORMACION'];
const START_SQUASHED = ['START', 'UNSTOP'];

const squashedMatch = (squashed: string, words: readonly string[]) => words.includes(squashed) || words.includes(squashed.replace(/(.)\1/g, '$1'));

// Objects of a revocation: texts and messages, in English and Spanish (accents already folded).
const TEXT_NOUNS = String.raw`(?:TEXTS?|TEXTING|TXTS?|TXTING|MESSAGES?|MESSAGING|MSGS?|SMS|REMINDERS?|NOTIFICATIONS?|ALERTS?)`;
const CONTACT = String.raw`(?:TEXT|TXT|MESSAGE|MSG|CONTACT|SEND|SENDING|BOTHER|REMIND|NOTIFY)`;

interface Rule {
  readonly re: RegExp;
  readonly intent: 'stop' | 'wrong-number';
  readonly confidence: number;
  readonly reason: string;
}

const RULES: readonly Rule[] = [
  { re: /^(?:STOP|STAHP|ALTO|PARAR|BASTA|UNSUBSCRIBE|OPT OUT|OPTOUT|STOPALL)(?: (?:POR FAVOR|FAVOR|PLEASE|PLS|PLZ|NOW|NO MAS|NO MORE|THANKS|THANK YOU|GRACIAS|OK|ALREADY|YA))+$/, intent: 'stop', confidence: 0.95, reason: 'an opt-out word with only courtesy around it' },
  { re: /^(?:CANCEL|CANCELAR|END|QUIT)(?: (?:POR FAVOR|FAVOR|PLEASE|PLS|PLZ|NOW|THANKS|GRACIAS))+$/, intent: 'stop', confidence: 0.6, reason: 'an opt-out word that may instead mean cancelling the appointment' },
  { re: /\bWRONG (?:NUMBER|NUMBR|NUM|PERSON)\b|\bNOT (?:THE RIGHT|MY) NUMBER\b|\bNO (?:ONE|BODY) (?:BY THAT NAME|NAMED)\b|\bYOU HAVE THE WRONG\b/, intent: 'wrong-number', confidence: 0.9, reason: 'says this is the wrong number (R19)' },
  { re: /\bNUMERO EQUIVOCADO\b|\bSE EQUIVOCO DE NUMERO\b|\bNO ES (?:MI|ESTE) NUMERO\b/, intent: 'wrong-number', confidence: 0.9, reason: 'dice que es el número equivocado (R19)' },
  { re: new RegExp(String.raw`\b(?:STOP|STAHP|STAP|STOPP|QUIT|CEASE|NO MORE|ENOUGH WITH THE|ENOUGH)\b(?: \w+){0,3} ${TEXT_NOUNS}\b`), intent: 'stop', confidence: 0.9, reason: 'asks to stop texts' },
  // A pronoun object only right after the verb ("stop it", "stop texting me"); "stop taking it" is about something else.
  { re: new RegExp(String.raw`\b(?:STOP|STAHP|STAP|STOPP|QUIT|CEASE)(?: ${CONTACT}(?:ING)?| GETTING| RECEIVING)? (?:THESE|THIS|THEM|ME|US|IT)\b`), intent: 'stop', confidence: 0.8, reason: 'asks to stop them' },
  { re: /\b(?:STOP|QUIT|CEASE) (?:SENDING|TEXTING|MESSAGING|CONTACTING|BOTHERING|SPAMMING|REMINDING)\b/, intent: 'stop', confidence: 0.9, reason: 'asks to stop sending' },
  { re: /\bEND (?:THESE|THE|THIS|ALL|YOUR|ALL THESE|ALL THE) ?(?:TEXTS|MESSAGES|MSGS|REMINDERS|TXTS|SMS)\b/, intent: 'stop', confidence: 0.85, reason: 'asks to end the texts' },
  { re: /\b(?:WANT|GET|OPT|TAKE ME) OUT OF (?:THESE|THIS|THE|YOUR|ALL)? ?(?:TEXTS|MESSAGES|MSGS|REMINDERS|TXTS|LIST|TEXTING)\b/, intent: 'stop', confidence: 0.85, reason: 'wants out of the texts' },
  { re: /\bNO (?:MORE )?(?:TEXTS|TEXTING|TXTS|MESSAGES|MSGS|SMS|TEXTOS|MENSAJES)\b/, intent: 'stop', confidence: 0.8, reason: 'asks for no texts' },
  { re: /\bNOT INTERESTED\b/, intent: 'stop', confidence: 0.7, reason: 'not interested (in texts)' },
  { re: /\bWANT (?:\w+ ){0,2}(?:TEXTS|MESSAGES|MSGS|REMINDERS|TXTS) TO (?:STOP|END)\b/, intent: 'stop', confidence: 0.85, reason: 'wants the texts to stop' },
  { re: /\b(?:DONT|DO NOT|NO LONGER|DONT EVER|NEVER) WANT (?:\w+ ){0,3}(?:TEXTS|MESSAGES|MSGS|REMINDERS|TXTS)\b/, intent: 'stop', confidence: 0.85, reason: 'does not want the texts' },
  { re: /\bNO LONGER (?:INTERESTED|WISH|NEED)\b/, intent: 'stop', confidence: 0.7, reason: 'no longer interested' },
  { re: /\b(?:REMOVE|DELETE) (?:ME|MY NUMBER|THIS NUMBER|MY PHONE)\b/, intent: 'stop', confidence: 0.85, reason: 'asks to be removed' },
  { re: new RegExp(String.raw`\b(?:DONT|DO NOT|NEVER|PLEASE DONT|PLS DONT|PLZ DONT|NO|NOT)\b(?: \w+){0,2} ${CONTACT}(?:ING)?\b(?: \w+){0,2} (?:ME|US|THIS NUMBER|MY NUMBER|HIM|HER|AGAIN|ANYMORE)\b`), intent: 'stop', confidence: 0.9, reason: 'asks not to be texted' },
  { re: /\bI (?:DO NOT|DONT|NO LONGER|DID NOT|DIDNT|NEVER) (?:CONSENT|AGREE|AGREED|SIGNED UP|SIGN UP|WANT (?:THESE|THIS|THEM|ANY|YOUR|TEXTS|MESSAGES|TO (?:GET|RECEIVE|BE TEXTED)))/, intent: 'stop', confidence: 0.85, reason: 'withdraws or denies consent' },
  { re: /\b(?:REVOKE|WITHDRAW|WITHDRAWING|CANCEL|CANCELLING|CANCELING)\b(?: \w+){0,2} (?:CONSENT|PERMISSION|SUBSCRIPTION)\b/, intent: 'stop', confidence: 0.9, reason: 'withdraws consent' },
  { re: /\b(?:REMOVE|TAKE|DELETE|GET) (?:ME|MY NUMBER|THIS NUMBER)\b(?: \w+){0,2} (?:OFF|FROM|OUT)\b|\bUNSUBSCRIBE ME\b|\bOPT (?:ME )?OUT\b|\bLEAVE ME ALONE\b|\bLOSE MY NUMBER\b/, intent: 'stop', confidence: 0.85, reason: 'asks to be removed' },
  { re: /\bNO (?:MORE )?(?:TEXTS|MESSAGES|MSGS) (?:PLEASE|PLS|THANKS|THANK YOU)\b|\bNO MORE (?:TEXTS|MESSAGES|MSGS|REMINDERS)\b/, intent: 'stop', confidence: 0.85, reason: 'asks for no more texts' },
  // Spanish
  { re: /\b(?:NO|YA NO) (?:ME |NOS )?(?:ENVIEN|ENVIES|MANDEN|MANDES|ESCRIBAN|ESCRIBAS|TEXTEEN|CONTACTEN|MOLESTEN)\b/, intent: 'stop', confidence: 0.9, reason: 'pide que no le escriban' },
  { re: /\bDEJ(?:EN|E|A) DE (?:ENVIAR|MANDAR|ESCRIBIR|TEXTEAR|MOLESTAR)(?:ME|NOS|LE)?\b|\bPAREN? DE (?:ENVIAR|MANDAR|ESCRIBIR)(?:ME|NOS|LE)?\b/, intent: 'stop', confidence: 0.9, reason: 'pide que dejen de escribir' },
  { re: /\bNO (?:QUIERO|DESEO) (?:\w+ ){0,2}(?:MENSAJES|TEXTOS|SMS|RECORDATORIOS)\b|\bNO MAS (?:MENSAJES|TEXTOS|SMS|RECORDATORIOS)\b/, intent: 'stop', confidence: 0.9, reason: 'no quiere más mensajes' },
  { re: /\bNO (?:MANDAR|ENVIAR|MANDEN|ENVIEN) (?:MAS )?(?:MENSAJES|TEXTOS|SMS|NADA)\b/, intent: 'stop', confidence: 0.85, reason: 'pide que no envíen mensajes' },
  { re: /\bDAR(?:ME)? DE BAJA\b|\bDENME DE BAJA\b|\bQUITEN(?:ME)?\b|\bBORREN MI NUMERO\b|\bNO (?:DOY|DI) (?:MI )?(?:PERMISO|CONSENTIMIENTO)\b/, intent: 'stop', confidence: 0.85, reason: 'pide la baja' },
];

/** "stop calling", "don't call": about calls, not texts (a preference for staff to note). */
const CALLS_ONLY = /\b(?:STOP|DONT|DO NOT|NO MORE|QUIT|DEJEN DE|NO ME)\b(?: \w+){0,2} (?:CALL|CALLING|CALLS|PHONE CALLS|LLAMAR|LLAMEN|LLAMADAS)\b/;
const TEXT_OK = /\b(?:TEXT(?:ING)?|TEXTS|MESSAGES|MENSAJES|SMS) (?:IS|ARE|IS STILL|ARE STILL|ESTA|ESTAN|SON)? ?(?:FINE|OK|OKAY|GOOD|BIEN|BETTER|MEJOR)\b|\bTEXT (?:ME )?INSTEAD\b|\bONLY TEXT\b/;
const STOP_WORD_INSIDE = /\b(?:STOP|STOPPING|STOPPED|QUIT|END|CANCEL|UNSUBSCRIBE|ALTO|PARAR|PARE|BASTA|BAJA|CANCELAR|REVOKE)\b/;

export function classifyIntent(text: string): IntentResult {
  const keyword = classifyInbound(text);
  if (keyword.keyword) {
    return { intent: keyword.keyword, action: 'act', confidence: 1, reason: `the whole message is the ${keyword.keyword.toUpperCase()} keyword` };
  }
  const squashed = deobfuscate(text);
  const norm = normalizeInbound(text).replace(/\bDON T\b/g, 'DONT').replace(/\bI M\b/g, 'IM');
  const words = norm.split(' ').filter(Boolean);
  // A few letters with separators or look-alike characters: read the way a person would.
  if (squashed && words.length <= squashed.length && squashed.length <= 12) {
    if (squashedMatch(squashed, STOP_SQUASHED)) return { intent: 'stop', action: 'act', confidence: 0.9, reason: 'the whole message is STOP written out with spaces, symbols or look-alike characters' };
    if (squashedMatch(squashed, HELP_SQUASHED)) return { intent: 'help', action: 'act', confidence: 0.9, reason: 'the whole message is HELP, written loosely' };
    if (squashedMatch(squashed, START_SQUASHED)) return { intent: 'start', action: 'act', confidence: 0.9, reason: 'the whole message is START, written loosely' };
  }
  if (!norm) return { intent: 'none', action: 'none', confidence: 0, reason: 'no words' };

  const callsOnly = CALLS_ONLY.test(norm);
  const textOk = TEXT_OK.test(norm);
  for (const rule of RULES) {
    if (!rule.re.test(norm)) continue;
    if (rule.intent === 'stop' && callsOnly && textOk) break;
    return { intent: rule.intent, action: 'review', confidence: rule.confidence, reason: rule.reason };
  }
  if (callsOnly) return { intent: 'none', action: 'review', confidence: 0.2, reason: 'asks about phone calls, not texts: note it as a preference' };
  if (STOP_WORD_INSIDE.test(norm)) {
    return { intent: 'stop', action: 'review', confidence: 0.3, reason: 'an opt-out word inside a longer message: probably not an opt-out, but staff should look' };
  }
  return { intent: 'none', action: 'none', confidence: 0, reason: 'nothing to act on' };
}

/** Whether the result counts as a (probable) revocation of consent to texts. */
export function isRevocation(result: IntentResult): boolean {
  return result.intent === 'stop' && (result.action === 'act' || result.confidence >= REVOCATION_THRESHOLD);
}
