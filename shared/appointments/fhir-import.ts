/**
 * Owns reading a FHIR R4 Bundle (what Epic, Cerner and athenahealth expose: a searchset with
 * `_include`d patients, or a transaction/collection) into validated, normalised appointment
 * rows. Each Appointment entry is one row; its patient is the participant whose actor
 * references a Patient in the same bundle ("Patient/123", an absolute URL ending in it, a
 * "urn:uuid:…" fullUrl, or "#id" for a contained resource). Pure; never throws: the input is
 * untrusted, so every field is type-checked and anything unexpected rejects that entry.
 *
 * Rules a reviewer should know:
 *   - Line numbers are 1-based bundle entry indexes; line 0 is a note about the whole bundle.
 *   - Status: proposed/pending/booked → booked; arrived/checked-in/fulfilled → completed;
 *     cancelled → cancelled; noshow → no-show. entered-in-error, waitlist, a missing or unknown
 *     status reject the entry. (R4 has no "confirmed"; that comes from the patient's reply.)
 *   - start must be an instant with an offset (as R4 requires); no offset rejects the entry.
 *     Duration: minutesDuration, else end − start, else 15 minutes with a warning.
 *   - Patient: name use official, then usual, then unlabelled, then any other but old; the
 *     texting number is the first usable US number among telecom phone/sms entries, mobile (or
 *     sms) first, then unlabelled, home, work, temp (old ignored), by rank within each. No usable
 *     number → phone null with a warning, as in import-row.ts. Language from communication
 *     (preferred first): es* / Spanish → 'es', en* → 'en'.
 *   - Provider: the first Practitioner participant's name (or the reference's display);
 *     location the same for a Location participant. Type: serviceType, else appointmentType
 *     (text, else the first coding's display). Appointment.description and reasonCode are not
 *     read: they are clinical detail a reminder must never carry.
 *   - Id: Appointment.id; else its first identifier (system|value); else derived as for CSV.
 *   - A bundle with a "next" link is one page of a search: a line-0 warning says so (a
 *     re-import must not cancel what is on later pages).
 *   - Limits: 20 MB of JSON text, 20,000 entries; beyond either the whole import is refused.
 */
import {
  DEFAULT_DURATION_MINUTES,
  EXTERNAL_ID_MAX,
  MAX_DURATION_MINUTES,
  NAME_MAX,
  checkBirthDate,
  cleanText,
  derivedAppointmentId,
  fileError,
  importLanguage,
  optionalText,
  parseInstant,
  phoneNormaliser,
  splitFullName,
  type ImportPatient,
  type ImportResult,
  type ImportRow,
  type ImportStatus,
  type ImportWarning,
  type PhoneOutcome,
  type RejectedRow,
} from './import-row';

export const MAX_FHIR_CHARS = 20_000_000;
export const MAX_FHIR_ENTRIES = 20_000;
/** Per-resource caps on arrays we walk (participants, names, telecoms…): hostile input cannot make us loop for long. */
const MAX_ITEMS = 100;

export interface FhirImportOptions {
  /** Epoch ms; decides "today" for dates of birth in the future. */
  now?: number;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value.slice(0, MAX_ITEMS) : []);
const objects = (value: unknown): JsonObject[] => list(value).filter(isObject);
const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === 'string');

const STATUSES: Record<string, ImportStatus | { reject: string }> = {
  proposed: 'booked',
  pending: 'booked',
  booked: 'booked',
  arrived: 'completed',
  'checked-in': 'completed',
  fulfilled: 'completed',
  cancelled: 'cancelled',
  noshow: 'no-show',
  'entered-in-error': { reject: 'The appointment is marked “entered in error” in the source system.' },
  waitlist: { reject: 'The appointment is on the wait list, not booked.' },
};

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPED_REFERENCE = /(?:^|\/)(Patient|Practitioner|PractitionerRole|Location)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]*)?$/;

/** A FHIR R4 Bundle (JSON text or already parsed) → rows, rejected entries, warnings. */
export function importFhirBundle(json: string | unknown, options: FhirImportOptions = {}): ImportResult {
  try {
    return readBundle(json, options);
  } catch {
    // Only reachable through hostile objects (throwing getters, proxies); JSON.parse output cannot throw here.
    return fileError('The bundle could not be read.');
  }
}

