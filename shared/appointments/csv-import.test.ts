/** CSV appointment import: header and delimiter reading, mapping, dates in the practice's zone (DST), rejections, warnings, speed. */
import { describe, expect, it } from 'vitest';
import { importCsv, mappingProblems, readCsvHeader, suggestMapping, type ColumnMapping } from './csv-import';
import type { ImportResult } from './import-row';

const NY = 'America/New_York';
const NOW = Date.UTC(2026, 1, 15, 15, 0); // 2026-02-15
const iso = (ms: number) => new Date(ms).toISOString();

const HEADER = 'Appt ID,First Name,Last Name,DOB,Cell,Appt Date,Start Time,Duration,Provider,Location,Appt Type,Status,Language';
const MAPPING: ColumnMapping = {
  appointmentId: 'Appt ID',
  firstName: 'First Name',
  lastName: 'Last Name',
  dateOfBirth: 'DOB',
  phone: 'Cell',
  date: 'Appt Date',
  time: 'Start Time',
  durationMinutes: 'Duration',
  provider: 'Provider',
  location: 'Location',
  appointmentType: 'Appt Type',
  status: 'Status',
  language: 'Language',
};
const ROW = 'A-100,Ann,Testpatient,04/21/1980,(202) 555-0101,03/10/2026,9:00 AM,30,"Testdoctor, Dana MD",Main Office,Follow-up,Scheduled,Spanish';

const run = (lines: string[], mapping: ColumnMapping = MAPPING, timeZone = NY): ImportResult => importCsv(lines.join('\r\n'), mapping, { timeZone, now: NOW });

/** Every reason and warning, for checks that nothing from a cell leaks into them. */
const messages = (result: ImportResult) => [...result.rejected.map((r) => r.reason), ...result.warnings.map((w) => w.reason), result.error ?? ''].join('\n');

describe('readCsvHeader', () => {
  it.each([
    ['comma, CRLF, BOM', '\uFEFFAppt ID,Last Name,Appt Date\r\nA1,Testpatient,03/10/2026\r\n', ','],
    ['semicolon', 'Appt ID;Last Name;Appt Date\nA1;Testpatient;03/10/2026\n', ';'],
    ['tab', 'Appt ID\tLast Name\tAppt Date\nA1\tTestpatient\t03/10/2026\n', '\t'],
    ['semicolon with quoted semicolons and commas', 'Appt ID;Last Name;Appt Date\n"A;1";"Testpatient, Ann";03/10/2026\n', ';'],
  ])('%s', (_label, text, delimiter) => {
    const header = readCsvHeader(text);
    expect(header.error).toBeNull();
    expect(header.delimiter).toBe(delimiter);
    expect(header.headers).toEqual(['Appt ID', 'Last Name', 'Appt Date']);
    expect(header.preview).toHaveLength(1);
    expect(header.preview[0]).toHaveLength(3);
  });

  it('keeps quoted commas inside one cell and previews at most five rows', () => {
    const text = [HEADER, ...Array.from({ length: 8 }, () => ROW)].join('\r\n');
    const header = readCsvHeader(text);
    expect(header.preview).toHaveLength(5);
    expect(header.preview[0]?.[8]).toBe('Testdoctor, Dana MD');
  });

  it('names blank and repeated headers so each can be mapped', () => {
    expect(readCsvHeader('Phone,,Phone,Date\n1,2,3,4\n').headers).toEqual(['Phone', 'Column 2', 'Phone (2)', 'Date']);
  });

  it('ignores a trailing delimiter on the header row', () => {
    expect(readCsvHeader('Appt ID,Last Name,\nA1,Testpatient,\n').headers).toEqual(['Appt ID', 'Last Name']);
  });

  it.each([
    ['empty', ''],
    ['blank lines only', '\r\n\r\n  \r\n'],
    ['a spreadsheet, not text', 'PK\u0003\u0004\u0000\u0000binary'],
  ])('refuses %s with one message', (_label, text) => {
    const header = readCsvHeader(text);
    expect(header.error).toMatch(/\w/);
    expect(header.headers).toEqual([]);
  });
});

