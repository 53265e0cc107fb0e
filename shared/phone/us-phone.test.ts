/** The one US phone rule, table-driven. */
import { describe, expect, it } from 'vitest';
import { formatUsPhone, normaliseUsPhone } from './us-phone';

describe('normaliseUsPhone', () => {
  it.each([
    ['(555) 201-0100', '+15552010100'],
    ['555.201.0100', '+15552010100'],
    ['555-201-0100', '+15552010100'],
    ['+1 555 201 0100', '+15552010100'],
    ['1 555 201 0100', '+15552010100'],
    ['5552010100', '+15552010100'],
    ['201-0100', null],
    ['(055) 201-0100', null],
    ['(555) 010-0000', null],
    ['555x201x0100', null],
    ['+44 20 7946 0958', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normaliseUsPhone(input)).toBe(expected);
  });
});

describe('formatUsPhone', () => {
  it.each([
    ['+15552010100', '(555) 201-0100'],
    ['+442079460958', '+442079460958'],
  ])('%j → %j', (input, expected) => {
    expect(formatUsPhone(input)).toBe(expected);
  });
});