function readBundle(json: unknown, options: FhirImportOptions): ImportResult {
  let bundle: unknown = json;
  if (typeof json === 'string') {
    if (json.length > MAX_FHIR_CHARS) return fileError('The file is larger than 20 MB. Export a shorter date range and import it in parts.');
    try {
      bundle = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
    } catch {
      return fileError('This is not a FHIR file: it is not valid JSON.');
    }
  }
  if (!isObject(bundle)) return fileError('This is not a FHIR Bundle.');
  if (bundle.resourceType === 'OperationOutcome') return fileError('The server sent an error message (an OperationOutcome) instead of appointments.');
  if (bundle.resourceType !== 'Bundle') {
    return fileError(typeof bundle.resourceType === 'string' && bundle.resourceType.length <= 64
      ? `This is a single FHIR ${bundle.resourceType}, not a Bundle of appointments.`
      : 'This is not a FHIR Bundle.');
  }
  const entriesValue = bundle.entry ?? [];
  if (!Array.isArray(entriesValue)) return fileError('The bundle’s entries could not be read.');
  if (entriesValue.length > MAX_FHIR_ENTRIES) return fileError(`The bundle has more than ${MAX_FHIR_ENTRIES.toLocaleString('en-US')} entries. Export a shorter date range and import it in parts.`);
  const entries: unknown[] = entriesValue;

  const now = Number.isFinite(options.now) ? (options.now as number) : Date.now();
  const today = new Date(now).toISOString().slice(0, 10);
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const warnings: ImportWarning[] = [];

  if (objects(bundle.link).some((link) => link.relation === 'next')) {
    warnings.push({ line: 0, reason: 'This bundle is one page of a longer search result: appointments on later pages are not in it. Export all pages.' });
  }

  // Index the resources appointments point at, by "Type/id" and by fullUrl.
  const byReference = new Map<string, JsonObject>();
  const appointmentEntries: { line: number; resource: JsonObject }[] = [];
  entries.forEach((entry, i) => {
    if (!isObject(entry) || !isObject(entry.resource)) return;
    const resource = entry.resource;
    const type = text(resource.resourceType);
    if (type === 'Appointment') appointmentEntries.push({ line: i + 1, resource });
    if (type !== 'Patient' && type !== 'Practitioner' && type !== 'PractitionerRole' && type !== 'Location') return;
    const keys: string[] = [];
    const id = text(resource.id);
    if (id && FHIR_ID.test(id)) keys.push(`${type}/${id}`);
    const fullUrl = text(entry.fullUrl);
    if (fullUrl && fullUrl.length <= 2048) {
      keys.push(fullUrl);
      const typed = TYPED_REFERENCE.exec(fullUrl);
      if (typed && typed[1] === type) keys.push(`${typed[1]}/${typed[2]}`);
    }
    for (const key of keys) if (!byReference.has(key)) byReference.set(key, resource);
  });
  if (appointmentEntries.length === 0) return { rows, rejected, warnings, error: 'The bundle has no appointments in it.' };

  const phoneOf = phoneNormaliser();
  const firstLineOf = new Map<string, number>();
  for (const { line, resource } of appointmentEntries) {
    const warn = (reason: string) => void warnings.push({ line, reason });
    let outcome: ImportRow | string;
    try {
      outcome = readAppointment(resource, byReference, { today, phoneOf, warn });
    } catch {
      outcome = 'The appointment could not be read.';
    }
    if (typeof outcome === 'string') {
      rejected.push({ line, reason: outcome });
      continue;
    }
    const firstLine = firstLineOf.get(outcome.externalId);
    if (firstLine !== undefined) {
      rejected.push({ line, reason: `Duplicate of entry ${firstLine}: the same appointment appears twice.` });
      continue;
    }
    firstLineOf.set(outcome.externalId, line);
    rows.push(outcome);
  }
  return { rows, rejected, warnings, error: null };
}

interface Context {
  today: string;
  phoneOf: (raw: string | undefined) => PhoneOutcome;
  warn: (reason: string) => void;
}

/** The resource a reference points at: contained ("#id"), or in the bundle (urn:uuid, relative or absolute URL). */
function resolve(reference: string, appointment: JsonObject, byReference: Map<string, JsonObject>): JsonObject | undefined {
  if (reference.startsWith('#')) {
    const id = reference.slice(1);
    return objects(appointment.contained).find((r) => r.id === id);
  }
  const plain = reference.replace(/\/_history\/[^/]*$/, '');
  const found = byReference.get(plain) ?? byReference.get(reference);
  if (found) return found;
  const typed = TYPED_REFERENCE.exec(plain);
  return typed ? byReference.get(`${typed[1]}/${typed[2]}`) : undefined;
}

