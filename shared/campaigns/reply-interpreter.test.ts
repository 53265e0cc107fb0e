/**
 * The reply interpreter: every labelled example gets its intent; confirm and cancel are never
 * confused at or above the auto-action threshold; STOP-family keywords are always opt-outs with
 * confidence 1; hostile input never throws. The held-out set is reported by `npm run
 * eval:replies`, never asserted here (asserting it would be tuning against it).
 */
import { describe, expect, it } from 'vitest';
import { STOP_WORDS_EN, STOP_WORDS_ES } from '../sync/keywords';
import { evaluateReplies } from './eval-replies';
import { REPLY_EXAMPLES } from './reply-examples';
import { AUTO_ACTION_CONFIDENCE, interpretReply, type ReplyInterpretation } from './reply-interpreter';

const isConfirmCancelMistake = (expected: string, got: string) =>
  (expected === 'confirm' && got === 'cancel') || (expected === 'cancel' && got === 'confirm');

function expectWellFormed(r: ReplyInterpretation) {
  expect(['confirm', 'cancel', 'reschedule', 'question', 'opt-out', 'wrong-number', 'unclear']).toContain(r.intent);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(typeof r.reason).toBe('string');
  expect(r.reason.length).toBeGreaterThan(0);
  expect([null, 'en', 'es']).toContain(r.language);
}

describe('reply interpreter over the labelled examples', () => {
  it('has at least 200 examples, at least 60 in Spanish', () => {
    expect(REPLY_EXAMPLES.length).toBeGreaterThanOrEqual(200);
    expect(REPLY_EXAMPLES.filter((e) => interpretReply(e.text).language === 'es').length).toBeGreaterThanOrEqual(60);
  });
  it.each(REPLY_EXAMPLES.map((e) => [e.text, e.intent] as const))('%j → %s', (text, intent) => {
    const r = interpretReply(text);
    expectWellFormed(r);
    expect(r.intent).toBe(intent);
  });
});

describe('confirm and cancel are never confused at or above the threshold', () => {
  it('holds over the examples and the held-out set', () => {
    expect(evaluateReplies().confirm_cancel_confusions).toBe(0);
  });
  it.each([
    "Can't make it on time, running late", 'Of course not', 'Claro que no', 'I cannot confirm yet', 'See you never',
    "I'll be there unless my ride cancels", "Yes I'll be there but my husband can't make it", 'no i will be there', 'Thanks but no thanks',
    'No voy a poder llegar a tiempo', 'Sí. No.', 'yes no', 'CONFIRM 👎', '👍👎',
  ])('%j does not act alone', (text) => {
    const r = interpretReply(text);
    if (r.intent === 'confirm' || r.intent === 'cancel') expect(r.confidence).toBeLessThan(AUTO_ACTION_CONFIDENCE);
  });
  it('no example is a confirm↔cancel mistake at or above the threshold', () => {
    const mistakes = REPLY_EXAMPLES.filter((e) => {
      const r = interpretReply(e.text);
      return r.confidence >= AUTO_ACTION_CONFIDENCE && isConfirmCancelMistake(e.intent, r.intent);
    });
    expect(mistakes).toEqual([]);
  });
});

describe('mixed messages are decided deliberately', () => {
  it.each([
    ['yes but can we move it to 3?', 'reschedule'],
    ["no I can't make it", 'cancel'],
    ['no problem see you then', 'confirm'],
    ['cancel my appointment but keep texting me', 'cancel'],
    ['I need to cancel and stop the texts', 'opt-out'],
    ['yes, do I need to fast?', 'question'],
    ['Can I cancel?', 'cancel'],
    ['no puedo ir', 'cancel'],
    ["won't be there", 'cancel'],
    ["I can't not come", 'confirm'],
    ["I can't wait to cancel", 'cancel'],
    ["I won't miss it", 'confirm'],
    ['no voy a faltar', 'confirm'],
    ['I was diagnosed with cancer last week', 'unclear'],
    ["Can't make it on time, running 15 min late", 'confirm'],
  ] as const)('%j → %s', (text, intent) => expect(interpretReply(text).intent).toBe(intent));
  it('"C", "1" and "k" are unclear', () => {
    for (const text of ['C', 'c', '1', 'k']) expect(interpretReply(text).intent).toBe('unclear');
  });
});

describe('opt-out keywords are always opt-out with confidence 1', () => {
  const words = [...STOP_WORDS_EN, ...STOP_WORDS_ES];
  const variants = words.flatMap((w) => [w, w.toLowerCase(), `${w}!`, ` ${w.toLowerCase()}. `, `"${w}"`, `${w} 🛑`]);
  it.each(variants)('%j', (text) => {
    const r = interpretReply(text);
    expect(r).toMatchObject({ intent: 'opt-out', confidence: 1 });
  });
  it('opt-out outranks cancel, and the reason never quotes the patient', () => {
    const r = interpretReply('Cancel my appointment and stop texting me');
    expect(r.intent).toBe('opt-out');
    expect(r.reason).not.toMatch(/appointment and stop/i);
  });
});

describe('never throws on hostile input', () => {
  const hostile: readonly (readonly [string, string])[] = [
    ['empty', ''],
    ['whitespace', ' \t\n '],
    ['10,000 characters', 'yes '.repeat(2500)],
    ['10,000 of one letter', 'x'.repeat(10_000)],
    ['10,000 punctuation then a letter', `${'!'.repeat(9_999)}a`],
    ['control characters', '\u0000\u0007yes\u001B[2J\u007F\u0085\u009B'],
    ['10,000 NULs', '\u0000'.repeat(10_000)],
    ['RTL override', '\u202Eyes\u202C \u2067no\u2069 \u200F'],
    ['RTL only', '\u202E\u202D\u200F\u2066\u2069'],
    ['emoji only', '👍🏽❤️👩‍⚕️🇺🇸'],
    ['10,000 emoji', '👎'.repeat(5_000)],
    ['lone surrogate', '\uD83D'],
    ['tag characters', String.fromCodePoint(0xe0053, 0xe0054, 0xe004f, 0xe0050)],
    ['alternating letters and punctuation', 'a!'.repeat(5_000)],
  ];
  it.each(hostile)('%s', (_label, text) => {
    const started = Date.now();
    const r = interpretReply(text);
    expectWellFormed(r);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
  it('a reply too long for one SMS never acts alone', () => {
    const r = interpretReply(`I will be there. ${'x '.repeat(5_000)}`);
    expect(r.confidence).toBeLessThan(AUTO_ACTION_CONFIDENCE);
  });
  it('returns unclear for a value that is not a string', () => {
    expect(interpretReply(undefined as unknown as string).intent).toBe('unclear');
  });
});
