/** The texting-number check, table-driven: formats people type, refusals and warnings. */
import { describe, expect, it } from 'vitest';
import { checkTextingNumber } from './texting-number';

describe('checkTextingNumber', () => {
  it.each([
    ['(202) 555-0103', '+12025550103'],
    ['202.555.0103', '+12025550103'],
    ['202-555-0103', '+12025550103'],
    ['+1 202 555 0103', '+12025550103'],
    ['1 (202) 555-0103', '+12025550103'],
    ['  2025550103  ', '+12025550103'],
    ['(787) 555-0101', '+17875550101'], // Puerto Rico
  ])('%j is usable as %j', (input, e164) => {
    const check = checkTextingNumber(input);
    expect(check.problem).toBeNull();
    expect(check.e164).toBe(e164);
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['555-12', 'NOT_A_NUMBER'],
    ['202-555-010', 'NOT_A_NUMBER'],
    ['(055) 201-0100', 'NOT_A_NUMBER'],
    ['call me maybe', 'NOT_A_NUMBER'],
    ['202-555-0103 ext 4', 'NOT_A_NUMBER'],
    ['<script>2025550103</script>', 'NOT_A_NUMBER'],
    ['9'.repeat(40), 'NOT_A_NUMBER'],
    ['+44 20 7946 0958', 'NOT_US'],
    ['+1 416 555 0123', 'NOT_US'], // Canada shares +1 but is not texted from a US sender here
  ])('%j is refused (%s) with a message', (input, code) => {
    const check = checkTextingNumber(input);
    expect(check.e164).toBeNull();
    expect(check.problem?.code).toBe(code);
    expect(check.problem?.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['(800) 555-0123', {}, 'TOLL_FREE'],
    ['(900) 555-0101', {}, 'PREMIUM'],
    ['(500) 555-0100', {}, 'PERSONAL'],
    ['(202) 555-0110', { knownLandline: true }, 'LANDLINE'],
    ['(202) 555-0110', {}, null],
  ] as const)('%j %j warns %s', (input, facts, code) => {
    const check = checkTextingNumber(input, facts);
    expect(check.problem).toBeNull();
    expect(check.warning?.code ?? null).toBe(code);
    if (code) expect(check.warning!.message).toMatch(/\(\d{3}\) \d{3}-\d{4}/);
  });
});
