/** SMS segments, table-driven: GSM-7 vs UCS-2, single vs concatenated, escape and surrogate pairs at a boundary. */
import { describe, expect, it } from 'vitest';
import { countSegments, isGsm7, MAX_SMS_CHARACTERS } from './segments';

const a = (n: number) => 'a'.repeat(n);
const SPANISH_GSM = '¿Tiene cita mañana? '; // 20 characters, all GSM-7

describe('countSegments', () => {
  it.each([
    // [label, text, encoding, characters, units, segments, perSegment, remaining]
    ['empty', '', 'GSM-7', 0, 0, 0, 160, 160],
    ['short plain', 'Hello', 'GSM-7', 5, 5, 1, 160, 155],
    ['160 plain = 1 segment', a(160), 'GSM-7', 160, 160, 1, 160, 0],
    ['161 plain = 2 segments', a(161), 'GSM-7', 161, 161, 2, 153, 145], // 153 + 8
    ['306 plain = 2 segments', a(306), 'GSM-7', 306, 306, 2, 153, 0], // 153 + 153
    ['307 plain = 3 segments', a(307), 'GSM-7', 307, 307, 3, 153, 152], // 153 + 153 + 1
    ['1530 plain = 10 segments', a(1530), 'GSM-7', 1530, 1530, 10, 153, 0],
    ['1600 plain = 11 segments', a(MAX_SMS_CHARACTERS), 'GSM-7', 1600, 1600, 11, 153, 83], // 10 × 153 + 70
    ['€ is 2 septets', '€', 'GSM-7', 1, 2, 1, 160, 158],
    ['every extension char is 2 septets', '^{}\\[~]|€\f', 'GSM-7', 10, 20, 1, 160, 140],
    ['158 plain + € = 160 septets, 1 segment', `${a(158)}€`, 'GSM-7', 159, 160, 1, 160, 0],
    ['159 plain + € = 161 septets, 2 segments', `${a(159)}€`, 'GSM-7', 160, 161, 2, 153, 145], // 153 + (6 + 2)
    // 152 + € would be 154 > 153: the escape pair moves to segment 2 (152 | 2 + 10).
    ['152 plain + € + 10: € moves to segment 2', `${a(152)}€${a(10)}`, 'GSM-7', 163, 164, 2, 153, 141],
    // 306 septets would be 2 segments if split blindly; the moved € makes it 152 | 2 + 151 | 1.
    ['152 plain + € + 152: the move costs a 3rd segment', `${a(152)}€${a(152)}`, 'GSM-7', 305, 306, 3, 153, 152],
    ['CR and LF are GSM-7', 'Line 1\r\nLine 2', 'GSM-7', 14, 14, 1, 160, 146],
    ['Spanish with ñ and ¿ stays GSM-7', '¿Tiene cita mañana?', 'GSM-7', 19, 19, 1, 160, 141],
    ['1600-char Spanish GSM-7 text', SPANISH_GSM.repeat(80), 'GSM-7', 1600, 1600, 11, 153, 83],
    ['í forces UCS-2', 'Sí, gracias', 'UCS-2', 11, 11, 1, 70, 59],
    ['curly apostrophe forces UCS-2', 'Don’t forget', 'UCS-2', 12, 12, 1, 70, 58],
    ['69 plain + á = 70 units, 1 segment', `${a(69)}á`, 'UCS-2', 70, 70, 1, 70, 0],
    ['70 plain + á = 71 units, 2 segments', `${a(70)}á`, 'UCS-2', 71, 71, 2, 67, 63], // 67 + 4
    ['one emoji is 2 units', 'See you soon 👋', 'UCS-2', 14, 15, 1, 70, 55],
    ['68 plain + emoji = 70 units, 1 segment', `${a(68)}😀`, 'UCS-2', 69, 70, 1, 70, 0],
    // 66 + 😀 would be 68 > 67: the surrogate pair moves to segment 2 (66 | 2 + 3).
    ['66 á + emoji + 3 á: the pair moves to segment 2', `${'á'.repeat(66)}😀ááá`, 'UCS-2', 70, 71, 2, 67, 62],
    // 134 units would be 2 segments if split blindly: 66 | 2 + 65 | 1.
    ['66 á + emoji + 66 á: the move costs a 3rd segment', `${'á'.repeat(66)}😀${'á'.repeat(66)}`, 'UCS-2', 133, 134, 3, 67, 66],
    ['1600 á = 24 segments', 'á'.repeat(1600), 'UCS-2', 1600, 1600, 24, 67, 8], // 23 × 67 + 59
    ['1599 Spanish GSM + í = 24 segments', `${SPANISH_GSM.repeat(80).slice(0, 1599)}í`, 'UCS-2', 1600, 1600, 24, 67, 8],
    // 33 emoji (66 units) per segment, never 33½: 48 full segments + 16 emoji (32 units).
    ['1600 emoji = 49 segments', '😀'.repeat(1600), 'UCS-2', 1600, 3200, 49, 67, 35],
  ] as const)('%s', (_label, text, encoding, characters, units, segments, perSegment, remaining) => {
    expect(countSegments(text)).toMatchObject({ encoding, characters, units, segments, perSegment, remaining });
  });

  it.each([
    ['GSM-7 text lists nothing', '¿Tiene cita mañana?', []],
    ['Spanish accents', 'Sí, mañana a las 3 – ¿está bien?', ['í', '–', 'á']],
    ['curly quotes and em dash, each once', '“Don’t” — it’s “fine”', ['“', '’', '”', '—']],
    ['an emoji sequence is one entry', 'Nurse 👩‍⚕️ says ❤️ 👩‍⚕️', ['👩‍⚕️', '❤️']],
    ['at most 10, in order', 'áíóúÁÍÓÚâêîôû', ['á', 'í', 'ó', 'ú', 'Á', 'Í', 'Ó', 'Ú', 'â', 'ê']],
  ] as const)('nonGsm: %s', (_label, text, nonGsm) => {
    expect(countSegments(text).nonGsm).toEqual(nonGsm);
  });

  it('the 1600-character body limit is Twilio’s', () => {
    expect(MAX_SMS_CHARACTERS).toBe(1600);
  });
});

describe('isGsm7', () => {
  it.each([
    ['', true],
    ['@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?', true],
    ['¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà', true],
    ['^{}\\[~]|€\f', true],
    ['¿Tiene cita mañana?', true],
    ['Sí, gracias', false],
    ['á', false],
    ['ó', false],
    ['ú', false],
    ['ç', false], // only capital Ç is in the table
    ['Don’t', false],
    ['“quoted”', false],
    ['a — b', false],
    ['`', false],
    ['\t', false],
    ['\u001B', false], // the bare escape is not a character
    ['\u2126', false], // OHM SIGN, a lookalike of Ω (U+03A9)
    ['😀', false],
  ])('%j → %s', (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });
});
