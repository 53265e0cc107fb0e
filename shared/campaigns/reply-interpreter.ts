/**
 * Owns what a patient's reply to an appointment reminder means for the appointment: confirm,
 * cancel, reschedule, question, opt-out, wrong number or unclear, with a confidence 0..1, a plain
 * reason (fixed wording, never the patient's words) and the reply's language. Pure, English and
 * Spanish. It only interprets: main and the campaign runner decide what to do with the result.
 *
 * Opt-outs and wrong numbers are not decided here. The consent classifier
 * (shared/consent/opt-out-classifier.ts) reads every reply first and whatever it calls a probable
 * revocation is an opt-out, with its confidence: "cancel" or "CANCELAR" alone (STOP-family
 * keywords the carrier honours too) is an opt-out at 1, "cancel and stop the texts" an opt-out,
 * "cancel my appointment but keep texting me" a cancel. Its cautious calls are kept, not second-
 * guessed: "cancel please" (0.6) and "we no longer need the appointment" (0.7) are opt-outs, and
 * staff see them either way. A few wrong-number phrasings it does not know ("I'm not a patient
 * there", "no soy paciente") are added here at 0.7. HELP is a question; START is unclear.
 *
 * Choices:
 * - AUTO_ACTION_CONFIDENCE (0.8): a confirm or cancel at or above it may update the appointment
 *   without staff. Only explicit wording reaches it ("yes", "I'll be there", "confirmo", "can't
 *   make it", "cancel my appointment", "no puedo ir"); a bare yes only in a reply of at most six
 *   words. Below it, for staff: acknowledgements ("ok", "thanks", 👍 ✅ 👌) are confirms at 0.7,
 *   lateness ("running late", "can't make it on time") a confirm at 0.6, a bare "no" / "no
 *   thanks" / 👎 / ❌ a cancel at 0.6, "Y" a confirm at 0.75, "N" a cancel at 0.6, a yes beside
 *   cancel wording a cancel at 0.75, and a reply with both confirm and cancel wording takes the
 *   one stated last at 0.55.
 * - "C" and "1" are unclear: the reminders offer no letter or number menu, and "C" could mean
 *   confirm or cancel. "k", "ok?", "yes?", "who is this", greetings and lone emoji other than
 *   the ones above are unclear too.
 * - Precedence after opt-out and wrong number: reschedule (any wish for another day or time, even
 *   beside a yes or a can't) > question (a real question needs a person, even beside a yes) >
 *   doubt ("not sure", "maybe", "if", "unless", "I'll try", "tal vez") > confirm / cancel.
 *   "Can I cancel?" is a cancel request (0.75), not a question.
 * - Negation is read before the words it negates: "can't make it", "won't be there", "no puedo
 *   ir" cancel; "no problem", "won't miss it", "can't wait", "not cancelling", "no voy a faltar"
 *   confirm; "of course not", "claro que no" are a no; "can't confirm", "no, I'll be there" and
 *   "not sure I can make it" are unclear.
 * - Typos: contractions without apostrophes, texting shorthand (u, b, tmrw, appt, c u), stretched
 *   letters (yesss, siii), common misspellings (cancle, mkae, their, hay estaré) and a small edit
 *   distance on long keywords only (confrim, reschedual), never on short real words (cancer).
 * - Hostile input: invisible, bidi and control characters are dropped, and only the first 1,600
 *   characters (the longest SMS) are read; a reply longer than that, or over 40 words, never
 *   reaches the threshold. Never throws: anything unreadable is unclear at 0.
 * Table-tested over reply-examples.ts; `npm run eval:replies` reports accuracy and the held-out set.
 */
import { classifyIntent, isRevocation } from '../consent/opt-out-classifier';
import { normalizeInbound } from '../sync/keywords';

export type ReplyIntent = 'confirm' | 'cancel' | 'reschedule' | 'question' | 'opt-out' | 'wrong-number' | 'unclear';
export type ReplyLanguage = 'en' | 'es';

export interface ReplyInterpretation {
  readonly intent: ReplyIntent;
  /** 0..1: how sure the rules are. Confirm and cancel may act alone at AUTO_ACTION_CONFIDENCE. */
  readonly confidence: number;
  /** Plain English; never quotes the patient. */
  readonly reason: string;
  readonly language: ReplyLanguage | null;
}

/** At or above it a confirm or cancel may update the appointment automatically; below, staff decide. */
export const AUTO_ACTION_CONFIDENCE = 0.8;
/** Only this much of a reply is read: the longest concatenated SMS. */
export const MAX_REPLY_CHARS = 1600;
const LONG_REPLY_WORDS = 40;
const LONG_REPLY_CAP = 0.75;
/** A bare yes acts alone only in a reply this short ("yes", "sí, gracias", "yes ma'am thank you"). */
const SHORT_ANSWER_WORDS = 6;

/* ------------------------------------------------------------------ cleaning and typos */

/** Drops invisible and control characters; line breaks end a clause. */
export function cleanReply(text: string): string {
  return text
    .slice(0, MAX_REPLY_CHARS)
    .replace(/[\r\n\u2028\u2029\u0085]+/g, '. ')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/[\p{Cf}\p{Cs}\p{Co}]/gu, '');
}

