/**
 * Owns making user-supplied text (inbound SMS bodies, staff and patient names) safe to DISPLAY
 * as inert text. The renderer shows the result inside a direction-isolated element; this module
 * neutralises the characters that could disguise it:
 *   - bidi controls (embeddings, overrides, isolates, LRM/RLM/ALM) → U+FFFD, visibly, so
 *     "\u202Eevil.exe" reads "�evil.exe", never "exe.live";
 *   - C0 controls (except TAB, LF; CR is normalised to LF), DEL and C1 controls → U+FFFD;
 *   - invisible / zero-width characters → removed;
 *   - Unicode TAG characters (ASCII smuggling) → removed, except inside an emoji flag tag
 *     sequence such as the England flag.
 * Line breaks are normalised (CRLF, CR, U+2028, U+2029 → LF); in single-line mode LF and TAB
 * become a space. ZWJ, ZWNJ and variation selectors are kept: emoji such as 👩‍⚕️ and ❤️ and
 * scripts such as Persian need them. Nothing else changes: markup, links and Markdown stay as
 * literal characters (React renders them as text, never as HTML or links).
 */

export type SafeTextKind = 'bidi-control' | 'control' | 'invisible' | 'tag';

export interface SafeText {
  readonly text: string;
  /**
   * How many characters (code points) were replaced or removed because they were one of
   * `kinds`. Line-break normalisation (CRLF → LF, a newline or tab → a space in single-line
   * mode) is layout, not disguise, and is not counted: `changed` is 0 exactly when `kinds` is empty.
   */
  readonly changed: number;
  /** Which kinds were found, in this order: 'bidi-control', 'control', 'invisible', 'tag'. */
  readonly kinds: readonly SafeTextKind[];
}

const KIND_ORDER: readonly SafeTextKind[] = ['bidi-control', 'control', 'invisible', 'tag'];
const REPLACEMENT = '\uFFFD';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const WAVING_BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

/** Bidi formatting characters: LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM. */
function isBidiControl(cp: number): boolean {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c;
}

/** C0 (TAB, LF and CR are handled before this), DEL, C1. */
function isControl(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

/** ZWSP, word joiner and invisible operators, BOM / ZWNBSP, soft hyphen, Mongolian vowel separator, CGJ. */
function isInvisible(cp: number): boolean {
  return cp === 0x200b || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff || cp === 0x00ad || cp === 0x180e || cp === 0x034f;
}

function isTag(cp: number): boolean {
  return cp >= 0xe0000 && cp <= 0xe007f;
}

/** A subdivision-flag tag character: TAG DIGIT ZERO–NINE or TAG LATIN SMALL LETTER A–Z. */
function isFlagTag(cp: number): boolean {
  return (cp >= 0xe0030 && cp <= 0xe0039) || (cp >= 0xe0061 && cp <= 0xe007a);
}

/**
 * Length in UTF-16 units of an emoji flag tag sequence starting at `start` (which holds 🏴), or
 * 0. UTS #51: 🏴, a Unicode subdivision id (3 to 7 lowercase letters and digits, e.g. "gbeng")
 * spelled in tag characters, then CANCEL TAG. Anything longer is a hiding place, not a flag.
 */
function flagSequenceLength(input: string, start: number): number {
  let i = start + 2; // 🏴 is a surrogate pair
  let tags = 0;
  for (let cp = input.codePointAt(i); cp !== undefined && isFlagTag(cp) && tags < 7; cp = input.codePointAt(i)) {
    tags += 1;
    i += 2;
  }
  return tags >= 3 && input.codePointAt(i) === CANCEL_TAG ? i + 2 - start : 0;
}

/**
 * Neutralise `input` for display. `multiline` (default true, for message bodies) keeps LF and
 * TAB; false (names, labels) turns each LF and TAB into one space.
 */
export function neutraliseText(input: string, options: { multiline?: boolean } = {}): SafeText {
  const multiline = options.multiline ?? true;
  const newline = multiline ? '\n' : ' ';
  const found = new Set<SafeTextKind>();
  let changed = 0;
  let out = '';

  let i = 0;
  while (i < input.length) {
    const cp = input.codePointAt(i) ?? 0;
    const size = cp > 0xffff ? 2 : 1;
    const ch = input.slice(i, i + size);
    let kind: SafeTextKind | null = null;

    if (cp === CR) {
      out += newline; // CRLF and lone CR → one LF
      i += input.charCodeAt(i + 1) === LF ? 2 : 1;
      continue;
    }
    if (cp === LF || cp === 0x2028 || cp === 0x2029) out += newline;
    else if (cp === TAB) out += multiline ? '\t' : ' ';
    else if (cp === WAVING_BLACK_FLAG) {
      const flag = flagSequenceLength(input, i);
      if (flag > 0) {
        out += input.slice(i, i + flag);
        i += flag;
        continue;
      }
      out += ch; // a plain black flag; any tags after it are removed one by one below
    } else if (isBidiControl(cp)) {
      kind = 'bidi-control';
      out += REPLACEMENT;
    } else if (isControl(cp)) {
      kind = 'control';
      out += REPLACEMENT;
    } else if (isInvisible(cp)) kind = 'invisible';
    else if (isTag(cp)) kind = 'tag';
    else out += ch;

    if (kind) {
      found.add(kind);
      changed += 1;
    }
    i += size;
  }

  return { text: out, changed, kinds: KIND_ORDER.filter((k) => found.has(k)) };
}

/** Just the text (for names, labels). Single-line: newlines and tabs become spaces. */
export function safeLabel(input: string): string {
  return neutraliseText(input, { multiline: false }).text;
}