describe('suggestMapping', () => {
  it.each<[string, string[], ColumnMapping]>([
    [
      'a typical export',
      ['Appt ID', 'MRN', 'Patient First Name', 'Last Name', 'DOB', 'Cell', 'Phone', 'Appt Date', 'Start Time', 'Length', 'Resource', 'Location', 'Visit Type', 'Status', 'Language'],
      {
        appointmentId: 'Appt ID', patientId: 'MRN', firstName: 'Patient First Name', lastName: 'Last Name', dateOfBirth: 'DOB', phone: 'Cell',
        date: 'Appt Date', time: 'Start Time', durationMinutes: 'Length', provider: 'Resource', location: 'Location', appointmentType: 'Visit Type',
        status: 'Status', language: 'Language',
      },
    ],
    [
      'short names',
      ['Date', 'Time', 'First', 'Last', 'Phone', 'Provider', 'Appt Type', 'Duration', 'Patient ID'],
      { date: 'Date', time: 'Time', firstName: 'First', lastName: 'Last', phone: 'Phone', provider: 'Provider', appointmentType: 'Appt Type', durationMinutes: 'Duration', patientId: 'Patient ID' },
    ],
    [
      'mobile preferred over phone, full name, date of birth not taken for the date',
      ['Patient Name', 'Date of Birth', 'Phone', 'Mobile Phone', 'Appointment Date', 'Time'],
      { fullName: 'Patient Name', dateOfBirth: 'Date of Birth', phone: 'Mobile Phone', date: 'Appointment Date', time: 'Time' },
    ],
    [
      'a date-and-time column',
      ['Appt #', 'Patient', 'Appointment Date/Time', 'Home Phone'],
      { appointmentId: 'Appt #', fullName: 'Patient', dateTime: 'Appointment Date/Time', phone: 'Home Phone' },
    ],
    ['nothing recognisable', ['Foo', 'Bar'], {}],
  ])('%s', (_label, headers, expected) => {
    expect(suggestMapping(headers)).toEqual(expected);
  });

  it('turns a "date" column whose cells carry a time into the date-and-time column', () => {
    expect(suggestMapping(['Name', 'Appt Date'], [['Ann Testpatient', '03/10/2026 9:00 AM']])).toEqual({ fullName: 'Name', dateTime: 'Appt Date' });
    expect(suggestMapping(['Name', 'Appt Date'], [['Ann Testpatient', '03/10/2026']])).toEqual({ fullName: 'Name', date: 'Appt Date' });
  });
});

describe('mappingProblems', () => {
  const blocking = (mapping: ColumnMapping, headers?: string[]) => mappingProblems(mapping, headers).filter((p) => p.blocking).map((p) => p.field);

  it('accepts a complete mapping, with notes only for what is optional', () => {
    expect(blocking(MAPPING, HEADER.split(','))).toEqual([]);
    const notes = mappingProblems({ fullName: 'Patient', dateTime: 'When' });
    expect(notes.every((p) => !p.blocking)).toBe(true);
    expect(notes.map((p) => p.field)).toEqual(['appointmentId', 'phone']);
  });

  it.each<[string, ColumnMapping, (string | null)[]]>([
    ['nothing', {}, ['date', 'lastName']],
    ['date without time', { date: 'D', fullName: 'N' }, ['time']],
    ['time without date', { time: 'T', fullName: 'N' }, ['date']],
    ['date-and-time and separate columns', { dateTime: 'DT', date: 'D', fullName: 'N' }, ['dateTime']],
    ['first name only', { dateTime: 'DT', firstName: 'F' }, ['lastName']],
    ['last name only', { dateTime: 'DT', lastName: 'L' }, ['firstName']],
    ['first/last and full name', { dateTime: 'DT', firstName: 'F', lastName: 'L', fullName: 'N' }, ['fullName']],
    ['one column for two fields', { dateTime: 'DT', fullName: 'N', provider: 'N' }, ['provider']],
  ])('blocks: %s', (_label, mapping, fields) => {
    expect(blocking(mapping)).toEqual(fields);
  });

  it('blocks a column that is not in the file', () => {
    const problems = mappingProblems({ dateTime: 'When', fullName: 'Patient' }, ['When', 'Name']).filter((p) => p.blocking);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('“Patient”');
  });
});

