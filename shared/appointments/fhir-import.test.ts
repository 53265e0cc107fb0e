/** FHIR R4 Bundle import: references of every kind, status mapping, patient details, rejections, hostile and oversized input. */
import { describe, expect, it } from 'vitest';
import { importFhirBundle } from './fhir-import';
import type { ImportResult } from './import-row';

const NOW = Date.UTC(2026, 1, 15, 15, 0);
type Json = Record<string, unknown>;

const patient = (id: string, extra: Json = {}): Json => ({
  resourceType: 'Patient',
  id,
  name: [
    { use: 'nickname', given: ['Annie'], family: 'Testpatient' },
    { use: 'official', given: ['Ann', 'Marie'], family: 'Testpatient' },
  ],
  birthDate: '1980-04-21',
  telecom: [
    { system: 'phone', value: '(202) 555-0102', use: 'home' },
    { system: 'email', value: 'ann@example.com' },
    { system: 'phone', value: '202-555-0101', use: 'mobile' },
  ],
  communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es-MX' }], text: 'Spanish' }, preferred: true }],
  ...extra,
});

const appointment = (id: string, extra: Json = {}): Json => ({
  resourceType: 'Appointment',
  id,
  status: 'booked',
  serviceType: [{ coding: [{ display: 'Follow-up visit' }] }],
  start: '2026-03-10T09:00:00-04:00',
  end: '2026-03-10T09:30:00-04:00',
  participant: [
    { actor: { reference: 'Patient/p1', display: 'Ann Testpatient' }, status: 'accepted' },
    { actor: { reference: 'Practitioner/d1', display: 'Dr. Display' }, status: 'accepted' },
    { actor: { reference: 'Location/l1', display: 'Main Office' }, status: 'accepted' },
  ],
  ...extra,
});

const practitioner: Json = { resourceType: 'Practitioner', id: 'd1', name: [{ prefix: ['Dr.'], given: ['Dana'], family: 'Testdoctor' }] };

const bundle = (...resources: Json[]): Json => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: resources.map((resource) => ({ fullUrl: `https://fhir.example.com/r4/${String(resource.resourceType)}/${String(resource.id)}`, resource })),
});

const run = (value: unknown): ImportResult => importFhirBundle(value, { now: NOW });
const messages = (result: ImportResult) => [...result.rejected.map((r) => r.reason), ...result.warnings.map((w) => w.reason), result.error ?? ''].join('\n');

describe('importFhirBundle: a searchset with included patients', () => {
  it('normalises the appointment and its patient', () => {
    const result = run(JSON.stringify(bundle(appointment('a1'), patient('p1'), practitioner)));
    expect(result.error).toBeNull();
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toEqual([
      {
        externalId: 'a1',
        patient: { externalId: 'p1', givenName: 'Ann Marie', familyName: 'Testpatient', dateOfBirth: '1980-04-21', phone: '+12025550101', preferredLanguage: 'es' },
        startsAt: Date.parse('2026-03-10T13:00:00Z'),
        durationMinutes: 30,
        status: 'booked',
        provider: 'Dr. Dana Testdoctor',
        location: 'Main Office',
        appointmentType: 'Follow-up visit',
      },
    ]);
  });

  it('accepts the parsed object as well as the JSON text, and a BOM before the text', () => {
    const value = bundle(appointment('a1'), patient('p1'));
    expect(run(value).rows).toEqual(run(`\uFEFF${JSON.stringify(value)}`).rows);
  });

  it('shares one patient between appointments and keeps their order', () => {
    const result = run(bundle(appointment('a1'), appointment('a2', { start: '2026-03-11T10:00:00Z' }), patient('p1')));
    expect(result.rows.map((r) => [r.externalId, r.patient.externalId])).toEqual([['a1', 'p1'], ['a2', 'p1']]);
  });
});

