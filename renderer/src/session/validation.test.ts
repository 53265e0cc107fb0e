import { describe, expect, it } from 'vitest';
import { formatUsPhone, fullNameProblem, normaliseUsPhone, usernameProblem } from './validation';

describe('phone numbers', () => {
  it('normalises US numbers to +1 and formats them back', () => {
    expect(normaliseUsPhone('(555) 201-4400')).toBe('+15552014400');
    expect(normaliseUsPhone('1 555 201 4400')).toBe('+15552014400');
    expect(normaliseUsPhone('201-4400')).toBeNull();
    expect(normaliseUsPhone('(055) 201-4400')).toBeNull();
    expect(formatUsPhone('+15552014400')).toBe('(555) 201-4400');
    expect(formatUsPhone('+442079460000')).toBe('+442079460000');
  });
});

describe('usernames', () => {
  it('follows the contract rule', () => {
    expect(usernameProblem('dpatel')).toBeNull();
    expect(usernameProblem('d.patel-2_x')).toBeNull();
    expect(usernameProblem('dp')).not.toBeNull();
    expect(usernameProblem('.dpatel')).not.toBeNull();
    expect(usernameProblem('d patel')).not.toBeNull();
  });
});

describe('staff identity limits are reported, never applied by cutting', () => {
  it.each([
    ['Ab', null],
    ['A', 'missing'],
    ['x'.repeat(120), null],
    ['x'.repeat(121), 'Use at most 120 characters (this one has 121).'],
  ])('full name of %j → %s', (name, problem) => {
    expect(fullNameProblem(name, 'missing')).toBe(problem);
  });
  it('a 33-character username says how long it is', () => {
    expect(usernameProblem('a'.repeat(33))).toBe('Use at most 32 characters (this one has 33).');
  });
});