describe('importCsv: a good row', () => {
  it('normalises every field', () => {
    const result = run([HEADER, ROW]);
    expect(result.error).toBeNull();
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toEqual([
      {
        externalId: 'A-100',
        patient: { givenName: 'Ann', familyName: 'Testpatient', dateOfBirth: '1980-04-21', phone: '+12025550101', preferredLanguage: 'es' },
        startsAt: Date.parse('2026-03-10T13:00:00Z'), // 9:00 EDT
        durationMinutes: 30,
        status: 'booked',
        provider: 'Testdoctor, Dana MD',
        location: 'Main Office',
        appointmentType: 'Follow-up',
      },
    ]);
  });

  it('reads the same file with a BOM, semicolons, tabs, LF or CRLF alike', () => {
    const expected = run([HEADER, ROW]).rows;
    const semicolon = [HEADER.replace(/,/g, ';'), ROW.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ';')];
    const tab = [HEADER.replace(/,/g, '\t'), ROW.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t')];
    expect(importCsv(`\uFEFF${[HEADER, ROW].join('\n')}\n`, MAPPING, { timeZone: NY, now: NOW }).rows).toEqual(expected);
    expect(importCsv(semicolon.join('\r\n'), MAPPING, { timeZone: NY, now: NOW }).rows).toEqual(expected);
    expect(importCsv(tab.join('\n'), MAPPING, { timeZone: NY, now: NOW }).rows).toEqual(expected);
    expect(importCsv(tab.join('\n'), MAPPING, { timeZone: NY, now: NOW, delimiter: '\t' }).rows).toEqual(expected);
  });
});