const TOKEN_FIXES: Readonly<Record<string, string>> = {
  U: 'YOU', UR: 'YOUR', R: 'ARE', B: 'BE', BEE: 'BE', WIL: 'WILL', WIIL: 'WILL',
  TMRW: 'TOMORROW', TMR: 'TOMORROW', TMRO: 'TOMORROW', TMW: 'TOMORROW', TOMM: 'TOMORROW', '2MORROW': 'TOMORROW', '2MORO': 'TOMORROW', '2MRW': 'TOMORROW',
  THX: 'THANKS', THNX: 'THANKS', THANX: 'THANKS', THNKS: 'THANKS', TY: 'THANKS', TYSM: 'THANKS', THANKYOU: 'THANKS', THANKU: 'THANKS',
  PLS: 'PLEASE', PLZ: 'PLEASE', PLEEZ: 'PLEASE', PORFA: 'POR FAVOR', PORFAVOR: 'POR FAVOR', XFA: 'POR FAVOR',
  APPT: 'APPOINTMENT', APPTS: 'APPOINTMENT', APT: 'APPOINTMENT', APPOINTMENTS: 'APPOINTMENT',
  NOPE: 'NO', NAH: 'NO', NOP: 'NO', NEL: 'NO', NA: 'NO', NOO: 'NO',
  YEP: 'YES', YUP: 'YES', YEAH: 'YES', YEA: 'YES', YAS: 'YES', YE: 'YES', YEZ: 'YES', YSE: 'YES', YESSIR: 'YES', YESS: 'YES',
  SIP: 'SI', SII: 'SI', SIMON: 'SI',
  OKAY: 'OK', OKEY: 'OK', OKI: 'OK', OKE: 'OK', OKK: 'OK', OKAYY: 'OK', KK: 'OK', OKIE: 'OK', OKS: 'OK',
  Q: 'QUE', XQ: 'PORQUE', PQ: 'PORQUE',
  MKAE: 'MAKE', MAEK: 'MAKE', COMMING: 'COMING', COMEING: 'COMING', THER: 'THERE', THERR: 'THERE', THR: 'THERE',
  CANCLE: 'CANCEL', CANSEL: 'CANCEL', CANEL: 'CANCEL', CANCELL: 'CANCEL', CACNEL: 'CANCEL', CNACEL: 'CANCEL', CANCELED: 'CANCELLED', CANCELING: 'CANCELLING',
  CONFIRMD: 'CONFIRMED', SITA: 'CITA', SITAS: 'CITAS',
};

/** Long keywords worth correcting by edit distance (1 up to 8 letters, 2 from 9). */
const FUZZY_WORDS = ['CONFIRM', 'CONFIRMED', 'CONFIRMING', 'CONFIRMO', 'CONFIRMADA', 'CONFIRMADO', 'TOMORROW', 'RESCHEDULE', 'APPOINTMENT', 'CANCELAR', 'REPROGRAMAR', 'DEFINITELY', 'ABSOLUTELY'];
/** Real words one edit from a keyword: never "corrected". */
const NOT_TYPOS = new Set(['CONFORM', 'CONFIRMS', 'CANCELA', 'CANCELAN', 'CONFIRMA']);

/** Optimal string alignment distance, giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const at = (row: readonly number[], j: number) => row[j] ?? max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(at(prev, j) + 1, at(row, j - 1) + 1, at(prev, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, at(prev2, j - 2) + 1);
      row.push(d);
    }
    if (Math.min(...row) > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return at(prev, b.length);
}

function fixToken(raw: string): string {
  const token = raw.replace(/(.)\1{2,}/g, '$1');
  const fixed = TOKEN_FIXES[token];
  if (fixed) return fixed;
  if (/^YE+S+$/.test(token)) return 'YES';
  if (/^SI+$/.test(token)) return 'SI';
  if (token.length < 6 || NOT_TYPOS.has(token) || FUZZY_WORDS.includes(token)) return token;
  if (/^RESCHED/.test(token)) return 'RESCHEDULE';
  for (const word of FUZZY_WORDS) {
    const max = word.length >= 9 ? 2 : 1;
    if (editDistance(token, word, max) <= max) return word;
  }
  return token;
}

const PHRASE_FIXES: readonly (readonly [RegExp, string])[] = [
  [/\b(\w+N) T\b/g, '$1T'], // CAN T → CANT, WON T → WONT, DON T → DONT
  [/\bCAN NOT\b|\bCANNOT\b/g, 'CANT'],
  [/\bWILL NOT\b/g, 'WONT'],
  [/\bDO NOT\b/g, 'DONT'],
  [/\bWOULD NOT\b/g, 'WOULDNT'],
  [/\bI M\b|\bIM\b/g, 'I AM'],
  [/\b(I|WE|YOU|SHE|HE|THEY) LL\b/g, '$1 WILL'],
  [/\b(I|WE|YOU|THEY) D\b/g, '$1 WOULD'],
  [/\b(I|WE|YOU|THEY) VE\b/g, '$1 HAVE'],
  [/\bILL (?=BE|MAKE|COME|SEE|CALL|GO|TRY|NEED|HAVE|BRING|LET|TEXT)\b/g, 'I WILL '],
  [/\bWELL BE THERE\b/g, 'WE WILL BE THERE'],
  [/\bC YOU\b|\bCU\b|\bCYA\b|\bSEE YA\b/g, 'SEE YOU'],
  [/\bGONNA\b/g, 'GOING TO'],
  [/\bWANNA\b/g, 'WANT TO'],
  [/\bGOTTA\b/g, 'HAVE TO'],
  [/\bBE THEIR\b/g, 'BE THERE'],
  [/\b(?:AI|AY|HAY|ALLI|ALLA) (?=ESTARE|ESTAREMOS|NOS VEMOS|LLEGO|LLEGAMOS)\b/g, 'AHI '],
];

/** normalizeInbound, then typo and shorthand fixes: the text every rule reads. */
export function canonical(text: string): string {
  let s = normalizeInbound(text).split(' ').filter(Boolean).map(fixToken).join(' ');
  for (const [re, to] of PHRASE_FIXES) s = s.replace(re, to);
  return s;
}

