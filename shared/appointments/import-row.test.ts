/** Shared import rules: the hash, derived ids, cleaning, phones, languages, birth dates, instants. */
import { describe, expect, it } from 'vitest';
import { checkTextingNumber } from '../phone/texting-number';
import { checkBirthDate, cleanText, derivedAppointmentId, fnv1a64, importLanguage, parseInstant, phoneNormaliser } from './import-row';

describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published FNV-1a 64 vector for %j', (text, hash) => {
    expect(fnv1a64(text)).toBe(hash);
  });
});

describe('derivedAppointmentId', () => {
  const ann = { givenName: 'Ann', familyName: 'Testpatient', dateOfBirth: '1980-04-21' };

  it('is the same for the same patient and start, whatever the case and spacing of the name', () => {
    expect(derivedAppointmentId('csv', ann, 1)).toBe(derivedAppointmentId('csv', { ...ann, givenName: ' ANN ', familyName: 'testpatient' }, 1));
  });

  it.each([
    ['another start', { ...ann }, 2],
    ['another date of birth', { ...ann, dateOfBirth: '1980-04-22' }, 1],
    ['another name', { ...ann, givenName: 'Bo' }, 1],
    ['a patient id', { ...ann, externalId: 'M-1' }, 1],
  ])('differs for %s', (_label, patient, start) => {
    expect(derivedAppointmentId('csv', patient, start)).not.toBe(derivedAppointmentId('csv', ann, 1));
  });

  it('with a patient id, ignores the name', () => {
    expect(derivedAppointmentId('fhir', { ...ann, externalId: 'M-1' }, 1)).toBe(derivedAppointmentId('fhir', { givenName: 'X', familyName: 'Y', externalId: 'M-1' }, 1));
  });
});

describe('cleanText', () => {
  it.each([
    ['  Ann  ', 'Ann'],
    ['Ann\tMarie', 'Ann Marie'],
    ['Ann\u0000\u0007Marie', 'Ann Marie'],
    ['Ann\u200B Marie\uFEFF', 'Ann Marie'],
    ['Main\r\nOffice', 'Main Office'],
  ])('%j → %j', (input, output) => {
    expect(cleanText(input)).toBe(output);
  });
});

describe('phoneNormaliser', () => {
  it.each([
    '(202) 555-0101', '202.555.0101', '+1 202 555 0101', '2025550101', '555-12', '', '+44 20 7946 0958', '(800) 555-0123', '202/555/0101', '(416) 555-0123',
  ])('agrees with the patient form’s check for %j', (text) => {
    const check = checkTextingNumber(text);
    expect(phoneNormaliser()(text).phone).toBe(check.e164);
  });

  it('checks the same number written two ways once, with the same answer', () => {
    const phoneOf = phoneNormaliser();
    expect(phoneOf('(202) 555-0101')).toBe(phoneOf('202.555.0101'));
  });

  it('never puts the number in a warning', () => {
    const phoneOf = phoneNormaliser();
    for (const text of ['555-12', '+44 20 7946 0958', '(800) 555-0123', '']) expect(phoneOf(text).warning).not.toMatch(/\d{3}/);
  });
});

describe('importLanguage', () => {
  it.each([
    ['en', 'en'], ['English', 'en'], ['EN-us', 'en'], ['es', 'es'], ['es-419', 'es'], ['Spanish', 'es'], ['español', 'es'], ['spa', 'es'],
    ['fr', 'other'], ['Vietnamese', 'other'], ['', undefined], [undefined, undefined],
  ])('%j → %j', (text, language) => {
    expect(importLanguage(text)).toBe(language);
  });
});

describe('checkBirthDate', () => {
  it.each<[number, number, number, string | null]>([
    [1980, 4, 21, '1980-04-21'],
    [2024, 2, 29, '2024-02-29'],
    [2023, 2, 29, null],
    [2026, 2, 16, null], // tomorrow
    [1890, 1, 1, null], // over 130 years
    [1980, 13, 1, null],
  ])('%d-%d-%d → %s', (y, m, d, iso) => {
    expect(checkBirthDate(y, m, d, '2026-02-15')).toBe(iso);
  });
});

describe('parseInstant', () => {
  it.each<[string, number | 'impossible' | null]>([
    ['2026-03-10T09:00:00-04:00', Date.parse('2026-03-10T13:00:00Z')],
    ['2026-03-10T09:00:00.123+05:30', Date.parse('2026-03-10T03:30:00Z')],
    ['2026-03-10T13:00Z', Date.parse('2026-03-10T13:00:00Z')],
    ['2026-03-10 13:00:00 +0000', Date.parse('2026-03-10T13:00:00Z')],
    ['2026-02-30T09:00:00Z', 'impossible'],
    ['2026-03-10T24:00:00Z', 'impossible'],
    ['2026-03-10T09:00:00+15:00', 'impossible'],
    ['2026-03-10T09:00:00', null],
    ['2026-03-10', null],
    ['tomorrow', null],
  ])('%j → %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });
});