describe('importCsv: dates and times in the practice zone', () => {
  const mapping: ColumnMapping = { appointmentId: 'Id', fullName: 'Name', date: 'Date', time: 'Time' };
  const at = (date: string, time: string, zone = NY) => importCsv(`Id,Name,Date,Time\nA1,Ann Testpatient,"${date}","${time}"\n`, mapping, { timeZone: zone, now: NOW });

  it.each([
    ['03/10/2026', '9:00 AM', '2026-03-10T13:00:00.000Z'],
    ['3/10/26', '9am', '2026-03-10T13:00:00.000Z'],
    ['2026-03-10', '09:00', '2026-03-10T13:00:00.000Z'],
    ['10-Mar-2026', '14:30', '2026-03-10T18:30:00.000Z'],
    ['10 March 2026', '2:30 p.m.', '2026-03-10T18:30:00.000Z'],
    ['Mar 10, 2026', '0930', '2026-03-10T13:30:00.000Z'],
    ['03/10/2026 0:00', '12:00 PM', '2026-03-10T16:00:00.000Z'], // Excel date cell with midnight
    ['03/10/2026', '12:15 AM', '2026-03-10T04:15:00.000Z'],
    ['02/10/2026', '9:00:00 AM', '2026-02-10T14:00:00.000Z'], // EST
    ['02/10/2026', '12/30/1899 9:00 AM', '2026-02-10T14:00:00.000Z'], // Excel time cell
    ['2028-02-29', '8:05', '2028-02-29T13:05:00.000Z'], // leap day
  ])('%s %s → %s', (date, time, expected) => {
    const result = at(date, time);
    expect(result.rejected).toEqual([]);
    expect(iso(result.rows[0]!.startsAt)).toBe(expected);
  });

  it('reads local times in the zone given, not the machine’s', () => {
    expect(iso(at('03/10/2026', '9:00 AM', 'America/Los_Angeles').rows[0]!.startsAt)).toBe('2026-03-10T16:00:00.000Z');
    expect(iso(at('03/10/2026', '9:00 AM', 'America/Phoenix').rows[0]!.startsAt)).toBe('2026-03-10T16:00:00.000Z');
    expect(iso(at('07/10/2026', '9:00 AM', 'Pacific/Honolulu').rows[0]!.startsAt)).toBe('2026-07-10T19:00:00.000Z');
  });

  describe('DST', () => {
    it('rejects a time that does not exist (spring forward, 2026-03-08 02:30 in New York)', () => {
      const result = at('03/08/2026', '2:30 AM');
      expect(result.rows).toEqual([]);
      expect(result.rejected).toEqual([{ line: 2, reason: expect.stringContaining('does not exist in America/New_York') }]);
    });

    it('reads the hours either side of the gap normally', () => {
      expect(iso(at('03/08/2026', '1:59 AM').rows[0]!.startsAt)).toBe('2026-03-08T06:59:00.000Z'); // EST
      expect(iso(at('03/08/2026', '3:00 AM').rows[0]!.startsAt)).toBe('2026-03-08T07:00:00.000Z'); // EDT
    });

    it('takes the first of a time that happens twice (fall back, 2026-11-01 01:30 in New York)', () => {
      expect(iso(at('11/01/2026', '1:30 AM').rows[0]!.startsAt)).toBe('2026-11-01T05:30:00.000Z'); // EDT, not 06:30Z EST
      expect(iso(at('11/01/2026', '2:00 AM').rows[0]!.startsAt)).toBe('2026-11-01T07:00:00.000Z'); // EST
      expect(iso(at('11/01/2026', '1:30 AM', 'America/Chicago').rows[0]!.startsAt)).toBe('2026-11-01T06:30:00.000Z'); // CDT
    });

    it('takes the first occurrence whatever the size of the shift (Lord Howe falls back 30 minutes)', () => {
      expect(iso(at('2026-04-05', '1:45', 'Australia/Lord_Howe').rows[0]!.startsAt)).toBe('2026-04-04T14:45:00.000Z'); // +11:00
    });

    it('lets an explicit offset in a date-and-time cell win over the zone', () => {
      const result = importCsv('Id,Name,When\nA1,Ann Testpatient,2026-03-08T02:30:00-05:00\n', { appointmentId: 'Id', fullName: 'Name', dateTime: 'When' }, { timeZone: NY, now: NOW });
      expect(iso(result.rows[0]!.startsAt)).toBe('2026-03-08T07:30:00.000Z');
    });
  });

  it('reads a date-and-time column', () => {
    const mappingDt: ColumnMapping = { appointmentId: 'Id', fullName: 'Name', dateTime: 'When' };
    const result = importCsv(
      'Id,Name,When\nA1,Ann Testpatient,03/10/2026 9:15 AM\nA2,Bo Testpatient,2026-03-10T14:00\nA3,Cy Testpatient,2026-03-10 14:00:00\nA4,Di Testpatient,"Oct 9, 2026 9:00 AM"\n',
      mappingDt,
      { timeZone: NY, now: NOW },
    );
    expect(result.rejected).toEqual([]);
    expect(result.rows.map((r) => iso(r.startsAt))).toEqual(['2026-03-10T13:15:00.000Z', '2026-03-10T18:00:00.000Z', '2026-03-10T18:00:00.000Z', '2026-10-09T13:00:00.000Z']);
  });
});

