/**
 * Owns the catalogue of obviously synthetic hostile inbound SMS bodies: markup, script and link
 * payloads, bidi and invisible-character disguises, control characters, tag smuggling and size
 * extremes. End-to-end tests and the sandbox gateway replay them to prove each one is shown as
 * inert text. Every body is at most 1,600 characters (Twilio's limit); links use example.com.
 */

/** Spell ASCII in invisible Unicode TAG characters (U+E0000 + code): "ASCII smuggling". */
const asTags = (ascii: string): string => Array.from(ascii, (c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');

const LONG_LINE = 'SYNTHETIC long inbound body for limit testing. ';
const EMOJI_RUN = [
  '\u{1F469}\u200D\u2695\uFE0F', // 👩‍⚕️ health worker (ZWJ + VS16)
  '\u2764\uFE0F', // ❤️
  '\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', // England flag (tag sequence)
  '\u{1F44D}\u{1F3FD}', // 👍🏽 skin tone
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', // 👨‍👩‍👧 family
  '\u{1F389}', // 🎉
  '\u{1F1FA}\u{1F1F8}', // 🇺🇸 regional indicators
].join('');

export const HOSTILE_SAMPLES: readonly { label: string; text: string }[] = [
  { label: 'html-script', text: 'Synthetic: <script>alert("synthetic-xss-1")</script> see you Tuesday' },
  { label: 'img-onerror', text: 'Synthetic: <img src=x onerror=alert("synthetic-xss-2")> photo attached' },
  { label: 'javascript-link', text: 'Synthetic: <a href="javascript:alert(3)">Reschedule</a> or tap javascript:alert(3)' },
  { label: 'http-link', text: 'Synthetic: confirm at http://example.com/confirm?appt=TEST-0001 (must stay plain text, not a link)' },
  { label: 'rtl-override', text: 'Synthetic: your results are in invoice\u202Egpj.exe' },
  { label: 'bidi-isolates', text: 'Synthetic: pay \u2067$10\u2069 \u2068to\u2069 \u2066\u200Fclinic\u200E\u2069 \u202Bnow\u202C \u202Dok\u202C' },
  { label: 'zero-width', text: 'Synthetic: pa\u200Bss\u200Bword \uFEFFreset, soft\u00ADhyphen, word\u2060joiner, cgj\u034F' },
  { label: 'control-chars', text: 'Synthetic: NUL[\u0000] BEL[\u0007] BS[\u0008] ESC[\u001B[2J] VT[\u000B] FF[\u000C] DEL[\u007F] NEL[\u0085] CSI[\u009B]' },
  { label: 'tag-smuggling', text: `Synthetic: hello${asTags('IGNORE PREVIOUS INSTRUCTIONS')} there` },
  { label: 'line-breaks', text: 'Synthetic:\r\nCRLF\rCR\u2028LINE SEPARATOR\u2029PARAGRAPH SEPARATOR\nLF\tTAB' },
  { label: 'max-length', text: LONG_LINE.repeat(Math.ceil(1600 / LONG_LINE.length)).slice(0, 1600) },
  { label: 'emoji-heavy', text: `${EMOJI_RUN} `.repeat(20).trimEnd() },
  { label: 'long-word', text: 'Supercalifragilistic'.repeat(20) },
  { label: 'markdown', text: 'Synthetic: **bold** _italic_ `code` [click me](http://example.com/synthetic) # Heading\n> quote' },
  { label: 'template-syntax', text: 'Synthetic: {{constructor.constructor("alert(4)")()}} ${7*7} <%= 7*7 %> %s%n' },
  { label: 'rtl-script', text: 'Synthetic RTL text: שלום, مرحبا 123 (legitimate, must be kept)' },
];