/* ------------------------------------------------------------------ cues */

type Cue = 'attend' | 'cancel' | 'late' | 'unsure' | 'affirm' | 'ack' | 'deny';

const DAYS = String.raw`(?:MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY|MON|TUE|TUES|WED|THU|THURS|FRI|SAT|WEEKEND|WEEK|MORNING|AFTERNOON|EVENING|NIGHT|LATER|EARLIER|SOONER|AT|AROUND|NOON|\d+)`;
const DIAS = String.raw`(?:LUNES|MARTES|MIERCOLES|JUEVES|VIERNES|SABADO|DOMINGO|SEMANA|TARDE|OTRO|OTRA|A LAS|EN LA)`;

/** A wish for another day or time: outranks a yes or a can't beside it. */
const RESCHEDULE: readonly RegExp[] = [
  /\bRESCHEDULE\b|\bRE SCHEDULE\b|\bREBOOK\w*|\bRE BOOK\b|\bREPROGRAM\w*/,
  /\b(?:MOVE|MOVING|PUSH|PUSHING|SWITCH|CHANGE|CHANGING|BUMP|SHIFT)\b(?: \w+){0,2} (?:APPOINTMENT|TIME|DAY|DATE)\b/,
  /\b(?:MOVE|PUSH|BUMP|SHIFT) (?:IT|THAT|THIS|ME|US)\b|\bPUSH (?:IT )?BACK\b/,
  /\b(?:DIFFERENT|ANOTHER|NEW|LATER|EARLIER|SOONER) (?:DAY|TIME|DATE|SLOT|APPOINTMENT|TIMES|DAYS|DATES)\b|(?<!\b(?:MY|HIS|HER|OUR|THEIR|THE) )\bOTHER (?:DAY|TIME|DATE|SLOT|TIMES|DAYS|DATES)\b/,
  /\bBUT NOT (?:AT|ON|IN THE|THAT|THIS)\b/,
  /\bINSTEAD\b/,
  /\b(?:ANY|OTHER) (?:OPENINGS?|AVAILABILITY|SLOTS?|SPOTS?)\b|\bDO YOU HAVE (?:ANYTHING|SOMETHING|AN OPENING|A SPOT|ANY (?:OPENINGS?|TIMES?|SLOTS?))\b/,
  new RegExp(String.raw`\b(?:CAN|COULD) (?:WE|I) (?:PLEASE )?(?:DO|COME IN|COME|GO|SWITCH|MAKE IT|HAVE IT|BE SEEN|GET IN)\b(?: \w+){0,3}? ${DAYS}\b`),
  new RegExp(String.raw`\b(?:HOW|WHAT) ABOUT\b(?: \w+){0,2}? (?:${DAYS}|NEXT|TOMORROW)\b`),
  /\bCAN IT BE\b|\b(?:LATER|EARLIER) IN THE (?:DAY|MORNING|AFTERNOON|WEEK)\b|\bCOME (?:IN )?(?:LATER|EARLIER|SOONER)\b|\b(?:AN|ONE|TWO|\d+) HOURS? (?:LATER|EARLIER)\b/,
  /\bCAMBI(?:AR|ARLA|ARME|ARMELA|EN|E|O|ARIA)\b(?: \w+){0,3}? (?:CITA|HORA|FECHA|DIA|PARA)\b|\bCAMBIARLA\b|\bPUEDEN CAMBIAR\b|\bCAMBIO DE (?:CITA|HORA|FECHA)\b/,
  /\bOTR[OA] (?:DIA|FECHA|HORA|HORARIO|CITA|MOMENTO)\b|\bMOVER\w*|\bPASAR(?:LA)? PARA\b|\bLA PUEDO PASAR\b|\bEN (?:VEZ|LUGAR) DE\b/,
  /\b(?:SE PUEDE|PUEDE SER|PODRIA SER)\b(?: \w+){0,2}? MAS (?:TARDE|TEMPRANO)\b/,
  /\b(?:TIENEN|TIENE) (?:ALGO|OTRO|OTRA|ESPACIO|CITAS?|LUGAR|DISPONIBILIDAD|HORARIO)\b|\bHAY (?:OTRO|OTRA|ESPACIO|CITAS?|DISPONIBILIDAD)\b/,
  new RegExp(String.raw`\b(?:PUEDO|PODEMOS|PODRIA|PODRIAMOS) (?:IR|PASAR|VENIR|HACERLA|CAMBIAR|MOVER)\b(?: \w+){0,3}? ${DIAS}\b`),
];

const NEGATOR = String.raw`(?:NOT|NEVER|CANT|WONT|DONT|DIDNT|COULDNT|WOULDNT|NO|NI)`;
const ATTEND_EN = String.raw`CONFIRM(?:ED|ING)?|(?:I|WE|SHE|HE|THEY) WILL BE THERE|WILL BE THERE|BE THERE|SEE YOU|ON MY WAY|COUNT (?:ME|US) IN|(?:I AM|WE ARE|STILL|DEFINITELY|YES) COMING|(?:I|WE) WILL COME|WILL ATTEND|(?:CAN|WILL|COULD) (?:STILL )?MAKE IT|PLANNING ON (?:COMING|BEING THERE|IT)`;
const ATTEND_ES = String.raw`CONFIRM(?:O|ADO|ADA|AMOS|AR)|HASTA (?:MANANA|PRONTO|EL (?:LUNES|MARTES|MIERCOLES|JUEVES|VIERNES|SABADO))|AHI (?:ESTARE|ESTAREMOS|NOS VEMOS|LLEGO|LLEGAMOS|VOY|ESTAMOS)|(?:ESTARE|ESTAREMOS) (?:AHI|ALLI)|NOS VEMOS|(?:VOY|VAMOS|VA) A (?:IR|ESTAR|LLEGAR|ASISTIR)|IRE|IREMOS|ASISTIRE(?:MOS)?|LLEGO A LAS|LLEGARE|(?:PUEDO|PODEMOS) IR|SI (?:VOY|VAMOS)`;

