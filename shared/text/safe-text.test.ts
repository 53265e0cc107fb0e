/** Safe display text, table-driven: what is replaced (visibly), removed, normalised, and what is left alone. */
import { describe, expect, it } from 'vitest';
import { MAX_SMS_CHARACTERS } from '../sms/segments';
import { HOSTILE_SAMPLES } from './hostile-samples';
import { neutraliseText, safeLabel, type SafeTextKind } from './safe-text';

const R = '\uFFFD';
const tags = (ascii: string) => Array.from(ascii, (c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('');
const ENGLAND = `\u{1F3F4}${tags('gbeng')}\u{E007F}`;
const SCOTLAND = `\u{1F3F4}${tags('gbsct')}\u{E007F}`;
const BLACK_FLAG = '\u{1F3F4}';
const SPANISH_1600 = '¿Tiene cita mañana? Sí, a las 3:30. Gracias, señora Núñez. '.repeat(28).slice(0, 1600);

/** Nothing that can disguise text survives: bidi controls, C0 (but TAB, LF), DEL, C1, invisibles, U+2028/9 (tags: below). */
// eslint-disable-next-line no-control-regex
const DISGUISE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u2060-\u2064\uFEFF\u00AD\u180E\u2028\u2029]|\u034F/u; // CGJ apart: it is a combining mark
const withoutFlags = (text: string) => text.replace(/\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{3,7}\u{E007F}/gu, '');

describe('neutraliseText', () => {
  it.each<[string, string, string, number, SafeTextKind[]]>([
    // [label, input, text, changed, kinds]
    ['RLO shows visibly, never reversed', '\u202Eevil.exe', `${R}evil.exe`, 1, ['bidi-control']],
    ['RLO inside a file name', 'invoice\u202Egpj.exe', `invoice${R}gpj.exe`, 1, ['bidi-control']],
    ['LRE … PDF', 'a\u202Ab\u202Cc', `a${R}b${R}c`, 2, ['bidi-control']],
    ['RLE, LRO', '\u202Bx\u202Dy', `${R}x${R}y`, 2, ['bidi-control']],
    ['LRI, RLI, FSI, PDI', '\u2066a\u2069 \u2067b\u2069 \u2068c\u2069', `${R}a${R} ${R}b${R} ${R}c${R}`, 6, ['bidi-control']],
    ['LRM, RLM, ALM', 'a\u200Eb\u200Fc\u061Cd', `a${R}b${R}c${R}d`, 3, ['bidi-control']],
    ['ZWSP inside a word', 'pa\u200Bssword', 'password', 1, ['invisible']],
    ['BOM', '\uFEFFHello', 'Hello', 1, ['invisible']],
    ['word joiner and invisible operators', 'a\u2060b\u2061c\u2062d\u2063e\u2064f', 'abcdef', 5, ['invisible']],
    ['soft hyphen, Mongolian vowel separator, CGJ', 'pay\u00ADment \u180Eok\u034F', 'payment ok', 3, ['invisible']],
    ['NUL, BEL, ESC', 'a\u0000b\u0007c\u001B[31m', `a${R}b${R}c${R}[31m`, 3, ['control']],
    ['VT, FF, BS', '\u000B\u000C\u0008', `${R}${R}${R}`, 3, ['control']],
    ['DEL', 'x\u007Fy', `x${R}y`, 1, ['control']],
    ['C1 NEL is not a newline', 'one\u0085two', `one${R}two`, 1, ['control']],
    ['C1 range ends', '\u0080\u009F', `${R}${R}`, 2, ['control']],
    ['NBSP is not a control', 'a\u00A0b', 'a\u00A0b', 0, []],
    ['CRLF and lone CR → LF', 'one\r\ntwo\rthree\nfour', 'one\ntwo\nthree\nfour', 0, []],
    ['CR CR is two line breaks', 'a\r\rb', 'a\n\nb', 0, []],
    ['U+2028, U+2029 → LF', 'a\u2028b\u2029c', 'a\nb\nc', 0, []],
    ['TAB kept in multiline', 'a\tb', 'a\tb', 0, []],
    ['emoji with ZWJ and VS16 unchanged', '👩‍⚕️ ❤️ 👨‍👩‍👧 👍🏽 🇺🇸 ✔︎', '👩‍⚕️ ❤️ 👨‍👩‍👧 👍🏽 🇺🇸 ✔︎', 0, []],
    ['ZWNJ kept (Persian)', 'می\u200Cخواهم', 'می\u200Cخواهم', 0, []],
    ['Hebrew and Arabic unchanged', 'שלום 123 مرحبا', 'שלום 123 مرحبا', 0, []],
    ['England flag tag sequence unchanged', `Go ${ENGLAND}!`, `Go ${ENGLAND}!`, 0, []],
    ['two subdivision flags unchanged', `${ENGLAND}${SCOTLAND}`, `${ENGLAND}${SCOTLAND}`, 0, []],
    ['stray tags removed (ASCII smuggling)', `Hi${tags('AB')}`, 'Hi', 2, ['tag']],
    ['hidden instruction removed', `Hello${tags('IGNORE ALL')} there`, 'Hello there', 10, ['tag']],
    ['tags after a plain 🏴 that do not form a flag', `${BLACK_FLAG}${tags('ABC')}\u{E007F}`, BLACK_FLAG, 4, ['tag']],
    ['unterminated flag sequence', `${BLACK_FLAG}${tags('gbeng')}`, BLACK_FLAG, 5, ['tag']],
    ['flag sequence too long to be a subdivision', `${BLACK_FLAG}${tags('ignoreall')}\u{E007F}`, BLACK_FLAG, 10, ['tag']],
    ['stray tag after a valid flag', `${ENGLAND}${tags('A')}`, ENGLAND, 1, ['tag']],
    ['lone CANCEL TAG', 'x\u{E007F}', 'x', 1, ['tag']],
    ['<script> stays literal', '<script>alert(1)</script>', '<script>alert(1)</script>', 0, []],
    ['img onerror stays literal', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>', 0, []],
    ['javascript: stays literal', 'javascript:alert(1)', 'javascript:alert(1)', 0, []],
    ['Markdown and links stay literal', '**bold** http://example.com', '**bold** http://example.com', 0, []],
    ['1600-char Spanish unchanged', SPANISH_1600, SPANISH_1600, 0, []],
    ['every kind, in fixed order', `${tags('X')}a\u200Bb\u0007c\u202Ed`, `ab${R}c${R}d`, 4, ['bidi-control', 'control', 'invisible', 'tag']],
    ['empty', '', '', 0, []],
  ])('%s', (_label, input, text, changed, kinds) => {
    expect(neutraliseText(input)).toEqual({ text, changed, kinds });
  });

  it.each<[string, string, string, number, SafeTextKind[]]>([
    ['LF → space', 'Jane\nDoe', 'Jane Doe', 0, []],
    ['CRLF → one space', 'Jane\r\nDoe', 'Jane Doe', 0, []],
    ['TAB → space', 'Jane\tDoe', 'Jane Doe', 0, []],
    ['each break is one space, not collapsed', 'Line\r\rTwo', 'Line  Two', 0, []],
    ['U+2028, U+2029 → space', 'a\u2028b\u2029c', 'a b c', 0, []],
    ['RLO still shows', 'Dr.\u202E Smith', `Dr.${R} Smith`, 1, ['bidi-control']],
    ['ZWSP still removed', 'Ana\u200B María', 'Ana María', 1, ['invisible']],
  ])('single-line: %s', (_label, input, text, changed, kinds) => {
    expect(neutraliseText(input, { multiline: false })).toEqual({ text, changed, kinds });
    expect(safeLabel(input)).toBe(text);
  });

  it('multiline is the default for neutraliseText', () => {
    expect(neutraliseText('a\nb').text).toBe('a\nb');
    expect(neutraliseText('a\nb', {}).text).toBe('a\nb');
  });
});

describe('HOSTILE_SAMPLES', () => {
  it('has at least 10 synthetic bodies with distinct labels, each within the SMS body limit', () => {
    expect(HOSTILE_SAMPLES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(HOSTILE_SAMPLES.map((s) => s.label)).size).toBe(HOSTILE_SAMPLES.length);
    for (const { text } of HOSTILE_SAMPLES) {
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(MAX_SMS_CHARACTERS);
    }
  });

  it.each([
    ['an HTML script tag', (t: string) => t.includes('<script>')],
    ['an <img onerror>', (t: string) => /<img src=x onerror=/.test(t)],
    ['a javascript: link', (t: string) => t.includes('javascript:')],
    ['an http:// link', (t: string) => t.includes('http://')],
    ['an RTL override', (t: string) => t.includes('\u202E')],
    ['zero-width characters', (t: string) => t.includes('\u200B')],
    ['control characters', (t: string) => t.includes('\u0000') && t.includes('\u0007')],
    ['a 1,600-character body', (t: string) => t.length === 1600],
    ['an emoji-heavy body', (t: string) => (t.match(/\p{Extended_Pictographic}/gu) ?? []).length >= 100],
    ['a 400-character unbroken word', (t: string) => /\S{400}/.test(t)],
    ['Markdown bold', (t: string) => t.includes('**bold**')],
    ['tag smuggling', (t: string) => /[\u{E0000}-\u{E007F}]/u.test(withoutFlags(t))],
  ])('covers %s', (_what, has) => {
    expect(HOSTILE_SAMPLES.some((s) => has(s.text))).toBe(true);
  });

  it.each(HOSTILE_SAMPLES.map((s) => [s.label, s.text]))('%s: nothing disguising survives, and a second pass changes nothing', (_label, text) => {
    for (const multiline of [true, false]) {
      const once = neutraliseText(text, { multiline });
      expect(withoutFlags(once.text)).not.toMatch(DISGUISE);
      expect(withoutFlags(once.text)).not.toMatch(/[\u{E0000}-\u{E007F}]/u);
      if (!multiline) expect(once.text).not.toMatch(/[\n\t]/);
      expect(once.changed === 0).toBe(once.kinds.length === 0);
      expect(neutraliseText(once.text, { multiline })).toEqual({ text: once.text, changed: 0, kinds: [] });
    }
  });

  it.each([
    ['html-script', '<script>alert("synthetic-xss-1")</script>'],
    ['http-link', 'http://example.com/confirm?appt=TEST-0001'],
    ['markdown', '**bold** _italic_ `code` [click me](http://example.com/synthetic)'],
    ['rtl-script', 'שלום, مرحبا 123'],
  ])('%s keeps its literal characters', (label, fragment) => {
    const sample = HOSTILE_SAMPLES.find((s) => s.label === label)!;
    expect(neutraliseText(sample.text)).toMatchObject({ text: sample.text, changed: 0 });
    expect(sample.text).toContain(fragment);
  });
});
