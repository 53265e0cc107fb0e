import { describe, expect, it } from 'vitest';
import { howOptedOut, keywordOf, optedOutMessage } from './opt-out-wording';

describe('opt-out wording', () => {
  it.each([
    ['STOP', 'STOP'],
    ['Stop!!', 'STOP'],
    ['  parar. ', 'PARAR'],
    ['stop 🛑', 'STOP'],
    ['UNSUBSCRIBE ME FROM ALL OF IT', 'UNSUBSCRIBE ME F'],
  ])('keywordOf(%j) is %j', (body, expected) => expect(keywordOf(body)).toBe(expected));

  it.each([
    ['keyword', 'STOP', 'by text “STOP”'],
    ['keyword', undefined, 'by text'],
    ['carrier', undefined, 'at the carrier (STOP)'],
    ['staff', undefined, 'as recorded by staff'],
  ] as const)('%s %s reads %j', (source, keyword, expected) => expect(howOptedOut(source, keyword)).toBe(expected));

  it('names the day and what lifts it', () => {
    expect(optedOutMessage('2026-03-02T10:00:00Z', 'by text “STOP”')).toBe(
      'Not sent: the patient opted out of texts on 2026-03-02 by text “STOP”. Only a START text from the patient or newly recorded consent allows texting again.',
    );
  });
});