/**
 * Applied in order to each clause; each match becomes a cue marker (or nothing, for null) so later
 * rules cannot reread it. Order is the negation handling: idioms and negated negatives first,
 * then doubt and lateness, then not attending, then attending wording that is itself negated,
 * and only then attending.
 */
const PHRASE_CUES: readonly (readonly [RegExp, Cue | null])[] = [
  // Idioms whose "no" is not a no, and fillers with a negator in them.
  [/\bNO (?:PROBLEM|PROBLEMO|PROB|PROBS|WORRIES|WORRY)\b|\bNOT A PROBLEM\b|\bNO HAY (?:PROBLEMA|PROBLEM|CUIDADO)\b|\bSIN PROBLEMA\b|\bNO SE PREOCUPEN?\b|\bNO PASA NADA\b|\bTHUMBS UP\b/g, 'ack'],
  [/\bNEVER ?MIND\b|\bNO MATTER\b/g, null],
  // A clause that is one word: "ok, cancel", "coming", "voy".
  [/^ (?:PLEASE )?CANCEL(?:AR)?(?: PLEASE)? $/g, 'cancel'],
  [/^ (?:COMING|VOY|AHI VOY|ALLA VOY) $/g, 'attend'],
  // Negated absence: attending.
  [/\b(?:WONT|WOULDNT|NEVER|NOT GOING TO|DONT WANT TO) MISS\b|\bCANT WAIT\b(?! TO CANCEL)|\bCANT NOT (?:COME|MAKE IT|BE THERE|GO)\b|\bLOOKING FORWARD\b|\bNO (?:VOY|VAMOS|VA) A FALTAR\b|\bNO FALTARE(?:MOS)?\b|\bSIN FALTA\b/g, 'attend'],
  // Negated cancel: attending.
  [/\b(?:NOT|DONT|NO NEED TO|DONT NEED TO|DONT WANT TO|WONT|NOT GOING TO)(?: BE)? CANCEL\w*|\bNO (?:VOY A |QUIERO |NECESITO )?CANCELAR\b|\bNO CANCELEN\b/g, 'attend'],
  // Negative answers in more than one word.
  [/\b(?:OF COURSE|ABSOLUTELY|DEFINITELY|CERTAINLY|SURELY|PROBABLY|SURE) NOT\b|\bNOT REALLY\b|\bNO WAY\b|\bNO THANK(?:S| YOU)\b|\bSEE YOU NEVER\b|\bTHUMBS DOWN\b|\b(?:CLARO|POR SUPUESTO|CREO) QUE NO\b|\bPARA NADA\b|\bNO GRACIAS\b/g, 'deny'],
  // Conditional or doubtful, and "can't confirm": staff decide.
  [/\b(?:NOT SURE|UNSURE|MAYBE|MIGHT|IDK|NOT CERTAIN|UNLESS|IF|HOPEFULLY|HOPE|TRY|TRYING|DEPENDS|AS LONG AS|PROBABLY)\b|\bINTENTARE\b|\bVOY A INTENTAR\b|\bESPERO\b|\bDEPENDE\b|\bDONT KNOW (?:IF|WHETHER)\b|\bIF (?:I|WE|SHE|HE|THEY) (?:CANT|CAN|WONT|DONT|AM NOT|ARE NOT)\b|\bTAL VEZ\b|\bQUIZAS?\b|\bA LO MEJOR\b|\bA MENOS QUE\b|\bNO SE\b(?: SI)?|\bNO SABEMOS\b|\bNO ESTOY SEGUR[OA]\b|\bSI NO (?:PUEDO|PODEMOS|VOY)\b/g, 'unsure'],
  [/\b(?:CANT|COULDNT|UNABLE TO|NOT ABLE TO) (?:YET )?CONFIRM\w*|\bNOT (?:YET )?CONFIRMED\b|\bNO (?:PUEDO |PODEMOS |LE PUEDO )?CONFIRMAR?\b/g, 'unsure'],
  // Late, not absent: "can't make it on time", "running late", "voy a llegar tarde".
  [/\b(?:CANT|WONT|NOT GOING TO|NOT|MAY NOT)(?: (?:BE ABLE TO|MAKE IT|GET THERE|BE THERE|ARRIVE|MAKE))+ (?:ON TIME|IN TIME)\b|\bRUNNING (?:\w+ ){0,3}LATE\b|\bLATE\b/g, 'late'],
  [/\bNO (?:VOY A |VAMOS A )?(?:PODER )?LLEGAR A TIEMPO\b|\b(?:VOY A |VAMOS A )?LLEGAR? (?:\w+ ){0,3}TARDE\b|\bLLEGO (?:\w+ ){0,3}TARDE\b|\bVOY TARDE\b/g, 'late'],
  // Not attending, English.
  [/\b(?:CANT|WONT|COULDNT|WOULDNT|UNABLE TO|NOT ABLE TO|AM NOT ABLE TO|NOT GOING TO|NO LONGER ABLE TO|DONT THINK (?:I|WE|SHE|HE|THEY) (?:CAN|WILL|COULD)|NOT)(?: (?:BE ABLE TO|EVEN|REALLY|POSSIBLY|ACTUALLY|BE))* (?:MAKE IT|MAKE THE APPOINTMENT|MAKE THAT|MAKE|COME IN|COME|COMING IN|COMING|BE THERE|BE IN|ATTEND|ATTENDING|GO|GOING|DO IT|DO THAT|SHOW UP|SHOW)\b/g, 'cancel'],
  [/\b(?:WONT|DONT|NO LONGER|DOESNT|WILL NOT) (?:BE )?NEED(?:ING)? (?:THE APPOINTMENT|THIS APPOINTMENT|THAT APPOINTMENT|MY APPOINTMENT|AN APPOINTMENT|APPOINTMENT|IT|THIS|THAT)\b/g, 'cancel'],
  // Asking to cancel, English.
  [/\b(?:NEED|HAVE|WANT|LIKE|GOING|HAD|GOT|WISH|WAIT) TO CANCEL\b|\bPLEASE CANCEL\b|\bCANCEL(?:LING)? (?:MY|THE|THIS|THAT|IT|THEM|OUR|HER|HIS|APPOINTMENT|FOR|TOMORROW|TODAY|PLEASE|VISIT)\b|\bALREADY CANCELLED\b|\b(?:CAN|COULD|WOULD) (?:I|WE|YOU) (?:PLEASE )?CANCEL\b|\bI CANCEL\b/g, 'cancel'],
  // Not attending and asking to cancel, Spanish.
  [/\bNO (?:ME |NOS |LE )?(?:PUEDO|PODRE|PODEMOS|PODREMOS|PUEDE|PODRA|VOY A PODER|VAMOS A PODER|VA A PODER|VOY A IR|VAMOS A IR|VA A IR|VOY|VAMOS|IRE|IREMOS|ASISTIRE|ASISTIREMOS|LLEGO|LLEGARE|ALCANZO)\b(?: (?:IR|ASISTIR|LLEGAR|ESTAR|VENIR|ACUDIR))?/g, 'cancel'],
  [/\bNO (?:ME |NOS |LE )?(?:VA A SER|ES|SERA) POSIBLE\b|\bNO CREO QUE (?:PUEDA|PODAMOS|VAYA|VAYAMOS)\b|\bNO (?:NECESITO|NECESITAMOS|NECESITA) (?:LA |MI |ESA |ESTA |SU )?CITA\b/g, 'cancel'],
  [/\bCANCEL(?:AR|EN|E|A|O|ARLA|ENLA|ARLO|ENLO)\b/g, 'cancel'],
  // Attending wording that is itself negated ("can't confirm", "no, I'll be there"): doubtful.
  [new RegExp(String.raw`\b${NEGATOR}(?: \w+)? (?:${ATTEND_EN}|${ATTEND_ES})\b`, 'g'), 'unsure'],
  // Attending.
  [new RegExp(String.raw`\b(?:${ATTEND_EN}|${ATTEND_ES})\b`, 'g'), 'attend'],
  // Multi-word affirmations and acknowledgements.
  [/\bOF COURSE\b|\bPOR SUPUESTO\b|\bCLARO QUE SI\b|\bCREO QUE SI\b|\bYES MAAM\b|\bYES SIR\b/g, 'affirm'],
  [/\bTHANK YOU\b|\bGOT IT\b|\bSOUNDS GOOD\b|\bALL RIGHT\b|\bWILL DO\b|\bCAN DO\b|\bESTA BIEN\b|\bDE ACUERDO\b|\bMUCHAS GRACIAS\b|\bQUE BUENO\b/g, 'ack'],
];

