/**
 * Owns SMS segment counting for the composer's live counter, the way carriers (and Twilio) bill
 * it: a body is GSM-7 when every character is in the GSM 03.38 default alphabet or its basic
 * extension table (extension characters take an escape septet, so 2), and UCS-2 otherwise
 * (UTF-16 code units). One segment holds 160 septets / 70 units; a concatenated message
 * loses room to the UDH, so 153 / 67 per segment. An escape pair, or a UTF-16 surrogate pair,
 * never straddles a segment boundary: it moves whole to the next segment.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  readonly encoding: SmsEncoding;
  /** Characters as a person counts them (grapheme-ish: use code points). */
  readonly characters: number;
  /** Septets (GSM-7, extension chars count 2) or UTF-16 code units (UCS-2). */
  readonly units: number;
  /** Segments billed; 0 for empty text. */
  readonly segments: number;
  /** Units per segment for this message: 160/153 (GSM-7) or 70/67 (UCS-2). */
  readonly perSegment: number;
  /** Units left before the next segment starts. */
  readonly remaining: number;
  /** Distinct characters that forced UCS-2 (e.g. emoji, curly quotes), in order of first appearance, at most 10. */
  readonly nonGsm: readonly string[];
}

/** Twilio's body limit (characters). */
export const MAX_SMS_CHARACTERS = 1600;

const SINGLE_SEGMENT: Readonly<Record<SmsEncoding, number>> = { 'GSM-7': 160, 'UCS-2': 70 };
const MULTI_SEGMENT: Readonly<Record<SmsEncoding, number>> = { 'GSM-7': 153, 'UCS-2': 67 };
const MAX_NON_GSM = 10;

/**
 * GSM 03.38 default alphabet, in table order (0x00–0x7F), without 0x1B (the escape to the
 * extension table, not a character anyone types). Greek capitals are spelled as escapes so a
 * lookalike (Ω OHM SIGN, U+2126) cannot slip in.
 */
const GSM_BASIC = new Set<string>([
  ...'@£$¥èéùìòÇ\nØø\rÅå',
  ...'\u0394_\u03A6\u0393\u039B\u03A9\u03A0\u03A8\u03A3\u0398\u039EÆæßÉ', // Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ (ESC) Æ æ ß É
  ...' !"#¤%&\'()*+,-./0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§',
  ...'¿abcdefghijklmnopqrstuvwxyzäöñüà',
]);

/** Basic extension table: each is ESC + one septet. */
const GSM_EXTENSION = new Set<string>([...'\f^{}\\[~]|€']);

const isGsmChar = (ch: string): boolean => GSM_BASIC.has(ch) || GSM_EXTENSION.has(ch);

/** True when every character fits GSM-7 (default alphabet or basic extension table). */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!isGsmChar(ch)) return false;
  return true;
}

export function countSegments(text: string): SegmentInfo {
  const chars = Array.from(text);
  const gsm = chars.every(isGsmChar);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // Septets per character (GSM-7), or UTF-16 code units per code point (UCS-2).
  const widths = chars.map((ch) => (gsm ? (GSM_EXTENSION.has(ch) ? 2 : 1) : ch.length));
  const units = widths.reduce((sum, w) => sum + w, 0);
  const nonGsm = gsm ? [] : nonGsmCharacters(text);
  const base = { encoding, characters: chars.length, units, nonGsm };

  const single = SINGLE_SEGMENT[encoding];
  if (units === 0) return { ...base, segments: 0, perSegment: single, remaining: single };
  if (units <= single) return { ...base, segments: 1, perSegment: single, remaining: single - units };

  // Concatenated: pack greedily; a 2-unit character that does not fit moves whole to the next segment.
  const per = MULTI_SEGMENT[encoding];
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > per) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return { ...base, segments, perSegment: per, remaining: per - used };
}

let graphemes: Intl.Segmenter | undefined;

/**
 * What forced UCS-2, as a person sees it: each distinct grapheme (so 👩‍⚕️ is one entry, not
 * four code points) that holds a character outside GSM-7, in order of first appearance.
 */
function nonGsmCharacters(text: string): string[] {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const found = new Set<string>();
  for (const { segment } of graphemes.segment(text)) {
    if (found.size >= MAX_NON_GSM) break;
    if (!isGsm7(segment)) found.add(segment);
  }
  return [...found];
}
