/**
 * Owns the normalised appointment row both importers produce (practice-management CSV and FHIR
 * R4 bundles), the result shape (rows, rejected lines, warnings, or one file-level error), and
 * the rules they share: cleaning a text cell, the texting number (E.164 through the same check
 * the patient form uses), the patient's language, calendar-date and date-of-birth checks, and
 * the deterministic id of an appointment whose source has none. Pure.
 *
 * Choices:
 *   - A phone number that is missing or not a usable US number does NOT reject the appointment:
 *     the row keeps `patient.phone = null` and a warning says no reminder can be texted (the
 *     reminder planner skips a null number). Toll-free, premium and 5XX numbers are kept, with
 *     a warning, as the patient form does.
 *   - An unreadable date of birth, duration or language is a warning too: the field is left out
 *     (or the default duration used) and the appointment still imports.
 *   - Reasons and warnings are for the person at the desk and never quote a cell: no names,
 *     numbers or other values from the file, only line numbers and column names.
 *   - A derived id is FNV-1a 64-bit over the UTF-16 code units of a key made of patient id (or
 *     normalised name + date of birth) and the start instant. It is derived from PHI, so it is
 *     stored like any external id (encrypted, `APPOINTMENT_PHI`), never shown or logged.
 */
import { checkTextingNumber } from '../phone/texting-number';
import { normaliseUsPhone } from '../phone/us-phone';

export type ImportStatus = 'booked' | 'confirmed' | 'cancelled' | 'no-show' | 'completed';

export interface ImportPatient {
  /** The source system's patient id (MRN, FHIR Patient.id). */
  externalId?: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  /** E.164, or null when the source had no usable US number (reminders skip it). */
  phone: string | null;
  preferredLanguage?: 'en' | 'es';
}

export interface ImportRow {
  /** The source system's appointment id, or a derived one (`csv-…`, `fhir-…`) when it has none. */
  externalId: string;
  patient: ImportPatient;
  /** Epoch ms. */
  startsAt: number;
  durationMinutes: number;
  status: ImportStatus;
  provider?: string;
  location?: string;
  appointmentType?: string;
}

/** A line (CSV: 1-based source line; FHIR: 1-based bundle entry index) that was not imported. */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** A line that was imported with something missing or left out (same numbering as RejectedRow). */
export interface ImportWarning {
  line: number;
  reason: string;
}

export interface ImportResult {
  rows: ImportRow[];
  rejected: RejectedRow[];
  warnings: ImportWarning[];
  /** The whole file could not be read (not a CSV/Bundle, too large, bad time zone): no rows. */
  error: string | null;
}

export const NAME_MAX = 120;
export const EXTERNAL_ID_MAX = 128;
export const TEXT_FIELD_MAX = 200;
export const MAX_DURATION_MINUTES = 1440;
export const DEFAULT_DURATION_MINUTES = 15;

export const fileError = (message: string): ImportResult => ({ rows: [], rejected: [], warnings: [], error: message });

// Control characters (C0, DEL, C1), zero-width spaces and BOMs become spaces, then whitespace collapses.
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u001f\u007f-\u009f\u200b\ufeff]/g;

/** A cell as stored: controls and zero-width characters out, whitespace collapsed, trimmed. */
export function cleanText(text: string): string {
  // Most cells need only a trim: skip the replacements (and their garbage) when nothing matches.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f\u200b\ufeff]|\s\s/.test(text)) return text.trim();
  return text.replace(UNWANTED, ' ').replace(/\s+/g, ' ').trim();
}

/** An optional text field, cleaned and cut to `max` characters; undefined when blank. */
export function optionalText(text: string | undefined, max = TEXT_FIELD_MAX): { value?: string; truncated: boolean } {
  if (text === undefined) return { truncated: false };
  const clean = cleanText(text);
  if (!clean) return { truncated: false };
  return clean.length > max ? { value: clean.slice(0, max).trimEnd(), truncated: true } : { value: clean, truncated: false };
}

export interface PhoneOutcome {
  phone: string | null;
  warning: string | null;
}

/**
 * The texting number of an imported patient, through `checkTextingNumber` (the patient form's
 * rule), remembered per raw text: a practice's export repeats the same patients many times.
 */