const AFFIRM = new Set(['YES', 'SURE', 'ABSOLUTELY', 'DEFINITELY', 'CORRECT', 'AFFIRMATIVE', 'CLARO', 'CIERTO', 'CORRECTO', 'EXACTO']);
const ACK = new Set(['OK', 'THANKS', 'THANK', 'GRACIAS', 'PERFECT', 'PERFECTO', 'GREAT', 'COOL', 'NOTED', 'RECEIVED', 'ALRIGHT', 'FINE', 'GOOD', 'AWESOME', 'EXCELLENT', 'EXCELENTE', 'VALE', 'BUENO', 'LISTO', 'ENTENDIDO', 'RECIBIDO', 'GOTCHA', 'NICE', 'WONDERFUL']);
const CLAUSE_START_AFFIRM = new Set(['SI']);
/** "No" is an answer at either end of a clause ("no, ...", "yes no"), not in "I have no ride". */
const CLAUSE_DENY = new Set(['NO', 'NEGATIVE']);

/** The cues of one clause, in the order they are written. */
function cuesOf(clause: string): Cue[] {
  let s = ` ${clause} `;
  for (const [re, cue] of PHRASE_CUES) s = s.replace(re, cue ? ` ZZ${cue.toUpperCase()} ` : ' ');
  const cues: Cue[] = [];
  const tokens = s.split(' ').filter(Boolean);
  tokens.forEach((token, i) => {
    if (token.startsWith('ZZ')) cues.push(token.slice(2).toLowerCase() as Cue);
    else if (AFFIRM.has(token) || (i === 0 && CLAUSE_START_AFFIRM.has(token))) cues.push('affirm');
    else if (ACK.has(token)) cues.push('ack');
    else if ((i === 0 || i === tokens.length - 1) && CLAUSE_DENY.has(token)) cues.push('deny');
  });
  return cues;
}

