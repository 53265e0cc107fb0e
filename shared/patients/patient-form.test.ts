/** The patient form's checks, table-driven: each field's problems and the cleaned record. */
import { describe, expect, it } from 'vitest';
import { checkPatientForm, minuteToHhmm, type PatientFormInput } from './patient-form';

const TODAY = '2026-12-01';
const good: PatientFormInput = {
  givenName: '  Testa ',
  familyName: 'McSynthetic',
  dateOfBirth: '1980-04-21',
  phone: '(202) 555-0101',
  phoneType: 'mobile',
  phoneSource: 'patient',
  otherPhones: [{ number: '202 555 0150', label: 'home' }, { number: '', label: 'work' }],
  email: 'testa@example.com',
  notes: '',
  preferredLanguage: 'es',
  textingPreference: 'any',
  preferenceNote: '',
  preferenceWritten: false,
  contactFrom: '09:00',
  contactTo: '17:30',
  addressState: 'fl',
};

describe('patient form', () => {
  it('cleans a good record', () => {
    const r = checkPatientForm(good, TODAY);
    expect(r).toMatchObject({
      ok: true,
      patient: { givenName: 'Testa', phone: '+12025550101', otherPhones: [{ number: '+12025550150', label: 'home' }], contactWindow: { startMinute: 540, endMinute: 1050 }, addressState: 'FL', dateOfBirth: '1980-04-21' },
    });
  });

  it.each<[string, Partial<PatientFormInput>, string, RegExp]>([
    ['no first name', { givenName: '  ' }, 'givenName', /first name/],
    ['a 121-character last name', { familyName: 'x'.repeat(121) }, 'familyName', /at most 120/],
    ['an impossible date', { dateOfBirth: '1980-02-30' }, 'dateOfBirth', /real date/],
    ['a date written the US way', { dateOfBirth: '04/21/1980' }, 'dateOfBirth', /real date/],
    ['a future birth', { dateOfBirth: '2027-01-01' }, 'dateOfBirth', /future/],
    ['a birth 200 years ago', { dateOfBirth: '1826-01-01' }, 'dateOfBirth', /130 years/],
    ['a short number', { phone: '555-12' }, 'phone', /too short/],
    ['a foreign number', { phone: '+44 20 7946 0958' }, 'phone', /US numbers only/],
    ['no source for the number', { phoneSource: '' }, 'phoneSource', /who gave/],
    ['a bad other phone', { otherPhones: [{ number: 'abc', label: 'home' }] }, 'otherPhones', /abc/],
    ['a bad e-mail', { email: 'not-an-email' }, 'email', /e-mail/],
    ['a made-up state', { addressState: 'ZZ' }, 'addressState', /state/],
    ['half the contact hours', { contactTo: '' }, 'contactWindow', /both times/],
    ['hours that end first', { contactFrom: '18:00', contactTo: '09:00' }, 'contactWindow', /end after/],
    ['too long notes', { notes: 'n'.repeat(4001) }, 'notes', /4000/],
  ])('%s', (_label, change, field, message) => {
    const r = checkPatientForm({ ...good, ...change }, TODAY);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[field as keyof typeof r.problems]).toMatch(message);
  });

  it('warns, without refusing, about a landline texting number', () => {
    const r = checkPatientForm({ ...good, phoneType: 'landline' }, TODAY);
    expect(r.ok && r.warnings.phone).toMatch(/landline/);
  });

  it('formats minutes', () => {
    expect(minuteToHhmm(0)).toBe('00:00');
    expect(minuteToHhmm(1050)).toBe('17:30');
  });
});
