import { describe, expect, it } from 'vitest';
import { enrolmentCode, normaliseEnrolmentCode, safetyNumber } from './safety-number';

const key = (fill: number) => {
  const k = new Uint8Array(65).fill(fill);
  k[0] = 4;
  return k;
};

describe('desk safety numbers and enrolment codes', () => {
  it('30 digits in six groups, the same for the same key on any desk', () => {
    const n = safetyNumber(key(7));
    expect(n).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(safetyNumber(key(7))).toBe(n);
  });

  it('a key changed by one bit gives another number', () => {
    const k = key(7);
    const swapped = key(7);
    swapped[40] = swapped[40]! ^ 1;
    expect(safetyNumber(swapped)).not.toBe(safetyNumber(k));
  });

  it('codes are 8 unambiguous characters; what people type is forgiven where it can be', () => {
    expect(enrolmentCode(new Uint8Array([0, 1, 2, 3, 30, 31, 32, 33]))).toBe('0123-YZ01');
    expect(enrolmentCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it.each([
    ['0123-yz01', '0123-YZ01'],
    [' 0123 YZ01 ', '0123-YZ01'],
    ['O123-YZOl', '0123-YZ01'],
    ['0123-YZ0', null],
    ['0123-YZ0U', null],
    ['', null],
  ])('normalise %j → %j', (typed, expected) => {
    expect(normaliseEnrolmentCode(typed)).toBe(expected);
  });
});