/** The row, or the reason it is rejected. */
function readAppointment(appointment: JsonObject, byReference: Map<string, JsonObject>, context: Context): ImportRow | string {
  const statusText = text(appointment.status);
  const status = statusText === undefined ? undefined : STATUSES[statusText];
  if (status === undefined) return statusText === undefined ? 'The appointment has no status.' : 'The appointment’s status is not a FHIR R4 appointment status.';
  if (typeof status === 'object') return status.reject;

  // Participants: the patient (required), the first practitioner and location (optional).
  let patientResource: JsonObject | undefined;
  let patientMissing = false;
  let provider: string | undefined;
  let location: string | undefined;
  for (const participant of objects(appointment.participant)) {
    const actor = participant.actor;
    if (!isObject(actor)) continue;
    const reference = text(actor.reference);
    const target = reference && reference.length <= 2048 ? resolve(reference.trim(), appointment, byReference) : undefined;
    const targetType = target ? text(target.resourceType) : undefined;
    const declaredType = text(actor.type)?.split('/').pop() ?? (reference ? TYPED_REFERENCE.exec(reference.trim())?.[1] : undefined);
    const type = targetType ?? declaredType;
    if (type === 'Patient') {
      if (target && targetType === 'Patient') patientResource ??= target;
      else patientMissing = true;
    } else if ((type === 'Practitioner' || type === 'PractitionerRole') && provider === undefined) {
      provider = (targetType === 'Practitioner' ? practitionerName(target) : undefined) ?? text(actor.display);
    } else if (type === 'Location' && location === undefined) {
      location = (target ? text(target.name) : undefined) ?? text(actor.display);
    } else if (!type && reference?.startsWith('urn:')) {
      // An unresolved urn:uuid names no type: it may be the patient the bundle left out.
      patientMissing = true;
    }
  }
  if (!patientResource) return patientMissing ? 'The appointment’s patient is not in the bundle.' : 'The appointment has no patient participant.';

  // Start and duration.
  const startText = text(appointment.start);
  if (startText === undefined) return 'The appointment has no start time.';
  const startsAt = parseInstant(startText);
  if (startsAt === null) {
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(startText.trim())
      ? 'The appointment’s start time has no time zone offset, so the moment it starts is unknown.'
      : 'The appointment’s start time is not a valid date and time.';
  }
  if (startsAt === 'impossible') return 'The appointment’s start time is not a real date and time.';

  let durationMinutes: number | undefined;
  const minutes = appointment.minutesDuration;
  if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_DURATION_MINUTES) durationMinutes = minutes;
  else {
    const endText = text(appointment.end);
    const endsAt = endText === undefined ? null : parseInstant(endText);
    if (typeof endsAt === 'number' && endsAt > startsAt && endsAt - startsAt <= MAX_DURATION_MINUTES * 60_000) durationMinutes = Math.max(1, Math.round((endsAt - startsAt) / 60_000));
  }
  if (durationMinutes === undefined) {
    context.warn(`The appointment has no usable duration or end time; ${DEFAULT_DURATION_MINUTES} minutes was used.`);
    durationMinutes = DEFAULT_DURATION_MINUTES;
  }

  const patient = readPatient(patientResource, context);
  if (typeof patient === 'string') return patient;

  let externalId: string | undefined;
  const id = text(appointment.id);
  if (id && FHIR_ID.test(id)) externalId = id;
  else {
    const identifier = objects(appointment.identifier).find((i) => typeof i.value === 'string' && cleanText(i.value) !== '');
    if (identifier) {
      const system = text(identifier.system);
      const value = `${system ? `${cleanText(system)}|` : ''}${cleanText(text(identifier.value) ?? '')}`;
      if (value.length <= EXTERNAL_ID_MAX) externalId = value;
    }
  }
  externalId ??= derivedAppointmentId('fhir', patient, startsAt);

  const row: ImportRow = { externalId, patient, startsAt, durationMinutes, status };
  const appointmentType = conceptText(list(appointment.serviceType)[0]) ?? conceptText(appointment.appointmentType);
  for (const [field, value] of [['provider', provider], ['location', location], ['appointmentType', appointmentType]] as const) {
    const clean = optionalText(value);
    if (clean.value) row[field] = clean.value;
  }
  return row;
}

