/** R22/R27/R29 keyword table: every word, case and punctuation variants, Spanish, and phrases. */
import { describe, expect, it } from 'vitest';
import { classifyInbound, HELP_WORDS_EN, HELP_WORDS_ES, START_WORDS_EN, START_WORDS_ES, STOP_WORDS_EN, STOP_WORDS_ES } from './keywords';

const variants = (w: string) => [w, w.toLowerCase(), ` ${w}. `, `${w[0]}${w.slice(1).toLowerCase()}!!`, `${w} 🙏`, `"${w}"`];

describe('classifyInbound', () => {
  it.each([...STOP_WORDS_EN, ...STOP_WORDS_ES])('STOP-family: %s in every case and punctuation', (w) => {
    for (const v of variants(w)) expect(classifyInbound(v).keyword, v).toBe('stop');
  });
  it.each([...HELP_WORDS_EN, ...HELP_WORDS_ES])('HELP: %s (never a revocation)', (w) => {
    for (const v of variants(w)) expect(classifyInbound(v)).toMatchObject({ keyword: 'help', stopIntent: false });
  });
  it.each([...START_WORDS_EN, ...START_WORDS_ES])('START: %s', (w) => {
    for (const v of variants(w)) expect(classifyInbound(v).keyword).toBe('start');
  });
  it.each([
    ['Opt   Out', 'stop'], ['opt-out', 'stop'], ['No más', 'stop'], ['NO MÁS!!', 'stop'], ['Sí', 'start'], ['Información', 'help'], ['Stop all', 'stop'],
  ])('normalises %s', (text, kind) => expect(classifyInbound(text).keyword).toBe(kind));
  it.each([
    'Please stop texting me', 'no more texts please', 'remove me from this list', 'Alto, por favor', 'no más mensajes', 'Dejen de escribirme', 'stop it',
  ])('flags stop-intent phrase for staff, no automatic revocation: %s', (text) => {
    expect(classifyInbound(text)).toMatchObject({ keyword: null, stopIntent: true });
  });
  it.each(['Yes I will be there', 'Can I reschedule?', 'Cancel my appointment', 'Helpful, thanks', 'Estoy bien', 'I want to stopover'])(
    'ordinary messages are not keywords: %s', (text) => expect(classifyInbound(text).keyword).toBeNull(),
  );
});