/* ------------------------------------------------------------------ questions */

const WH_OPENER = /^(?:WHERE|WHAT|WHATS|WHEN|HOW|WHICH|WHY|DONDE|CUANDO|CUANTO|CUANTA|CUANTOS|CUANTAS|CUAL|CUALES|A QUE HORA)\b/;
const AUX_OPENER = /^(?:DO|DOES|DID|SHOULD|CAN|COULD|WILL|WOULD|IS|ARE|AM|SHALL|MAY)(?: (?:I|WE|YOU|IT|THERE|THIS|THAT|MY|THE|SHE|HE|THEY))\b/;
const QUESTION_FILLER = new Set(['OK', 'YES', 'SI', 'NO', 'THANKS', 'GRACIAS', 'PLEASE', 'POR', 'FAVOR', 'HI', 'HELLO', 'HEY', 'HOLA', 'REALLY', 'CONFIRMED', 'WHAT', 'HUH', 'MANDE', 'QUE', 'EH']);
const TOPICS = /\b(?:PARKING|PARK|ADDRESS|DIRECTIONS|FAST|FASTING|COPAY|INSURANCE|FORMS|TOMORROW|TODAY|TIME|WHERE|ESTACIONAMIENTO|ESTACIONAR|DIRECCION|AYUNAS|AYUNAR|SEGURO|HORA|MANANA|DONDE|PRECIO|COSTO)\b/;
const ASKS = /\b(?:I HAVE|I GOT|GOT|QUICK|ONE MORE) (?:A )?QUESTIONS?\b|\bTENGO (?:UNA )?PREGUNTAS?\b|\bUNA PREGUNTA\b/;
const LEADING_FILLER = /^(?:(?:OK|YES|SI|NO|HI|HELLO|HEY|HOLA|SORRY|THANKS|GRACIAS|PERDON|DISCULPE|BUT|PERO|AND|Y|ALSO|TAMBIEN|SO|ENTONCES) )+/;
const CANCEL_REQUEST = /\b(?:CAN|COULD|WOULD) (?:I|WE|YOU) (?:PLEASE )?CANCEL\b|\b(?:PUEDO|PODEMOS|PUEDEN|PUEDE|PODRIAN|PODRIA|SE PUEDE) CANCELAR\b|\bCANCEL(?:AR|EN)LA\b/;
const CALL_ME = /(?<!\b(?:DONT|NO|NOT|STOP|NEVER) )\b(?:CALL ME|GIVE ME A CALL|PLEASE CALL|LLAMENME|LLAMAME|ME PUEDEN LLAMAR|ME LLAMAN)\b/;
const IDENTITY = /\b(?:WHO IS THIS|WHO S THIS|WHOS THIS|WHO DIS|WHO IS IT|WHO ARE YOU|WHAT IS THIS|WHAT S THIS|WHATS THIS|QUIEN ES|QUIEN HABLA|QUIEN ERES|QUIENES SON|QUE ES ESTO)\b/;

interface Clause {
  readonly text: string;
  readonly asked: boolean;
}

/** Splits at sentence punctuation and line breaks; a clause with ? or ¿ is asked. */
function clausesOf(cleaned: string): Clause[] {
  return cleaned
    .split(/(?<=[.,;!?\u3002])|(?=[¿¡])/)
    .map((raw) => ({ text: canonical(raw), asked: /[?¿]/.test(raw) }))
    .filter((c) => c.text !== '');
}

type QuestionKind = 'question' | 'cancel-request' | 'bare' | null;

/** Whether a clause asks something with content, asks to cancel, or is only "ok?". */
function questionKind(clauses: readonly Clause[]): QuestionKind {
  let bare = false;
  for (const c of clauses) {
    const head = c.text.replace(LEADING_FILLER, '');
    // A lone "what?" is "pardon?", not a question about the visit.
    const opener = (WH_OPENER.test(head) || AUX_OPENER.test(head)) && head.includes(' ');
    if (!c.asked && !opener) continue;
    if (CANCEL_REQUEST.test(c.text)) return 'cancel-request';
    const words = c.text.split(' ').filter((w) => !QUESTION_FILLER.has(w));
    if (opener || words.length >= 2 || (words.length === 1 && TOPICS.test(words[0] ?? ''))) return 'question';
    bare = true;
  }
  return bare ? 'bare' : null;
}

/* ------------------------------------------------------------------ language */