export function phoneNormaliser(): (raw: string | undefined) => PhoneOutcome {
  const cache = new Map<string, PhoneOutcome>();
  return (raw) => {
    const text = raw === undefined ? '' : cleanText(raw);
    // The same number written two ways ("(202) 555-0101", "202.555.0101") is checked once.
    const key = normaliseUsPhone(text) ?? text;
    const known = cache.get(key);
    if (known) return known;
    const check = checkTextingNumber(text);
    let outcome: PhoneOutcome;
    if (check.e164) {
      const warning = check.warning
        ? {
            LANDLINE: 'The phone number is recorded as a landline, so a text will not arrive.',
            TOLL_FREE: 'The phone number is toll-free and probably cannot receive texts. Check it with the patient.',
            PREMIUM: 'The phone number is a premium-rate number, not a patient’s mobile. Check it with the patient.',
            PERSONAL: 'The phone number is a personal-service (5XX) number that may not receive texts. Check it with the patient.',
          }[check.warning.code]
        : null;
      outcome = { phone: check.e164, warning };
    } else if (check.problem?.code === 'EMPTY') {
      outcome = { phone: null, warning: 'No phone number: the appointment is imported, but no reminder can be texted until a number is added.' };
    } else if (check.problem?.code === 'NOT_US') {
      outcome = { phone: null, warning: 'The phone number is not a US number (CareRelay texts US numbers only): the appointment is imported without a texting number.' };
    } else {
      outcome = { phone: null, warning: 'The phone number is not a valid US number: the appointment is imported, but no reminder can be texted until it is corrected.' };
    }
    if (cache.size < 100_000) cache.set(key, outcome);
    return outcome;
  };
}

/** 'en', 'es', undefined for blank, or 'other' for a language CareRelay does not text in. */
export function importLanguage(raw: string | undefined): 'en' | 'es' | 'other' | undefined {
  if (raw === undefined) return undefined;
  const text = cleanText(raw).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (!text) return undefined;
  if (/^(en|eng|english|en[-_][a-z]{2})$/.test(text)) return 'en';
  if (/^(es|spa|sp|spanish|espanol|castellano|es[-_][a-z0-9]{2,3})$/.test(text)) return 'es';
  return 'other';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const isoDate = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A date of birth: a real date, not after `today` (YYYY-MM-DD), at most 130 years ago — as the patient form checks. */
export function checkBirthDate(year: number, month: number, day: number, today: string): string | null {
  if (!isRealDate(year, month, day)) return null;
  const iso = isoDate(year, month, day);
  if (iso > today || year < Number(today.slice(0, 4)) - 130) return null;
  return iso;
}

/** FNV-1a, 64-bit, over UTF-16 code units; 16 hex digits. Not cryptographic: an identity, not a secret. */
export function fnv1a64(text: string): string {
  // 64-bit state as two 32-bit halves. Prime 2^40 + 0x1b3: h * p = h * 0x1b3 + (h << 40).
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    const loProduct = lo * 0x1b3;
    const carry = Math.floor(loProduct / 0x1_0000_0000);
    const newLo = loProduct >>> 0;
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = newLo;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

const nameKey = (name: string) => cleanText(name).normalize('NFC').toLowerCase();

/**
 * The id of an appointment whose source gives none: the patient (their id in the source, else
 * name and date of birth, case- and spacing-insensitive) and the start instant. The same
 * appointment in next month's export gets the same id; a moved one gets a new id.
 */
export function derivedAppointmentId(
  prefix: 'csv' | 'fhir',
  patient: { externalId?: string; givenName: string; familyName: string; dateOfBirth?: string },
  startsAt: number,
): string {
  const who = patient.externalId
    ? `id\u0000${patient.externalId}`
    : `name\u0000${nameKey(patient.familyName)}\u0000${nameKey(patient.givenName)}\u0000${patient.dateOfBirth ?? ''}`;
  return `${prefix}-${fnv1a64(`${who}\u0000${startsAt}`)}`;
}

const NAME_SUFFIX = /^(jr|sr|ii|iii|iv|v)\.?$/i;

/** "Last, First Middle" or "First Middle Last" (a trailing Jr/Sr/II… stays with the last name). */
export function splitFullName(raw: string): { givenName: string; familyName: string } {
  const text = cleanText(raw);
  const comma = text.indexOf(',');
  if (comma >= 0) return { familyName: cleanText(text.slice(0, comma)), givenName: cleanText(text.slice(comma + 1)) };
  const words = text.split(' ').filter(Boolean);
  if (words.length < 2) return { givenName: words[0] ?? '', familyName: '' };
  let familyWords = 1;
  if (words.length >= 3 && NAME_SUFFIX.test(words[words.length - 1] ?? '')) familyWords = 2;
  return { givenName: words.slice(0, -familyWords).join(' '), familyName: words.slice(-familyWords).join(' ') };
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An ISO 8601 date-time WITH an offset or Z (a FHIR instant, or a CSV cell that carries one) →
 * epoch ms; 'impossible' for 2026-02-30T… or 25:00; null when the text is not of that shape.
 */
export function parseInstant(text: string): number | 'impossible' | null {
  const match = ISO_INSTANT.exec(text.trim());
  if (!match) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(match[i])) as [number, number, number, number, number];
  const s = match[6] === undefined ? 0 : Number(match[6]);
  const offset = (match[7] ?? 'Z').toUpperCase().replace(':', '');
  const offsetHours = Number(offset.slice(1, 3));
  const offsetMinutes = Number(offset.slice(3, 5));
  if (!isRealDate(y, mo, d) || h > 23 || mi > 59 || s > 59 || offsetHours > 14 || offsetMinutes > 59) return 'impossible';
  const shift = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return Date.UTC(y, mo - 1, d, h, mi, s) - shift * 60_000;
}