describe('importCsv: rejected rows', () => {
  it.each([
    ['a date it cannot read', ROW.replace('03/10/2026', 'next Tuesday'), /appointment date is not a date/],
    ['an impossible date', ROW.replace('03/10/2026', '02/30/2026'), /does not exist on the calendar/],
    ['month 13', ROW.replace('03/10/2026', '13/01/2026'), /does not exist on the calendar/],
    ['a time it cannot read', ROW.replace('9:00 AM', 'morning'), /time is not a time/],
    ['hour 25', ROW.replace('9:00 AM', '25:00'), /time is not a time/],
    ['13 PM', ROW.replace('9:00 AM', '13:00 PM'), /time is not a time/],
    ['a missing date', ROW.replace('03/10/2026', ''), /date is missing/],
    ['a missing time', ROW.replace('9:00 AM', ''), /time is missing/],
    ['no name', ROW.replace('Ann,Testpatient', ','), /name is missing/],
    ['no first name', ROW.replace('Ann,Testpatient', ',Testpatient'), /first name is missing/],
    ['no last name', ROW.replace('Ann,Testpatient', 'Ann,'), /last name is missing/],
    ['an unknown status', ROW.replace('Scheduled', 'Maybe later'), /status is not one CareRelay recognises/],
    ['a missing appointment id', ROW.replace('A-100', ''), /appointment ID is missing/],
    ['too many columns (unquoted comma)', ROW.replace('"Testdoctor, Dana MD"', 'Testdoctor, Dana MD'), /14 columns but the header has 13/],
    ['too few columns', ROW.split(',').slice(0, 8).join(','), /8 columns but the header has 13/],
    ['a quote never closed', ROW.replace('Main Office', '"Main Office'), /never closed/],
  ])('%s', (_label, row, reason) => {
    const result = run([HEADER, ROW.replace('A-100', 'A-1'), row]);
    expect(result.rows).toHaveLength(1);
    expect(result.rejected).toEqual([{ line: 3, reason: expect.stringMatching(reason) }]);
    expect(messages(result)).not.toMatch(/Ann|Testpatient|555|0101|Testdoctor|Maybe|morning|Tuesday/);
  });

  it('keeps extra empty cells at the end of a row', () => {
    expect(run([HEADER, `${ROW},,`]).rows).toHaveLength(1);
  });

  it('rejects the second of two rows with the same appointment id, naming the first line', () => {
    const result = run([HEADER, ROW, ROW.replace('9:00 AM', '10:00 AM')]);
    expect(result.rows).toHaveLength(1);
    expect(result.rejected).toEqual([{ line: 3, reason: 'Duplicate of line 2: the same appointment ID appears twice.' }]);
  });

  it('without an id column, rejects the same patient at the same start (names compared without case)', () => {
    const mapping: ColumnMapping = { ...MAPPING, appointmentId: undefined };
    const result = run([HEADER, ROW, ROW.replace('A-100', 'A-200').replace('Ann,Testpatient', 'ANN,TESTPATIENT'), ROW.replace('9:00 AM', '9:30 AM')], mapping);
    expect(result.rows).toHaveLength(2);
    expect(result.rejected).toEqual([{ line: 3, reason: 'Duplicate of line 2: the same patient at the same start time.' }]);
  });

  it('numbers lines as the file does: blank lines and line breaks inside quotes count', () => {
    const text = [HEADER, '', ROW, `A-2,Bo,Testpatient,,,03/10/2026,10:00 AM,30,"Line one`, `line two",Main,Visit,Scheduled,`, '   ', ROW.replace('A-100', 'A-3').replace('03/10/2026', '02/30/2026')].join('\r\n');
    const result = importCsv(text, MAPPING, { timeZone: NY, now: NOW });
    expect(result.rows.map((r) => r.externalId)).toEqual(['A-100', 'A-2']);
    expect(result.rejected).toEqual([{ line: 7, reason: expect.stringContaining('calendar') }]);
    expect(result.warnings.every((w) => w.line === 4)).toBe(true);
  });

  it.each([
    ['no header mapping', '', 'The file is empty.'],
    ['a header with no rows', `${HEADER}\r\n`, 'The file has a header row but no appointments.'],
  ])('a whole-file error: %s', (_label, text, error) => {
    const result = importCsv(text, MAPPING, { timeZone: NY, now: NOW });
    expect(result.error).toBe(error);
    expect(result.rows).toEqual([]);
  });

  it('refuses a mapping that is not complete, an unknown zone, and a value that is not text', () => {
    expect(importCsv(`${HEADER}\n${ROW}\n`, { ...MAPPING, time: undefined }, { timeZone: NY }).error).toMatch(/appointment time/);
    expect(importCsv(`${HEADER}\n${ROW}\n`, { ...MAPPING, provider: 'Doctor' }, { timeZone: NY }).error).toMatch(/“Doctor”.*not in this file/);
    expect(importCsv(`${HEADER}\n${ROW}\n`, MAPPING, { timeZone: 'Mars/Olympus_Mons' }).error).toMatch(/time zone/);
    expect(importCsv(`${HEADER}\n${ROW}\n`, MAPPING, { timeZone: '' }).error).toMatch(/time zone/);
    expect(importCsv(42 as unknown as string, MAPPING, { timeZone: NY }).error).toMatch(/could not be read/);
  });
});