const ES_WORDS = new Set(
  ('SI GRACIAS CITA PUEDO PUEDE PUEDEN VOY IR AHI ALLI ESTARE ESTAREMOS CONFIRMO CONFIRMADA CONFIRMADO MANANA POR FAVOR QUE DONDE TENGO CAMBIAR MI LA EL DE ' +
    'CON PARA NECESITO CLARO NOS VEMOS HOLA QUIEN ES ESTA BIEN VALE LOS LAS UN UNA ESTOY SOY ME LE SE LO SIENTO CANCELAR CANCELEN PODRE ASISTIR ASISTIRE ' +
    'LLEGO DIA HORA OTRO OTRA MAS AYUNAS AYUNAR CUANTO CUESTA TIENEN HAY ACUERDO PERFECTO BUENO SENORA SENOR CUAL COMO CUANDO ESTACIONO ESTACIONAMIENTO ' +
    'SEGURO LLEVAR MAMA HIJO HIJA EN Y PERO ALTO PARAR PARE DETENER BASTA BAJA AYUDA INFORMACION NUMERO EQUIVOCADO MENSAJES USTEDES MARTES JUEVES VIERNES ' +
    'LUNES MIERCOLES SEMANA PROXIMA TARDE DEL AL SUPUESTO TAL VEZ NEL CONOZCO PERSONA ACEPTAN MANDE ESA ESE ESTO ENFERMO ENFERMA TRABAJANDO DIRECCION ' +
    'TIEMPO DURA TARJETA MEDICINAS ENFERMERA QUIERO MANDEN ENVIEN ESCRIBAN NADA SENORITA')
    .split(' '),
);
const EN_WORDS = new Set(
  ('YES I THE YOU BE THERE WILL CAN CANT WONT DONT MY TO THANKS THANK SEE PLEASE CANCEL APPOINTMENT NEED DO WHERE WHAT IS IT WE AM ARE AND BUT MAKE COME ' +
    'COMING CONFIRM CONFIRMED SURE HOW WHEN THIS THAT HAVE NOT OF FOR IN ON AT SORRY GOOD GREAT STOP QUIT END REVOKE OPT OUT UNSUBSCRIBE HELP INFO START ' +
    'WRONG NUMBER PERSON WHO TOMORROW NEXT WEEK INSTEAD RESCHEDULE PARK PARKING FAST BRING CALL ME GOT SOUNDS PERFECT THEN OK MAYBE HELLO HI HEY ' +
    'REMOVE LIST YOUR ABSOLUTELY DEFINITELY LOL HUH NAH SICK MOM SON DAUGHTER NURSE OFFICE ADDRESS ALREADY STILL ANYMORE TEXTS TEXTING MESSAGES')
    .split(' ')
    .filter((w) => w !== 'OK'),
);

/** Inverted marks, ñ and accented vowels are Spanish spelling. */
const SPANISH_SPELLING = /[¿¡ñÑáéíóúÁÉÍÓÚ]/;

/** 'en' or 'es' by marker words in the text as written and as read (and Spanish spelling in the raw text); null for emoji, single letters, "ok", "no" and ties. */
export function detectLanguage(normalized: string, raw = ''): ReplyLanguage | null {
  const words = normalized.split(' ').filter((w) => w.length > 1);
  let en = 0;
  let es = SPANISH_SPELLING.test(raw) ? 1 : 0;
  for (const w of words) {
    if (EN_WORDS.has(w)) en++;
    if (ES_WORDS.has(w)) es++;
  }
  if (en === es) return null;
  return en > es ? 'en' : 'es';
}

/* ------------------------------------------------------------------ decision */

const CONFIRM_EMOJI = /[\u{1F44D}\u{1F44C}\u2705\u2714\u2611\u{1F197}]/u;
const CANCEL_EMOJI = /[\u{1F44E}\u274C\u274E\u2716\u{1F6AB}]/u;

const WRONG_NUMBER_EXTRA =
  /\b(?:I AM|WE ARE) NOT (?:A|YOUR|THEIR|THE) PATIENTS?\b|\bNEVER BEEN (?:A PATIENT|TO (?:YOUR|THAT|THIS|THE) (?:OFFICE|CLINIC|PRACTICE|DOCTOR))\b|\bNO SOY (?:SU |SUS )?PACIENTE\b|\bNO CONOZCO A (?:ESA|ESTA|ESE|ESTE|NADIE)\b|\b(?:DONT|DO NOT) KNOW (?:THIS|THAT|THE|ANY) PERSON\b/;

/** STOP-family words inside a longer reply: never an opt-out here, but named in an unclear reason. */
const STOP_WORD = /\b(?:STOP|QUIT|END|UNSUBSCRIBE|REVOKE|ALTO|PARAR|PARE|BASTA|BAJA|DETENER)\b/;

type Verdict = Omit<ReplyInterpretation, 'language'>;

const verdict = (intent: ReplyIntent, confidence: number, reason: string): Verdict => ({ intent, confidence, reason });

/** The consent classifier's say: opt-out, wrong number, HELP/START keywords, or nothing. */
function consentVerdict(cleaned: string, canon: string): Verdict | null {
  const consent = classifyIntent(cleaned);
  if (isRevocation(consent)) {
    const keyword = consent.action === 'act' && consent.confidence === 1;
    return verdict('opt-out', consent.confidence, keyword ? 'the whole message is a STOP-family keyword' : 'the consent classifier reads it as a request to stop texts, which outranks the appointment');
  }
  if (consent.intent === 'wrong-number') return verdict('wrong-number', consent.confidence, 'says this is the wrong number: hold the number for staff review');
  if (WRONG_NUMBER_EXTRA.test(canon)) return verdict('wrong-number', 0.7, 'says they are not the practice’s patient or do not know the person: probably a wrong number');
  if (consent.intent === 'help' && consent.action === 'act') return verdict('question', 0.6, 'the HELP keyword: main sends the practice’s help text and staff may follow up');
  if (consent.intent === 'start' && consent.action === 'act' && canon !== 'YES' && canon !== 'SI') {
    return verdict('unclear', 0.5, 'the START keyword: main handles the re-opt-in; it says nothing about the appointment');
  }
  return null;
}

/** Single characters and digits: only "Y" and "N" carry a meaning, and only weakly. */
function shortVerdict(canon: string): Verdict | null {
  if (canon === 'Y') return verdict('confirm', 0.75, 'a single "Y", read as yes: staff confirm');
  if (canon === 'N') return verdict('cancel', 0.6, 'a single "N", read as no: staff confirm');
  if (canon === 'C') return verdict('unclear', 0.2, 'a single "C" could mean confirm or cancel: the reminder offers no letter menu');
  if (/^\d+$/.test(canon)) return verdict('unclear', 0.2, 'a number on its own: the reminder offers no numbered choices');
  if (/^\w$/.test(canon)) return verdict('unclear', 0.1, 'a single letter');
  return null;
}

