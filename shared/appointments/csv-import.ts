/**
 * Owns reading a practice-management system's appointment export (CSV) into validated,
 * normalised rows: the header and a preview for the column-mapping screen, a suggested mapping
 * from common header names, what a mapping still lacks, and the import itself. Parsing is Papa
 * Parse (quotes, embedded newlines, BOM, CRLF); the delimiter — comma, semicolon or tab — is
 * detected from the first rows unless the caller passes the one `readCsvHeader` found. Pure.
 *
 * Rules a reviewer should know:
 *   - Dates are US month-first: 03/09/2026, 3/9/26, 2026-03-09, 09-Mar-2026, Mar 9, 2026. A
 *     two-digit appointment year is 20YY; a two-digit birth year is the latest year not after
 *     today. Times: 9:00 AM, 9am, 09:00, 14:30, 0930, with optional seconds. A date-and-time
 *     column may also carry an ISO offset (2026-03-09T09:00:00-05:00), which then wins over the
 *     practice's zone.
 *   - Local times are read in the practice's IANA zone with @date-fns/tz. A time that does not
 *     exist (the hour clocks spring forward, e.g. 02:30 on 2026-03-08 in America/New_York) is
 *     REJECTED rather than shifted: a reminder an hour off is worse than a row staff fix. A time
 *     that happens twice (the hour clocks fall back) is the FIRST occurrence (daylight time).
 *   - A row whose cell count differs from the header is rejected (a name with an unquoted comma
 *     shifts every column after it), except that extra trailing empty cells are ignored.
 *     Rows that are blank or only delimiters are skipped without comment.
 *   - Duplicates: the second row with the same appointment id — or, with no id column, the same
 *     patient and start — is rejected, naming the first line.
 *   - With no appointment id column each appointment gets a derived id (import-row.ts), so a
 *     moved appointment arrives on re-import as a new id and the old one is cancelled.
 *   - An appointment id column that is empty on a row rejects that row (an id that is sometimes
 *     derived would flip identity between imports).
 *   - A blank status is 'booked'. "Rescheduled" is 'cancelled': in practice-management exports
 *     it marks the slot that was moved away from; the new slot is its own row.
 *   - Nothing from a cell (names, numbers, values) appears in a reason; reasons name the field.
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import Papa from 'papaparse/papaparse.js';
import {
  EXTERNAL_ID_MAX,
  DEFAULT_DURATION_MINUTES,
  MAX_DURATION_MINUTES,
  NAME_MAX,
  checkBirthDate,
  cleanText,
  derivedAppointmentId,
  fileError,
  importLanguage,
  isRealDate,
  isoDate,
  optionalText,
  parseInstant,
  phoneNormaliser,
  splitFullName,
  type ImportResult,
  type ImportRow,
  type ImportStatus,
  type ImportWarning,
  type RejectedRow,
} from './import-row';

export type CsvDelimiter = ',' | ';' | '\t';
const DELIMITERS: CsvDelimiter[] = [',', ';', '\t'];

/** 20 million characters (about 20 MB) and 50,000 appointment rows per file. */
export const MAX_CSV_CHARS = 20_000_000;
export const MAX_CSV_ROWS = 50_000;

export const MAPPING_FIELDS = [
  'appointmentId', 'patientId', 'firstName', 'lastName', 'fullName', 'dateOfBirth', 'phone', 'date', 'time', 'dateTime',
  'durationMinutes', 'provider', 'location', 'appointmentType', 'status', 'language',
] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
/** Field → the header text of the column that holds it (as `readCsvHeader` names it). */
export type ColumnMapping = Partial<Record<MappingField, string>>;

export const FIELD_LABELS: Record<MappingField, string> = {
  appointmentId: 'appointment ID',
  patientId: 'patient ID',
  firstName: 'first name',
  lastName: 'last name',
  fullName: 'patient name',
  dateOfBirth: 'date of birth',
  phone: 'phone number',
  date: 'appointment date',
  time: 'appointment time',
  dateTime: 'appointment date and time',
  durationMinutes: 'duration',
  provider: 'provider',
  location: 'location',
  appointmentType: 'appointment type',
  status: 'status',
  language: 'language',
};