describe('importCsv: warnings (the appointment still imports)', () => {
  it.each([
    ['an invalid phone', ROW.replace('(202) 555-0101', '555-12'), null, /not a valid US number/],
    ['no phone', ROW.replace('(202) 555-0101', ''), null, /No phone number/],
    ['a non-US phone', ROW.replace('(202) 555-0101', '+44 20 7946 0958'), null, /not a US number/],
    ['a toll-free phone', ROW.replace('(202) 555-0101', '800-555-0123'), '+18005550123', /toll-free/],
  ])('%s', (_label, row, phone, warning) => {
    const result = run([HEADER, row]);
    expect(result.rejected).toEqual([]);
    expect(result.rows[0]?.patient.phone).toBe(phone);
    expect(result.warnings).toEqual([{ line: 2, reason: expect.stringMatching(warning) }]);
    expect(messages(result)).not.toMatch(/555|7946|0123/);
  });

  it.each([
    ['an unreadable date of birth', ROW.replace('04/21/1980', 'unknown'), { dateOfBirth: undefined }, /date of birth/],
    ['a date of birth in the future', ROW.replace('04/21/1980', '04/21/2030'), { dateOfBirth: undefined }, /date of birth/],
    ['an unreadable duration', ROW.replace(',30,', ',half an hour,'), { durationMinutes: 15 }, /15 minutes was used/],
    ['a duration over a day', ROW.replace(',30,', ',1500,'), { durationMinutes: 15 }, /15 minutes was used/],
    ['another language', ROW.replace('Spanish', 'French'), { preferredLanguage: undefined }, /not English or Spanish/],
  ])('%s', (_label, row, expected, warning) => {
    const result = run([HEADER, row]);
    expect(result.rows).toHaveLength(1);
    const [key, value] = Object.entries(expected)[0]!;
    const holder = key === 'durationMinutes' ? result.rows[0]! : result.rows[0]!.patient;
    expect((holder as unknown as Record<string, unknown>)[key]).toBe(value);
    expect(result.warnings).toEqual([{ line: 2, reason: expect.stringMatching(warning) }]);
  });

  it('reads two-digit birth years as the latest year not after today', () => {
    const rows = run([HEADER, ROW.replace('04/21/1980', '4/21/80'), ROW.replace('A-100', 'A-2').replace('04/21/1980', '1/2/19')]).rows;
    expect(rows.map((r) => r.patient.dateOfBirth)).toEqual(['1980-04-21', '2019-01-02']);
  });

  it('shortens an over-long provider with a warning', () => {
    const result = run([HEADER, ROW.replace('"Testdoctor, Dana MD"', 'X'.repeat(250))]);
    expect(result.rows[0]?.provider).toHaveLength(200);
    expect(result.warnings[0]?.reason).toMatch(/provider is longer/);
  });
});

describe('importCsv: cells', () => {
  const rowWith = (field: 'Status' | 'Duration' | 'Language', value: string) => {
    const cells = ROW.replace('"Testdoctor, Dana MD"', 'Testdoctor').split(',');
    cells[HEADER.split(',').indexOf(field)] = value;
    return run([HEADER, cells.join(',')]);
  };

  it.each([
    ['', 'booked'], ['Scheduled', 'booked'], ['PENDING', 'booked'], ['Confirmed', 'confirmed'], ['Canceled', 'cancelled'],
    ['Cancelled by Patient', 'cancelled'], ['CX', 'cancelled'], ['Rescheduled', 'cancelled'], ['No Show', 'no-show'], ['No-Show', 'no-show'],
    ['DNA', 'no-show'], ['Checked In', 'completed'], ['Checked-Out', 'completed'], ['Arrived', 'completed'], ['Completed', 'completed'],
  ])('status %j → %s', (text, status) => {
    expect(rowWith('Status', text).rows[0]?.status).toBe(status);
  });

  it.each([
    ['30', 30], ['45 min', 45], ['60 minutes', 60], ['1h', 60], ['1.5 hours', 90], ['1:30', 90], ['1h 15m', 75], ['', 15],
  ])('duration %j → %d', (text, minutes) => {
    expect(rowWith('Duration', text).rows[0]?.durationMinutes).toBe(minutes);
  });

  it.each([
    ['English', 'en'], ['en-US', 'en'], ['es', 'es'], ['Español', 'es'], ['SPA', 'es'], ['', undefined],
  ])('language %j → %s', (text, language) => {
    expect(rowWith('Language', text).rows[0]?.patient.preferredLanguage).toBe(language);
  });

  it.each([
    ['Testpatient, Ann', 'Ann', 'Testpatient'],
    ['Testpatient, Ann Marie', 'Ann Marie', 'Testpatient'],
    ['Ann Testpatient', 'Ann', 'Testpatient'],
    ['Ann Marie Testpatient', 'Ann Marie', 'Testpatient'],
    ['Ann Testpatient Jr.', 'Ann', 'Testpatient Jr.'],
    ['  Ann   Testpatient ', 'Ann', 'Testpatient'],
  ])('full name %j → %s / %s', (name, given, family) => {
    const result = importCsv(`Id,Patient,When\nA1,"${name}",2026-03-10 09:00\n`, { appointmentId: 'Id', fullName: 'Patient', dateTime: 'When' }, { timeZone: NY, now: NOW });
    expect(result.rows[0]?.patient).toMatchObject({ givenName: given, familyName: family });
  });

  it('rejects a one-word full name', () => {
    const result = importCsv('Id,Patient,When\nA1,Testpatient,2026-03-10 09:00\n', { appointmentId: 'Id', fullName: 'Patient', dateTime: 'When' }, { timeZone: NY, now: NOW });
    expect(result.rejected[0]?.reason).toMatch(/last name is missing/);
  });

  it('strips control and zero-width characters from text cells', () => {
    const result = run([HEADER, ROW.replace('Main Office', 'Main\u0007 \u200BOffice')]);
    expect(result.rows[0]?.location).toBe('Main Office');
  });
});