const last = (cues: readonly Cue[], a: Cue, b: Cue): Cue | undefined => [...cues].reverse().find((c) => c === a || c === b);

/** Confirm or cancel from the cues, or unclear when they disagree without words that decide. */
function attendanceVerdict(cues: readonly Cue[], words: number): Verdict | null {
  const has = (c: Cue) => cues.includes(c);
  if (has('attend') && has('cancel')) {
    const winner = last(cues, 'attend', 'cancel') === 'attend' ? 'confirm' : 'cancel';
    return verdict(winner, 0.55, `both confirm and cancel wording: the last stated is taken, for staff to check`);
  }
  if (has('cancel')) {
    if (has('late')) return verdict('cancel', 0.55, 'cancel wording beside lateness: for staff to check');
    if (has('affirm')) return verdict('cancel', 0.75, 'a yes beside cancel wording: probably a cancel, for staff to check');
    return verdict('cancel', 0.9, 'says they cannot come or asks to cancel');
  }
  if (has('late')) return verdict('confirm', 0.6, 'says they will be late: probably still coming, for staff to check');
  if (has('attend')) {
    if (has('deny')) return verdict('confirm', 0.6, 'a no beside confirm wording: probably a confirm, for staff to check');
    return verdict('confirm', has('affirm') ? 0.95 : 0.9, 'says they will come or confirms');
  }
  if (has('affirm') && has('deny')) return verdict('unclear', 0.3, 'both yes and no');
  if (has('affirm')) {
    if (words > SHORT_ANSWER_WORDS) return verdict('confirm', 0.7, 'a yes inside a longer message the rules do not otherwise read: for staff to check');
    return verdict('confirm', 0.9, 'answers yes');
  }
  if (has('deny')) return verdict('cancel', has('ack') ? 0.55 : 0.6, 'answers no without saying more: probably a cancel, for staff to check');
  if (has('ack')) return verdict('confirm', 0.7, 'an acknowledgement: probably a confirm, for staff to check');
  return null;
}

function emojiCues(cleaned: string): Cue[] {
  const cues: Cue[] = [];
  if (CONFIRM_EMOJI.test(cleaned)) cues.push('ack');
  if (CANCEL_EMOJI.test(cleaned)) cues.push('deny');
  return cues;
}

function decide(cleaned: string, canon: string): Verdict {
  const consent = consentVerdict(cleaned, canon);
  if (consent) return consent;
  const emoji = emojiCues(cleaned);
  if (!canon) {
    if (emoji.includes('ack') && emoji.includes('deny')) return verdict('unclear', 0.2, 'emoji that say both yes and no');
    if (emoji.includes('ack')) return verdict('confirm', 0.7, 'a thumbs-up, OK or check-mark emoji: probably a confirm, for staff to check');
    if (emoji.includes('deny')) return verdict('cancel', 0.6, 'a thumbs-down or cross emoji: probably a cancel, for staff to check');
    return verdict('unclear', 0, 'no words');
  }
  const short = shortVerdict(canon);
  if (short) return short;
  if (RESCHEDULE.some((re) => re.test(canon))) return verdict('reschedule', 0.8, 'asks for another day or time');

  const clauses = clausesOf(cleaned);
  const cues = [...clauses.flatMap((c) => cuesOf(c.text)), ...emoji];
  const strong = cues.includes('attend') || cues.includes('cancel');
  if (IDENTITY.test(canon) && !strong) return verdict('unclear', 0.4, 'asks who is writing: staff should answer (it may be a wrong number)');
  const asked = questionKind(clauses);
  if (asked === 'cancel-request') return verdict('cancel', 0.75, 'asks whether they can cancel: for staff to confirm');
  if (asked === 'question') return verdict('question', 0.75, 'asks a question: staff answer it');
  if (ASKS.test(canon)) return verdict('question', 0.7, 'says they have a question: staff answer it');
  if (CALL_ME.test(canon)) return verdict('question', 0.7, 'asks for a call back');
  if (cues.includes('unsure')) return verdict('unclear', 0.4, 'says they are not sure: staff follow up');
  if (asked === 'bare' && !strong) return verdict('unclear', 0.3, 'answers with only a question mark');
  const fallback = STOP_WORD.test(canon)
    ? verdict('unclear', 0.3, 'contains an opt-out word that the consent classifier does not read as an opt-out: staff check whether texts should stop')
    : verdict('unclear', 0.2, 'no wording about the appointment that the rules recognise');
  return attendanceVerdict(cues, canon.split(' ').length) ?? fallback;
}

/** What a reply to an appointment reminder means. Never throws. */
export function interpretReply(text: string): ReplyInterpretation {
  try {
    const cleaned = cleanReply(typeof text === 'string' ? text : '');
    const canon = canonical(cleaned);
    const result = decide(cleaned, canon);
    const long = text.length > MAX_REPLY_CHARS || canon.split(' ').length > LONG_REPLY_WORDS;
    const capped = long && (result.intent === 'confirm' || result.intent === 'cancel') && result.confidence > LONG_REPLY_CAP;
    return {
      intent: result.intent,
      confidence: capped ? LONG_REPLY_CAP : result.confidence,
      reason: capped ? `${result.reason} (a long reply: staff check)` : result.reason,
      language: detectLanguage(`${normalizeInbound(cleaned)} ${canon}`, cleaned),
    };
  } catch {
    return { intent: 'unclear', confidence: 0, reason: 'the reply could not be read', language: null };
  }
}