export interface CsvHeader {
  /** Column names, cleaned; a blank one is "Column N", a repeated one "Name (2)". */
  headers: string[];
  /** The first data rows, cells cleaned, for the mapping screen. */
  preview: string[][];
  delimiter: CsvDelimiter;
  error: string | null;
}

export interface MappingProblem {
  field: MappingField | null;
  message: string;
  /** True: the import cannot run. False: a note for the person mapping. */
  blocking: boolean;
}

export interface CsvImportOptions {
  /** The practice's IANA zone, e.g. 'America/New_York': local dates and times are read in it. */
  timeZone: string;
  /** Epoch ms; decides today's date for two-digit birth years and birth dates in the future. */
  now?: number;
  /** As found by `readCsvHeader`; detected again when absent. */
  delimiter?: CsvDelimiter;
  /** When there is no duration column or a cell is unreadable. */
  defaultDurationMinutes?: number;
}

// ---------------------------------------------------------------------------------------------
// Reading the file

function prepareText(input: unknown): { text: string } | { error: string } {
  if (typeof input !== 'string') return { error: 'The file could not be read as text.' };
  if (input.length > MAX_CSV_CHARS) return { error: 'The file is larger than 20 MB. Export a shorter date range and import it in parts.' };
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.includes('\u0000')) return { error: 'This is not a CSV text file (it may be an Excel workbook). Save it as CSV from the spreadsheet and import that.' };
  if (text.trim() === '') return { error: 'The file is empty.' };
  return { text };
}

function detectDelimiter(text: string): CsvDelimiter {
  const guess = Papa.parse(text, { preview: 10, delimitersToGuess: [...DELIMITERS], skipEmptyLines: 'greedy' }).meta.delimiter;
  return (DELIMITERS as string[]).includes(guess) ? (guess as CsvDelimiter) : ',';
}