describe('importCsv: ids without an appointment id column', () => {
  const mapping: ColumnMapping = { ...MAPPING, appointmentId: undefined };

  it('derives the same id from the same patient and start, and a new one when the time moves', () => {
    const first = run([HEADER, ROW], mapping).rows[0]!;
    const again = run([HEADER, ROW.replace('Main Office', 'Annex')], mapping).rows[0]!;
    const moved = run([HEADER, ROW.replace('9:00 AM', '9:30 AM')], mapping).rows[0]!;
    expect(first.externalId).toMatch(/^csv-[0-9a-f]{16}$/);
    expect(again.externalId).toBe(first.externalId);
    expect(moved.externalId).not.toBe(first.externalId);
    expect(first.externalId).not.toContain('Testpatient');
  });

  it('uses the patient id when there is one, so a corrected name keeps the id', () => {
    const withPid: ColumnMapping = { ...mapping, patientId: 'MRN' };
    const header = `${HEADER},MRN`;
    const a = run([header, `${ROW},M-1`], withPid).rows[0]!;
    const b = run([header, `${ROW.replace('Ann,', 'Anne,')},M-1`], withPid).rows[0]!;
    expect(a.patient.externalId).toBe('M-1');
    expect(b.externalId).toBe(a.externalId);
  });
});

describe('importCsv: size', () => {
  it('imports 10,000 rows quickly', () => {
    const lines = [HEADER];
    for (let i = 0; i < 10_000; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const minute = String((i * 5) % 60).padStart(2, '0');
      const hour = 8 + (i % 9);
      lines.push(`A-${i},Pat${i},Testpatient,01/02/1980,(202) 555-${String(i).padStart(4, '0')},04/${day}/2026,${hour}:${minute},30,"Testdoctor, Dana",Main,Visit,Scheduled,English`);
    }
    const text = lines.join('\r\n');
    const started = performance.now();
    const result = importCsv(text, MAPPING, { timeZone: NY, now: NOW });
    const elapsed = performance.now() - started;
    expect(result.rejected).toEqual([]);
    expect(result.rows).toHaveLength(10_000);
    // Loose bound: a shared CI runner; on a developer machine this is a few hundred ms.
    expect(elapsed).toBeLessThan(5_000);
  });

  it('refuses more rows than the limit with one message', () => {
    const text = [HEADER, ...Array.from({ length: 50_001 }, (_, i) => `A-${i}`)].join('\n');
    const result = importCsv(text, MAPPING, { timeZone: NY, now: NOW });
    expect(result.error).toMatch(/more than 50,000/);
    expect(result.rows).toEqual([]);
  });
});