describe('importFhirBundle: references', () => {
  it('resolves urn:uuid references in a transaction bundle', () => {
    const value = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:6a1e1c2e-0000-4000-8000-000000000001', resource: appointment('a1', { participant: [{ actor: { reference: 'urn:uuid:6a1e1c2e-0000-4000-8000-000000000002' } }] }) },
        { fullUrl: 'urn:uuid:6a1e1c2e-0000-4000-8000-000000000002', resource: { ...patient('p1'), id: undefined } },
      ],
    };
    const result = run(value);
    expect(result.rejected).toEqual([]);
    expect(result.rows[0]?.patient).toMatchObject({ givenName: 'Ann Marie', familyName: 'Testpatient' });
    expect(result.rows[0]?.patient.externalId).toBeUndefined();
  });

  it.each([
    ['an absolute URL', 'https://fhir.example.com/r4/Patient/p1'],
    ['a versioned reference', 'Patient/p1/_history/3'],
    ['a relative reference to an entry known by its fullUrl', 'Patient/p1'],
  ])('resolves %s', (_label, reference) => {
    const value = bundle(appointment('a1', { participant: [{ actor: { reference } }] }), patient('p1'));
    expect(run(value).rows).toHaveLength(1);
  });

  it('resolves a relative reference when the entry has no fullUrl', () => {
    const value = { resourceType: 'Bundle', entry: [{ resource: appointment('a1') }, { resource: patient('p1') }] };
    expect(run(value).rows).toHaveLength(1);
  });

  it('resolves a contained patient', () => {
    const value = bundle(appointment('a1', { contained: [patient('inline')], participant: [{ actor: { reference: '#inline' } }] }));
    expect(run(value).rows[0]?.patient.givenName).toBe('Ann Marie');
  });

  it('falls back to the reference’s display for a practitioner or location not in the bundle', () => {
    const row = run(bundle(appointment('a1'), patient('p1'))).rows[0];
    expect(row?.provider).toBe('Dr. Display');
    expect(row?.location).toBe('Main Office');
  });
});

describe('importFhirBundle: status', () => {
  it.each([
    ['proposed', 'booked'], ['pending', 'booked'], ['booked', 'booked'], ['arrived', 'completed'], ['checked-in', 'completed'],
    ['fulfilled', 'completed'], ['cancelled', 'cancelled'], ['noshow', 'no-show'],
  ])('%s → %s', (status, expected) => {
    expect(run(bundle(appointment('a1', { status }), patient('p1'))).rows[0]?.status).toBe(expected);
  });

  it.each([
    ['entered-in-error', /entered in error/],
    ['waitlist', /wait list/],
    ['confirmed', /not a FHIR R4 appointment status/],
    [undefined, /no status/],
    [7, /no status/],
  ])('%j is rejected', (status, reason) => {
    const result = run(bundle(appointment('a1', { status }), patient('p1')));
    expect(result.rows).toEqual([]);
    expect(result.rejected).toEqual([{ line: 1, reason: expect.stringMatching(reason) }]);
  });
});

describe('importFhirBundle: times', () => {
  it.each([
    ['minutesDuration wins over end', { minutesDuration: 20 }, 20],
    ['end − start', { minutesDuration: undefined }, 30],
    ['Z instants', { start: '2026-03-10T13:00:00Z', end: '2026-03-10T13:45:00.000Z' }, 45],
  ])('%s', (_label, extra, minutes) => {
    const row = run(bundle(appointment('a1', extra), patient('p1'))).rows[0];
    expect(row?.durationMinutes).toBe(minutes);
    expect(row?.startsAt).toBe(Date.parse('2026-03-10T13:00:00Z'));
  });

  it('uses 15 minutes, with a warning, when there is no usable duration', () => {
    const result = run(bundle(appointment('a1', { end: undefined, minutesDuration: -5 }), patient('p1')));
    expect(result.rows[0]?.durationMinutes).toBe(15);
    expect(result.warnings).toEqual([{ line: 1, reason: expect.stringContaining('15 minutes') }]);
  });

  it.each([
    ['no start', undefined, /no start time/],
    ['a start with no offset', '2026-03-10T09:00:00', /no time zone offset/],
    ['a date only', '2026-03-10', /not a valid date and time/],
    ['an impossible start', '2026-02-30T09:00:00Z', /not a real date/],
    ['a number', 1773147600000, /no start time/],
  ])('rejects %s', (_label, start, reason) => {
    const result = run(bundle(appointment('a1', { start }), patient('p1')));
    expect(result.rejected).toEqual([{ line: 1, reason: expect.stringMatching(reason) }]);
  });
});