function headerNames(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((cell, i) => {
    const base = cleanText(cell) || `Column ${i + 1}`;
    const count = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** Drop trailing empty cells beyond `width` (some exports end every row with a delimiter). */
function trimTrailing(cells: string[], width: number): string[] {
  let end = cells.length;
  while (end > width && (cells[end - 1] ?? '').trim() === '') end--;
  return end === cells.length ? cells : cells.slice(0, end);
}

/** The header row and the first `previewRows` data rows. */
export function readCsvHeader(input: string, previewRows = 5): CsvHeader {
  const prepared = prepareText(input);
  if ('error' in prepared) return { headers: [], preview: [], delimiter: ',', error: prepared.error };
  const delimiter = detectDelimiter(prepared.text);
  const rowsWanted = Number.isInteger(previewRows) ? Math.min(Math.max(previewRows, 0), 100) : 5;
  const parsed = Papa.parse(prepared.text, { delimiter, preview: rowsWanted + 1, skipEmptyLines: 'greedy' });
  const [first, ...rest] = parsed.data;
  if (!first) return { headers: [], preview: [], delimiter, error: 'The file is empty.' };
  const headers = headerNames(trimTrailing(first, 1));
  return { headers, preview: rest.map((row) => trimTrailing(row, headers.length).map(cleanText)), delimiter, error: null };
}

// ---------------------------------------------------------------------------------------------
// Mapping

const normHeader = (header: string) => header.toLowerCase().replace(/#/g, 'number').normalize('NFKD').replace(/[^a-z0-9]/g, '');

/** Aliases per field, best first, compared after lower-casing and dropping everything but letters and digits. */
const ALIASES: readonly [MappingField, readonly string[]][] = [
  ['appointmentId', ['apptid', 'appointmentid', 'apptnumber', 'appointmentnumber', 'apptno', 'appointmentno', 'appointmentref', 'visitid', 'encounterid', 'visitnumber', 'eventid', 'scheduleid']],
  ['patientId', ['patientid', 'mrn', 'patientmrn', 'medicalrecordnumber', 'patientnumber', 'patientno', 'chartnumber', 'chartno', 'chart', 'chartid', 'accountnumber', 'accountno', 'acctno', 'acctnumber', 'personid', 'ptid']],
  ['dateOfBirth', ['dob', 'dateofbirth', 'birthdate', 'birthday', 'patientdob', 'ptdob', 'patientdateofbirth', 'birthdt']],
  ['dateTime', ['appointmentdatetime', 'apptdatetime', 'datetime', 'startdatetime', 'appointmentstart', 'apptstart', 'scheduledstart', 'startsat', 'scheduleddatetime', 'visitdatetime']],
  ['date', ['apptdate', 'appointmentdate', 'date', 'visitdate', 'servicedate', 'dateofservice', 'dos', 'scheduleddate', 'startdate']],
  ['time', ['starttime', 'appttime', 'appointmenttime', 'time', 'visittime', 'scheduledtime', 'start', 'apptstarttime']],
  ['firstName', ['patientfirstname', 'firstname', 'first', 'givenname', 'fname', 'patientfirst', 'ptfirstname', 'ptfirst', 'patientgivenname']],
  ['lastName', ['patientlastname', 'lastname', 'last', 'familyname', 'surname', 'lname', 'patientlast', 'ptlastname', 'ptlast', 'patientfamilyname']],
  ['fullName', ['patientname', 'patient', 'name', 'fullname', 'patientfullname', 'ptname', 'patientnamelastfirst']],
  ['phone', [
    'cell', 'cellphone', 'mobile', 'mobilephone', 'mobilenumber', 'cellnumber', 'cellphonenumber', 'patientcell', 'patientcellphone', 'patientmobile',
    'patientmobilephone', 'textnumber', 'smsnumber', 'textphone', 'phone', 'phonenumber', 'patientphone', 'primaryphone', 'homephone', 'contactnumber',
    'contactphone', 'telephone', 'tel',
  ]],
  ['durationMinutes', ['duration', 'length', 'durationminutes', 'durationmin', 'durationmins', 'apptlength', 'appointmentlength', 'lengthminutes', 'lengthmin', 'minutes', 'mins', 'slotlength', 'apptduration', 'appointmentduration']],
  ['provider', ['provider', 'resource', 'providername', 'doctor', 'physician', 'renderingprovider', 'attendingprovider', 'clinician', 'practitioner', 'seenby', 'resourcename', 'apptprovider', 'appointmentprovider']],
  ['location', ['location', 'facility', 'office', 'site', 'clinic', 'department', 'locationname', 'placeofservice', 'servicelocation', 'facilityname', 'apptlocation']],
  ['appointmentType', ['appttype', 'appointmenttype', 'visittype', 'type', 'servicetype', 'eventtype', 'apptkind', 'visitkind']],
  ['status', ['status', 'apptstatus', 'appointmentstatus', 'visitstatus', 'state']],
  ['language', ['language', 'preferredlanguage', 'lang', 'primarylanguage', 'patientlanguage', 'languagepreference']],
];

/**
 * A mapping guessed from header names. Each column is used once; a first+last pair wins over a
 * full-name column, date+time over a date-and-time column. With `preview` rows, a "date" column
 * whose cells also hold a time (and no time column) becomes the date-and-time column.
 */
export function suggestMapping(headers: readonly string[], preview: readonly (readonly string[])[] = []): ColumnMapping {
  const normalised = headers.map(normHeader);
  const used = new Set<number>();
  const mapping: ColumnMapping = {};
  for (const [field, aliases] of ALIASES) {
    for (const alias of aliases) {
      const index = normalised.findIndex((h, i) => h === alias && !used.has(i));
      if (index >= 0) {
        used.add(index);
        mapping[field] = headers[index];
        break;
      }
    }
  }
  if (mapping.firstName && mapping.lastName) delete mapping.fullName;
  if (mapping.date && mapping.time) delete mapping.dateTime;
  if (mapping.dateTime) {
    delete mapping.date;
    delete mapping.time;
  }
  if (mapping.date && !mapping.time && !mapping.dateTime && preview.length > 0) {
    const column = headers.indexOf(mapping.date);
    const cells = preview.map((row) => row[column] ?? '').filter((cell) => cell.trim() !== '');
    if (cells.length > 0 && cells.every((cell) => typeof parseDateTime(cell) === 'object' && !parseDateOnly(cell))) {
      mapping.dateTime = mapping.date;
      delete mapping.date;
    }
  }
  return mapping;
}

/** What stops an import with this mapping (blocking), and notes worth reading (not blocking). */
export function mappingProblems(mapping: ColumnMapping, headers?: readonly string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const block = (field: MappingField | null, message: string) => problems.push({ field, message, blocking: true });
  const has = (field: MappingField) => typeof mapping[field] === 'string' && mapping[field] !== '';

  if (has('dateTime') && (has('date') || has('time'))) block('dateTime', 'Choose either one column with the appointment date and time, or separate date and time columns — not both.');
  else if (!has('dateTime')) {
    if (!has('date') && !has('time')) block('date', 'Choose the column with the appointment date and the one with its time (or one column that holds both).');
    else if (!has('date')) block('date', 'Choose the column with the appointment date.');
    else if (!has('time')) block('time', 'Choose the column with the appointment time, or choose one column that holds both date and time.');
  }

  if ((has('firstName') || has('lastName')) && has('fullName')) block('fullName', 'Choose first- and last-name columns, or one patient-name column — not both.');
  else if (!has('fullName')) {
    if (!has('firstName') && !has('lastName')) block('lastName', 'Choose the patient name columns: first and last name, or one column with the full name.');
    else if (!has('firstName')) block('firstName', 'Choose the column with the patient’s first name.');
    else if (!has('lastName')) block('lastName', 'Choose the column with the patient’s last name.');
  }

  const byColumn = new Map<string, MappingField>();
  for (const field of MAPPING_FIELDS) {
    const column = mapping[field];
    if (!column) continue;
    if (headers && !headers.includes(column)) block(field, `The column “${column}” chosen for ${FIELD_LABELS[field]} is not in this file.`);
    const other = byColumn.get(column);
    if (other) block(field, `The column “${column}” is chosen for both ${FIELD_LABELS[other]} and ${FIELD_LABELS[field]}.`);
    else byColumn.set(column, field);
  }

  if (!has('appointmentId')) {
    problems.push({
      field: 'appointmentId',
      blocking: false,
      message: 'There is no appointment ID column: each appointment is recognised by its patient and start time, so on the next import a moved appointment shows as one cancelled and one new.',
    });
  }
  if (!has('phone')) problems.push({ field: 'phone', blocking: false, message: 'There is no phone column: appointments import, but no reminder can be texted until numbers are added.' });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Dates and times

interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** True when the year was written with two digits. */
  shortYear: boolean;
}
type DateParse = LocalDate | 'bad' | 'impossible';

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6, jul: 7, july: 7,
  aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const ISO_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const US_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const DAY_MON_YEAR = /^(\d{1,2})[-\s]([a-z]{3,9})\.?[-\s,]+(\d{4}|\d{2})$/i;
const MON_DAY_YEAR = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
/** Excel writes a date cell as "3/9/2026 0:00" (or 12:00:00 AM): midnight after a date is not a time. */
const MIDNIGHT_SUFFIX = /\s+(?:0?0:00(?::00)?(?:\s*a\.?m\.?)?|12:00(?::00)?\s*a\.?m\.?)$/i;

function parseDateOnly(input: string): DateParse | null {
  const text = input.trim().replace(MIDNIGHT_SUFFIX, '');
  let y: string | undefined, m: string | number | undefined, d: string | undefined;
  let match = ISO_DATE.exec(text);
  if (match) [, y, m, d] = match;
  else if ((match = US_DATE.exec(text))) [, m, d, y] = match;
  else if ((match = DAY_MON_YEAR.exec(text))) {
    [, d, , y] = match;
    m = MONTHS[(match[2] ?? '').toLowerCase()];
    if (m === undefined) return 'bad';
  } else if ((match = MON_DAY_YEAR.exec(text))) {
    [, , d, y] = match;
    m = MONTHS[(match[1] ?? '').toLowerCase()];
    if (m === undefined) return 'bad';
  } else return null;
  const year = Number(y);
  const date = { year: y?.length === 2 ? 2000 + year : year, month: Number(m), day: Number(d), shortYear: y?.length === 2 };
  return isRealDate(date.year, date.month, date.day) ? date : 'impossible';
}

interface LocalTime {
  hour: number;
  minute: number;
  second: number;
}

const TIME_12 = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*(?:m\.?)?$/i;
const TIME_24 = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const TIME_MILITARY = /^(\d{1,2})(\d{2})$/;

function parseTime(input: string): LocalTime | null {
  const text = input.trim();
  let match = TIME_12.exec(text);
  if (match) {
    const h = Number(match[1]);
    const minute = Number(match[2] ?? 0);
    const second = Number(match[3] ?? 0);
    if (h < 1 || h > 12 || minute > 59 || second > 59) return null;
    const pm = (match[4] ?? '').toLowerCase() === 'p';
    return { hour: (h % 12) + (pm ? 12 : 0), minute, second };
  }
  match = TIME_24.exec(text) ?? TIME_MILITARY.exec(text);
  if (match) {
    const hour = Number(match[1]);
    const minute = Number(match[2]);
    const second = Number(match[3] ?? 0);
    if (hour > 23 || minute > 59 || second > 59) return null;
    return { hour, minute, second };
  }
  return null;
}

const TRAILING_TIME = /^(.*?)(?:\s+|T)(\d{1,2}(?::\d{2}){0,2}(?:\.\d{1,3})?(?:\s*[AaPp]\.?\s*[Mm]?\.?)?)$/;

type DateTimeParse = { instant: number } | { date: LocalDate; time: LocalTime } | 'bad-date' | 'impossible-date' | 'bad-time';

function parseDateTime(input: string): DateTimeParse {
  const text = input.trim();
  const instant = parseInstant(text);
  if (instant === 'impossible') return 'impossible-date';
  if (typeof instant === 'number') return { instant };
  const split = TRAILING_TIME.exec(text);
  if (!split) return parseDateOnly(text) === null ? 'bad-date' : 'bad-time';
  const date = parseDateOnly(split[1] ?? '');
  if (date === null || date === 'bad') return 'bad-date';
  if (date === 'impossible') return 'impossible-date';
  const time = parseTime(split[2] ?? '');
  return time ? { date, time } : 'bad-time';
}

/** A time cell that also carries a date (Excel writes "12/30/1899 9:00 AM" for a time): the time part. */
function timeAfterDate(input: string): LocalTime | null {
  const split = TRAILING_TIME.exec(input.trim());
  return split && typeof parseDateOnly(split[1] ?? '') === 'object' ? parseTime(split[2] ?? '') : null;
}

type ZoneAnswer = number | 'nonexistent';

/**
 * Local wall-clock time in `zone` → epoch ms. Missing (spring-forward) → 'nonexistent'; twice
 * (fall-back) → the earlier instant. Answers are remembered per import: slots repeat.
 */
function zonedClock(zone: string, cache: Map<string, ZoneAnswer>) {
  return (date: LocalDate, time: LocalTime): ZoneAnswer => {
    const key = `${date.year}-${date.month}-${date.day} ${time.hour}:${time.minute}:${time.second}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const same = (d: TZDate) =>
      d.getFullYear() === date.year && d.getMonth() === date.month - 1 && d.getDate() === date.day && d.getHours() === time.hour && d.getMinutes() === time.minute;
    let answer: ZoneAnswer;
    const at = new TZDate(date.year, date.month - 1, date.day, time.hour, time.minute, time.second, 0, zone).getTime();
    if (!same(new TZDate(at, zone))) answer = 'nonexistent';
    else {
      answer = at;
      // Fall-back hour: the same wall clock an offset-difference earlier is the first occurrence.
      const before = tzOffset(zone, new Date(at - 6 * 3_600_000));
      const here = tzOffset(zone, new Date(at));
      if (before > here) {
        const earlier = at - (before - here) * 60_000;
        if (same(new TZDate(earlier, zone))) answer = earlier;
      }
    }
    cache.set(key, answer);
    return answer;
  };
}

export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || (!zone.includes('/') && zone !== 'UTC')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Other cells

const STATUS_WORDS: Record<string, ImportStatus> = {
  booked: 'booked', scheduled: 'booked', sched: 'booked', pending: 'booked', proposed: 'booked', new: 'booked', tentative: 'booked', open: 'booked',
  unconfirmed: 'booked', notconfirmed: 'booked', reminded: 'booked', leftmessage: 'booked', active: 'booked',
  confirmed: 'confirmed', conf: 'confirmed', cnf: 'confirmed', patientconfirmed: 'confirmed', confirmedbypatient: 'confirmed',
  cancelled: 'cancelled', canceled: 'cancelled', cancel: 'cancelled', cancelledbypatient: 'cancelled', canceledbypatient: 'cancelled',
  cancelledbyprovider: 'cancelled', canceledbyprovider: 'cancelled', cancelledbyoffice: 'cancelled', canceledbyoffice: 'cancelled',
  cancelledbypractice: 'cancelled', canceledbypractice: 'cancelled', cx: 'cancelled', cxl: 'cancelled', cxld: 'cancelled', deleted: 'cancelled',
  bumped: 'cancelled', rescheduled: 'cancelled', resched: 'cancelled', moved: 'cancelled',
  noshow: 'no-show', ns: 'no-show', dna: 'no-show', didnotattend: 'no-show', didnotshow: 'no-show', missed: 'no-show', failed: 'no-show',
  completed: 'completed', complete: 'completed', checkedin: 'completed', checkedout: 'completed', checkin: 'completed', checkout: 'completed',
  arrived: 'completed', seen: 'completed', fulfilled: 'completed', roomed: 'completed', inroom: 'completed', withprovider: 'completed',
  inprogress: 'completed', done: 'completed', charged: 'completed', billed: 'completed',
};

function parseStatus(raw: string | undefined): ImportStatus | null {
  const key = (raw ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (key === '') return 'booked';
  return STATUS_WORDS[key] ?? null;
}

/** Minutes from "30", "30 min", "1h", "1.5 hours", "1:30", "1h 30m"; undefined blank, null unreadable. */
function parseDuration(raw: string | undefined): number | null | undefined {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '') return undefined;
  let minutes: number | null = null;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,4})(?:\.0+)?\s*(?:m|min|mins|minute|minutes)?\.?$/.exec(text))) minutes = Number(match[1]);
  else if ((match = /^(\d{1,2}(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)\.?$/.exec(text))) minutes = Math.round(Number(match[1]) * 60);
  else if ((match = /^(\d{1,2}):([0-5]\d)(?::00)?$/.exec(text))) minutes = Number(match[1]) * 60 + Number(match[2]);
  else if ((match = /^(\d{1,2})\s*(?:h|hr|hrs|hours?)\s*(\d{1,2})\s*(?:m|min|mins|minutes?)?$/.exec(text))) minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes !== null && minutes >= 1 && minutes <= MAX_DURATION_MINUTES ? minutes : null;
}

// ---------------------------------------------------------------------------------------------
// The import

const DATE_FORMATS = 'use MM/DD/YYYY, YYYY-MM-DD or DD-Mon-YYYY';
const TIME_FORMATS = 'use 9:00 AM, 9am or 14:30';

/** Rows → validated, normalised appointments, with a reason for each row left out. */
export function importCsv(input: string, mapping: ColumnMapping, options: CsvImportOptions): ImportResult {
  const prepared = prepareText(input);
  if ('error' in prepared) return fileError(prepared.error);
  const { text } = prepared;
  if (!isValidTimeZone(options.timeZone)) return fileError('The practice’s time zone is not set or not recognised. Set it in Settings, then import again.');
  const zone = options.timeZone;
  const delimiter = options.delimiter && DELIMITERS.includes(options.delimiter) ? options.delimiter : detectDelimiter(text);
  const wanted = options.defaultDurationMinutes;
  const defaultDuration = Number.isInteger(wanted) && (wanted as number) >= 1 && (wanted as number) <= MAX_DURATION_MINUTES ? (wanted as number) : DEFAULT_DURATION_MINUTES;
  const nowLocal = new TZDate(Number.isFinite(options.now) ? (options.now as number) : Date.now(), zone);
  const today = isoDate(nowLocal.getFullYear(), nowLocal.getMonth() + 1, nowLocal.getDate());
  const thisYear = nowLocal.getFullYear();

  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const warnings: ImportWarning[] = [];
  const firstLineOf = new Map<string, number>();
  const phoneOf = phoneNormaliser();
  const clock = zonedClock(zone, new Map());

  // Written by the row callback; an object so the checks after parsing see the writes.
  const state: { headers: string[] | null; index: Partial<Record<MappingField, number>>; fatal: string | null; dataRows: number } = {
    headers: null,
    index: {},
    fatal: null,
    dataRows: 0,
  };

  // Line numbers: count line breaks up to each row's end cursor, minus those inside its cells.
  let scanned = 0;
  let breaks = 0;
  const countBreaks = (s: string, from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
    }
    return n;
  };

  const handleRow = (cells: string[], line: number, quoteError: boolean): void => {
    if (state.headers === null) {
      const headers = headerNames(trimTrailing(cells, 1));
      state.headers = headers;
      const problems = mappingProblems(mapping, headers).filter((p) => p.blocking);
      if (problems.length > 0) {
        state.fatal = problems.map((p) => p.message).join(' ');
        return;
      }
      const found: Partial<Record<MappingField, number>> = {};
      for (const field of MAPPING_FIELDS) {
        const column = mapping[field];
        if (column) found[field] = headers.indexOf(column);
      }
      state.index = found;
      return;
    }
    const index = state.index;
    const reject = (reason: string): void => void rejected.push({ line, reason });
    const warn = (reason: string): void => void warnings.push({ line, reason });
    if (quoteError) return reject('A quoted value on this line is never closed, so this line and the rest of the file could not be read. Check for a stray quote mark.');
    const width = state.headers.length;
    const row = trimTrailing(cells, width);
    if (row.length !== width) {
      return reject(`This line has ${row.length} columns but the header has ${width}. A value containing a comma or semicolon may need quotes.`);
    }
    const cell = (field: MappingField): string | undefined => {
      const i = index[field];
      return i === undefined ? undefined : (row[i] ?? '');
    };

    // Patient name.
    let givenName: string;
    let familyName: string;
    if (index.fullName !== undefined) ({ givenName, familyName } = splitFullName(cell('fullName') ?? ''));
    else {
      givenName = cleanText(cell('firstName') ?? '');
      familyName = cleanText(cell('lastName') ?? '');
    }
    if (!givenName && !familyName) return reject('The patient name is missing.');
    if (!givenName) return reject('The patient’s first name is missing.');
    if (!familyName) return reject('The patient’s last name is missing.');
    if (givenName.length > NAME_MAX || familyName.length > NAME_MAX) return reject(`The patient name is longer than ${NAME_MAX} characters.`);

    // Start.
    let startsAt: number;
    let parsed: DateTimeParse;
    if (index.dateTime !== undefined) {
      const raw = cell('dateTime') ?? '';
      if (!raw.trim()) return reject('The appointment date and time are missing.');
      parsed = parseDateTime(raw);
    } else {
      const rawDate = cell('date') ?? '';
      const rawTime = cell('time') ?? '';
      if (!rawDate.trim()) return reject('The appointment date is missing.');
      if (!rawTime.trim()) return reject('The appointment time is missing.');
      const date = parseDateOnly(rawDate);
      const time = parseTime(rawTime) ?? timeAfterDate(rawTime);
      if (date === null || date === 'bad') parsed = 'bad-date';
      else if (date === 'impossible') parsed = 'impossible-date';
      else parsed = time ? { date, time } : 'bad-time';
    }
    if (parsed === 'bad-date') return reject(`The appointment date is not a date CareRelay can read (${DATE_FORMATS}).`);
    if (parsed === 'impossible-date') return reject('The appointment date does not exist on the calendar (for example 02/30). Check the date.');
    if (parsed === 'bad-time') return reject(`The appointment time is not a time CareRelay can read (${TIME_FORMATS}).`);
    if ('instant' in parsed) startsAt = parsed.instant;
    else {
      const answer = clock(parsed.date, parsed.time);
      if (answer === 'nonexistent') {
        return reject(`The appointment time does not exist in ${zone} on that day: clocks spring forward an hour for daylight saving time. Check the time in the practice system.`);
      }
      startsAt = answer;
    }

    // Status.
    const status = parseStatus(cell('status'));
    if (status === null) return reject('The status is not one CareRelay recognises (Scheduled, Confirmed, Cancelled, No Show, Checked In or Completed).');

    // Appointment and patient ids.
    let appointmentId: string | undefined;
    if (index.appointmentId !== undefined) {
      appointmentId = cleanText(cell('appointmentId') ?? '');
      if (!appointmentId) return reject('The appointment ID is missing.');
      if (appointmentId.length > EXTERNAL_ID_MAX) return reject(`The appointment ID is longer than ${EXTERNAL_ID_MAX} characters.`);
    }
    let patientId: string | undefined = cleanText(cell('patientId') ?? '') || undefined;
    if (patientId && patientId.length > EXTERNAL_ID_MAX) {
      warn(`The patient ID is longer than ${EXTERNAL_ID_MAX} characters and was left out.`);
      patientId = undefined;
    }

    // Date of birth: optional; unreadable → left out with a warning.
    let dateOfBirth: string | undefined;
    const rawDob = cleanText(cell('dateOfBirth') ?? '');
    if (rawDob) {
      const dob = parseDateOnly(rawDob);
      if (typeof dob === 'object' && dob !== null) {
        const year = dob.shortYear ? (dob.year <= thisYear ? dob.year : dob.year - 100) : dob.year;
        dateOfBirth = checkBirthDate(year, dob.month, dob.day, today) ?? undefined;
      }
      if (!dateOfBirth) warn('The date of birth is not a real past date and was left out.');
    }

    const duplicateKey = appointmentId ?? derivedAppointmentId('csv', { externalId: patientId, givenName, familyName, dateOfBirth }, startsAt);
    const firstLine = firstLineOf.get(duplicateKey);
    if (firstLine !== undefined) {
      return reject(appointmentId ? `Duplicate of line ${firstLine}: the same appointment ID appears twice.` : `Duplicate of line ${firstLine}: the same patient at the same start time.`);
    }
    firstLineOf.set(duplicateKey, line);

    const phone = phoneOf(cell('phone'));
    if (phone.warning) warn(phone.warning);

    let durationMinutes = defaultDuration;
    const duration = parseDuration(cell('durationMinutes'));
    if (typeof duration === 'number') durationMinutes = duration;
    else if (duration === null) warn(`The duration is not a number of minutes between 1 and ${MAX_DURATION_MINUTES}; ${defaultDuration} minutes was used.`);

    const language = importLanguage(cell('language'));
    if (language === 'other') warn('The preferred language is not English or Spanish; reminders will be in English.');

    const importRow: ImportRow = {
      externalId: duplicateKey,
      patient: { givenName, familyName, phone: phone.phone },
      startsAt,
      durationMinutes,
      status,
    };
    if (patientId) importRow.patient.externalId = patientId;
    if (dateOfBirth) importRow.patient.dateOfBirth = dateOfBirth;
    if (language === 'en' || language === 'es') importRow.patient.preferredLanguage = language;
    for (const field of ['provider', 'location', 'appointmentType'] as const) {
      const { value, truncated } = optionalText(cell(field));
      if (value) importRow[field] = value;
      if (truncated) warn(`The ${FIELD_LABELS[field]} is longer than 200 characters and was shortened.`);
    }
    rows.push(importRow);
  };

  Papa.parse(text, {
    delimiter,
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      if (state.fatal) return parser.abort();
      const end = result.meta.cursor;
      breaks += countBreaks(text, scanned, end);
      scanned = end;
      const last = text.charCodeAt(end - 1);
      const lastLine = last === 10 || last === 13 ? breaks : breaks + 1;
      let inside = 0;
      for (const value of result.data) if (value.includes('\n') || value.includes('\r')) inside += countBreaks(value, 0, value.length);
      if (state.headers !== null && ++state.dataRows > MAX_CSV_ROWS) {
        state.fatal = `The file has more than ${MAX_CSV_ROWS.toLocaleString('en-US')} appointments. Export a shorter date range and import it in parts.`;
        return parser.abort();
      }
      handleRow(result.data, lastLine - inside, result.errors.some((e) => e.type === 'Quotes'));
    },
  });

  if (state.fatal) return fileError(state.fatal);
  if (state.headers === null) return fileError('The file is empty.');
  if (rows.length === 0 && rejected.length === 0) return { rows, rejected, warnings, error: 'The file has a header row but no appointments.' };
  return { rows, rejected, warnings, error: null };
}