/** CodeableConcept → its text, else the first coding's display. */
function conceptText(concept: unknown): string | undefined {
  if (!isObject(concept)) return undefined;
  return text(concept.text) ?? objects(concept.coding).map((c) => text(c.display)).find((d) => d !== undefined && cleanText(d) !== '');
}

function practitionerName(practitioner: JsonObject | undefined): string | undefined {
  if (!practitioner) return undefined;
  const name = objects(practitioner.name)[0];
  if (!name) return undefined;
  const written = text(name.text);
  if (written && cleanText(written)) return written;
  const parts = [...strings(name.prefix), ...strings(name.given), text(name.family) ?? '', ...strings(name.suffix)];
  return cleanText(parts.join(' ')) || undefined;
}

const NAME_ORDER = ['official', 'usual', undefined, 'nickname', 'temp', 'maiden', 'anonymous'];
const TELECOM_ORDER = ['mobile', undefined, 'home', 'work', 'temp'];

function readPatient(resource: JsonObject, context: Context): ImportPatient | string {
  // Name.
  const names = objects(resource.name)
    .map((name, order) => ({ name, order, use: text(name.use) }))
    .filter((n) => n.use !== 'old' && NAME_ORDER.includes(n.use))
    .sort((a, b) => NAME_ORDER.indexOf(a.use) - NAME_ORDER.indexOf(b.use) || a.order - b.order);
  let givenName = '';
  let familyName = '';
  for (const { name } of names) {
    givenName = cleanText(strings(name.given).join(' '));
    familyName = cleanText(text(name.family) ?? '');
    if ((!givenName || !familyName) && text(name.text)) ({ givenName, familyName } = splitFullName(text(name.text) ?? ''));
    if (givenName && familyName) break;
  }
  if (!givenName || !familyName) return 'The appointment’s patient has no first and last name.';
  if (givenName.length > NAME_MAX || familyName.length > NAME_MAX) return `The patient name is longer than ${NAME_MAX} characters.`;
  const patient: ImportPatient = { givenName, familyName, phone: null };

  const id = text(resource.id);
  if (id && FHIR_ID.test(id)) patient.externalId = id;

  // Date of birth: YYYY-MM-DD only (FHIR also allows YYYY and YYYY-MM, which say too little).
  if (resource.birthDate !== undefined && resource.birthDate !== null) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text(resource.birthDate) ?? '');
    const dob = match ? checkBirthDate(Number(match[1]), Number(match[2]), Number(match[3]), context.today) : null;
    if (dob) patient.dateOfBirth = dob;
    else context.warn('The patient’s date of birth is not a full, real past date and was left out.');
  }

  // Texting number.
  const phones = objects(resource.telecom)
    .map((point, order) => ({ point, order, system: text(point.system), use: text(point.use), rank: point.rank }))
    .filter((p) => (p.system === 'phone' || p.system === 'sms') && typeof p.point.value === 'string' && p.use !== 'old')
    .map((p) => ({ ...p, tier: p.system === 'sms' ? 0 : TELECOM_ORDER.indexOf(p.use) < 0 ? TELECOM_ORDER.length : TELECOM_ORDER.indexOf(p.use) }))
    .sort((a, b) => a.tier - b.tier || rankOf(a.rank) - rankOf(b.rank) || a.order - b.order);
  let chosen: PhoneOutcome | undefined;
  for (const candidate of phones) {
    const outcome = context.phoneOf(text(candidate.point.value));
    chosen ??= outcome;
    if (outcome.phone) {
      chosen = outcome;
      break;
    }
  }
  chosen ??= context.phoneOf(undefined);
  patient.phone = chosen.phone;
  if (chosen.warning) context.warn(chosen.warning);

  // Language: the preferred communication first.
  const languages = objects(resource.communication)
    .map((c, order) => ({ c, order }))
    .sort((a, b) => Number(b.c.preferred === true) - Number(a.c.preferred === true) || a.order - b.order);
  for (const { c } of languages) {
    const concept = isObject(c.language) ? c.language : {};
    const candidates = [...objects(concept.coding).map((coding) => text(coding.code)), text(concept.text)].filter((v): v is string => v !== undefined);
    const found = candidates.map(importLanguage).find((l) => l !== undefined);
    if (found === undefined) continue;
    if (found === 'other') context.warn('The patient’s preferred language is not English or Spanish; reminders will be in English.');
    else patient.preferredLanguage = found;
    break;
  }
  return patient;
}

const rankOf = (rank: unknown) => (typeof rank === 'number' && Number.isFinite(rank) ? rank : Number.POSITIVE_INFINITY);
