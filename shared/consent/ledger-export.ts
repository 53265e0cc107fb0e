/**
 * Owns how a patient's consent ledger is laid out for a carrier or TCPA audit, on screen, in
 * print and as CSV: every event in the order every desk derives state from (recorded time, then
 * id), with when the patient's request arrived, purpose, grant or revocation, method, keyword,
 * form version and disclosures shown, who recorded it, the patient's own words for a
 * revocation, and whether a signature is on file (the drawn signature itself stays encrypted in
 * the database). Pure: the renderer decrypts the events and names the staff.
 */
import { compareConsentEvents } from './consent-state';
import { toCsv } from '../text/csv';

export interface LedgerEventInput {
  readonly id: string;
  readonly purpose: string;
  readonly action: 'grant' | 'revoke';
  readonly method: string;
  readonly keyword: string;
  readonly formVersion: string;
  readonly disclosures: readonly string[];
  readonly staffId: string;
  readonly recordedAt: number;
  readonly receivedAt: number;
  readonly signature?: string;
  readonly sourceText?: string;
  readonly note?: string;
}

export interface LedgerRow {
  readonly id: string;
  readonly recorded: string;
  readonly received: string;
  readonly purpose: string;
  readonly event: 'Consent given' | 'Consent withdrawn';
  readonly method: string;
  readonly keyword: string;
  readonly formVersion: string;
  readonly disclosures: string;
  readonly staff: string;
  readonly words: string;
  readonly signature: 'yes' | 'no';
  readonly note: string;
}

export const METHOD_WORDS: Readonly<Record<string, string>> = {
  'paper-form': 'Signed paper form',
  'electronic-form': 'Signed at the desk (electronic)',
  verbal: 'Verbally at the desk',
  'patient-portal': 'Patient portal',
  'sms-keyword': 'Text from the patient',
  'phone-call': 'Phone call',
  email: 'E-mail',
  'gateway-21610': 'Carrier opt-out list (21610)',
  letter: 'Letter',
};

const utc = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function ledgerRows(events: readonly LedgerEventInput[], purposeLabel: (p: string) => string, staffName: (id: string) => string): LedgerRow[] {
  return [...events].sort(compareConsentEvents).map((e) => ({
    id: e.id,
    recorded: utc(e.recordedAt),
    received: utc(e.receivedAt || e.recordedAt),
    purpose: purposeLabel(e.purpose),
    event: e.action === 'grant' ? 'Consent given' : 'Consent withdrawn',
    method: METHOD_WORDS[e.method] ?? e.method,
    keyword: e.keyword,
    formVersion: e.formVersion,
    disclosures: e.disclosures.join(' | '),
    staff: e.staffId === 'system' ? 'CareRelay (automatic)' : staffName(e.staffId),
    words: e.sourceText ?? '',
    signature: e.signature ? 'yes' : 'no',
    note: e.note ?? '',
  }));
}

export const LEDGER_CSV_HEADER = [
  'Recorded', 'Request received', 'Number', 'Purpose', 'Event', 'Method', 'Keyword', 'Form version', 'Disclosures shown', 'Recorded by', "Patient's words", 'Signature on file', 'Note', 'Event id',
] as const;

/** The CSV for one number's ledger (the number is printed in every row so extracts stand alone). */
export function ledgerCsv(rows: readonly LedgerRow[], number: string): string {
  return toCsv(
    LEDGER_CSV_HEADER,
    rows.map((r) => [r.recorded, r.received, number, r.purpose, r.event, r.method, r.keyword, r.formVersion, r.disclosures, r.staff, r.words, r.signature, r.note, r.id]),
  );
}