describe('importFhirBundle: rejected appointments', () => {
  it.each([
    ['no participant', { participant: undefined }, /no patient participant/],
    ['only a practitioner', { participant: [{ actor: { reference: 'Practitioner/d1' } }] }, /no patient participant/],
    ['a patient not in the bundle', { participant: [{ actor: { reference: 'Patient/p404' } }] }, /patient is not in the bundle/],
    ['an unresolved urn:uuid', { participant: [{ actor: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000404' } }] }, /patient is not in the bundle/],
    ['a display with no reference', { participant: [{ actor: { display: 'Ann Testpatient' } }] }, /no patient participant/],
  ])('%s', (_label, extra, reason) => {
    const result = run(bundle(appointment('a1', extra), appointment('a2'), patient('p1')));
    expect(result.rows.map((r) => r.externalId)).toEqual(['a2']);
    expect(result.rejected).toEqual([{ line: 1, reason: expect.stringMatching(reason) }]);
    expect(messages(result)).not.toMatch(/Ann|Testpatient|p404|555/);
  });

  it('rejects a patient with no usable name', () => {
    const result = run(bundle(appointment('a1'), patient('p1', { name: [{ use: 'old', given: ['Ann'], family: 'Testpatient' }, { use: 'official', family: 'Testpatient' }] })));
    expect(result.rejected).toEqual([{ line: 1, reason: expect.stringMatching(/no first and last name/) }]);
  });

  it('reads a name given only as text', () => {
    const result = run(bundle(appointment('a1'), patient('p1', { name: [{ text: 'Testpatient, Ann' }] })));
    expect(result.rows[0]?.patient).toMatchObject({ givenName: 'Ann', familyName: 'Testpatient' });
  });

  it('rejects the second entry for the same appointment id', () => {
    const result = run(bundle(appointment('a1'), patient('p1'), appointment('a1', { start: '2026-03-12T09:00:00Z' })));
    expect(result.rows).toHaveLength(1);
    expect(result.rejected).toEqual([{ line: 3, reason: 'Duplicate of entry 1: the same appointment appears twice.' }]);
  });
});

describe('importFhirBundle: patient details', () => {
  it.each([
    ['no telecom', {}, null, /No phone number/],
    ['an invalid mobile and no other', { telecom: [{ system: 'phone', use: 'mobile', value: '555-12' }] }, null, /not a valid US number/],
    ['an invalid mobile, a valid home number', { telecom: [{ system: 'phone', use: 'mobile', value: '555-12' }, { system: 'phone', use: 'home', value: '2025550102' }] }, '+12025550102', null],
    ['an old number only', { telecom: [{ system: 'phone', use: 'old', value: '2025550103' }] }, null, /No phone number/],
    ['sms system preferred', { telecom: [{ system: 'phone', value: '2025550104' }, { system: 'sms', value: '2025550105' }] }, '+12025550105', null],
    ['rank within a use', { telecom: [{ system: 'phone', use: 'home', value: '2025550106', rank: 2 }, { system: 'phone', use: 'home', value: '2025550107', rank: 1 }] }, '+12025550107', null],
  ])('%s', (_label, extra, phone, warning) => {
    const result = run(bundle(appointment('a1'), patient('p1', { telecom: undefined, ...extra })));
    expect(result.rows[0]?.patient.phone).toBe(phone);
    expect(result.warnings).toEqual(warning ? [{ line: 1, reason: expect.stringMatching(warning) }] : []);
    expect(messages(result)).not.toMatch(/555|2025/);
  });

  it.each([
    [[{ language: { coding: [{ code: 'en-US' }] } }], 'en'],
    [[{ language: { text: 'Spanish' } }], 'es'],
    [[{ language: { coding: [{ code: 'en' }] } }, { language: { coding: [{ code: 'es' }] }, preferred: true }], 'es'],
    [[{ language: { coding: [{ code: 'vi' }] } }], undefined],
    [undefined, undefined],
  ])('communication %j → %s', (communication, language) => {
    expect(run(bundle(appointment('a1'), patient('p1', { communication }))).rows[0]?.patient.preferredLanguage).toBe(language);
  });

  it.each(['1980', '1980-04', '2030-01-01', '1980-02-30', 19800421])('leaves out birthDate %j with a warning', (birthDate) => {
    const result = run(bundle(appointment('a1'), patient('p1', { birthDate })));
    expect(result.rows[0]?.patient.dateOfBirth).toBeUndefined();
    expect(result.warnings).toEqual([{ line: 1, reason: expect.stringContaining('date of birth') }]);
  });

  it('uses the first identifier, then a derived id, when the appointment has no id', () => {
    const withIdentifier = run(bundle({ ...appointment('x'), id: undefined, identifier: [{ system: 'urn:oid:1.2.3', value: 'APPT-9' }] }, patient('p1')));
    expect(withIdentifier.rows[0]?.externalId).toBe('urn:oid:1.2.3|APPT-9');
    const derived = run(bundle({ ...appointment('x'), id: undefined }, patient('p1')));
    expect(derived.rows[0]?.externalId).toMatch(/^fhir-[0-9a-f]{16}$/);
    expect(run(bundle({ ...appointment('x'), id: undefined }, patient('p1'))).rows[0]?.externalId).toBe(derived.rows[0]?.externalId);
  });
});

describe('importFhirBundle: not a bundle, limits, hostile input', () => {
  it.each([
    ['malformed JSON', '{"resourceType": "Bundle", "entry": [', /not valid JSON/],
    ['an empty string', '', /not valid JSON/],
    ['an array', '[]', /not a FHIR Bundle/],
    ['null', 'null', /not a FHIR Bundle/],
    ['a number', 42, /not a FHIR Bundle/],
    ['undefined', undefined, /not a FHIR Bundle/],
    ['a single Patient', { resourceType: 'Patient', id: 'p1' }, /single FHIR Patient, not a Bundle/],
    ['an OperationOutcome', { resourceType: 'OperationOutcome', issue: [] }, /error message/],
    ['an object without resourceType', { entry: [] }, /not a FHIR Bundle/],
    ['entries that are not a list', { resourceType: 'Bundle', entry: { resource: appointment('a1') } }, /entries could not be read/],
    ['a bundle with no appointments', bundle(patient('p1')), /no appointments/],
    ['a bundle with no entries', { resourceType: 'Bundle' }, /no appointments/],
  ])('%s → one error, no rows', (_label, value, error) => {
    const result = run(value);
    expect(result.error).toMatch(error);
    expect(result.rows).toEqual([]);
    expect(result.rejected).toEqual([]);
  });

  it('refuses more than 20 MB of text and more than 20,000 entries', () => {
    expect(run(' '.repeat(20_000_001)).error).toMatch(/larger than 20 MB/);
    expect(run({ resourceType: 'Bundle', entry: new Array(20_001).fill({}) }).error).toMatch(/more than 20,000 entries/);
  });

  it.each<[string, Json]>([
    ['entries of every type', { resourceType: 'Bundle', entry: [null, 1, 'x', [], { resource: 5 }, { resource: [] }, { resource: { resourceType: 9 } }, { fullUrl: 7, resource: appointment('a1') }, { resource: patient('p1') }] }],
    ['participant not a list', { resourceType: 'Bundle', entry: [{ resource: appointment('a1', { participant: 'Patient/p1' }) }, { resource: patient('p1') }] }],
    ['actors of every type', { resourceType: 'Bundle', entry: [{ resource: appointment('a1', { participant: [null, 3, { actor: 5 }, { actor: { reference: 5 } }, { actor: { reference: {} } }, { actor: [] }] }) }, { resource: patient('p1') }] }],
    ['patient fields of every type', { resourceType: 'Bundle', entry: [{ resource: appointment('a1') }, { resource: { resourceType: 'Patient', id: 'p1', name: 'Ann', telecom: { value: 1 }, communication: 'es', birthDate: {} } }] }],
    ['names of every type', { resourceType: 'Bundle', entry: [{ resource: appointment('a1') }, { resource: { resourceType: 'Patient', id: 'p1', name: [null, { given: 'Ann', family: ['x'] }, { given: [1, null], family: 2, use: 3 }] } }] }],
    ['telecom of every type', { resourceType: 'Bundle', entry: [{ resource: appointment('a1') }, { resource: patient('p1', { telecom: [null, { system: 'phone', value: 2025550101 }, { system: 'phone', value: { n: 1 } }, { system: 'phone', value: '2025550101', rank: 'first', use: 7 }] }) }] }],
    ['concepts of every type', { resourceType: 'Bundle', entry: [{ resource: appointment('a1', { serviceType: 'x', appointmentType: { coding: 'y' }, minutesDuration: '30', end: 5, contained: 'p' }) }, { resource: patient('p1', { communication: [{ language: 'es' }, { language: { coding: [{ code: 5 }] } }] }) }] }],
    ['prototype keys', JSON.parse('{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Appointment","id":"a1","status":"booked","start":"2026-03-10T09:00:00Z","participant":[{"actor":{"reference":"Patient/__proto__"}},{"actor":{"reference":"constructor"}}],"__proto__":{"status":"x"}}}]}') as Json],
  ])('never throws on %s', (_label, value) => {
    expect(() => run(value)).not.toThrow();
    const result = run(value);
    expect(result.rows.length + result.rejected.length + (result.error ? 1 : 0)).toBeGreaterThan(0);
    for (const row of result.rows) {
      expect(typeof row.externalId).toBe('string');
      expect(Number.isFinite(row.startsAt)).toBe(true);
      expect(row.patient.phone === null || /^\+1\d{10}$/.test(row.patient.phone)).toBe(true);
    }
  });

  it('never throws on objects that throw when read', () => {
    const trap = new Proxy({}, { get: () => { throw new Error('synthetic trap'); } });
    const getter = { resourceType: 'Bundle', entry: [{ get resource(): never { throw new Error('synthetic getter'); } }] };
    const inAppointment = { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Appointment', get status(): never { throw new Error('x'); } } }] };
    expect(run(trap).error).toMatch(/could not be read/);
    expect(run(getter).error).toMatch(/could not be read/);
    expect(run(inAppointment).rejected).toEqual([{ line: 1, reason: 'The appointment could not be read.' }]);
  });

  it('warns that a bundle with a next link is only one page', () => {
    const value = { ...bundle(appointment('a1'), patient('p1')), link: [{ relation: 'self', url: 'https://fhir.example.com/r4/Appointment' }, { relation: 'next', url: 'https://fhir.example.com/r4/Appointment?page=2' }] };
    const result = run(value);
    expect(result.rows).toHaveLength(1);
    expect(result.warnings).toEqual([{ line: 0, reason: expect.stringContaining('one page') }]);
  });
});
