/**
 * Owns reading the Twilio wire: RFC 2822 dates, the Message resource with either Twilio's field
 * types or SignalWire's (numbers where Twilio sends strings, a string `error_code`), list pages
 * and error bodies. Anything that does not fit is reported as a typed problem, never guessed.
 */

export type GatewayMessageStatus =
  | 'queued' | 'sending' | 'sent' | 'failed' | 'delivered' | 'undelivered' | 'receiving' | 'received'
  | 'accepted' | 'scheduled' | 'read' | 'partially_delivered' | 'canceled';
const STATUSES = new Set<string>(['queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'accepted', 'scheduled', 'read', 'partially_delivered', 'canceled']);

export interface GatewayMessage {
  readonly sid: string;
  readonly accountSid: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly body: string;
  readonly status: GatewayMessageStatus;
  readonly direction: 'inbound' | 'outbound-api' | 'outbound-call' | 'outbound-reply';
  /** Epoch ms. */
  readonly dateCreated: number | null;
  readonly dateSent: number | null;
  readonly dateUpdated: number | null;
  readonly errorCode: number | null;
  readonly numSegments: number | null;
  readonly numMedia: number;
}

export interface GatewayPage {
  readonly messages: readonly GatewayMessage[];
  readonly nextPageUri: string | null;
}

export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const RFC2822 = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|GMT|UT|UTC|Z)?$/;

/** Parses `Thu, 24 Aug 2023 05:01:45 +0000` (and ISO 8601, which some compatible services send). */
export function parseRfc2822(text: string): number {
  const m = RFC2822.exec(text.trim());
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) throw new WireFormatError('bad month in date');
    const zone = m[7] ?? '+0000';
    const offsetMin = /^[+-]\d{4}$/.test(zone) ? (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) : 0;
    const utc = Date.UTC(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    return utc - offsetMin * 60_000;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const t = Date.parse(text);
    if (Number.isFinite(t)) return t;
  }
  throw new WireFormatError('a date is not in RFC 2822 form');
}

/** Formats epoch ms as Twilio does: `Thu, 24 Aug 2023 05:01:45 +0000`. */
export function formatRfc2822(at: number): string {
  return new Date(at).toUTCString().replace('GMT', '+0000');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optString(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new WireFormatError(`field ${key} has the wrong type`);
  return v;
}
function optDate(o: Record<string, unknown>, key: string): number | null {
  const v = optString(o, key);
  return v === null || v === '' ? null : parseRfc2822(v);
}
/** Twilio sends strings ("1"), SignalWire numbers (1); both read as a number. */
function optCount(o: Record<string, unknown>, key: string): number | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new WireFormatError(`field ${key} has the wrong type`);
  return n;
}

export function parseMessage(value: unknown): GatewayMessage {
  if (!isObj(value)) throw new WireFormatError('a message is not an object');
  const sid = optString(value, 'sid');
  if (!sid || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid)) throw new WireFormatError('a message has no valid sid');
  const status = optString(value, 'status');
  if (!status || !STATUSES.has(status)) throw new WireFormatError('a message has an unknown status');
  const direction = optString(value, 'direction');
  if (direction !== 'inbound' && direction !== 'outbound-api' && direction !== 'outbound-call' && direction !== 'outbound-reply') {
    throw new WireFormatError('a message has an unknown direction');
  }
  return {
    sid,
    accountSid: optString(value, 'account_sid'),
    from: optString(value, 'from'),
    to: optString(value, 'to'),
    body: optString(value, 'body') ?? '',
    status: status as GatewayMessageStatus,
    direction,
    dateCreated: optDate(value, 'date_created'),
    dateSent: optDate(value, 'date_sent'),
    dateUpdated: optDate(value, 'date_updated'),
    // Twilio: integer or null; SignalWire: a string.
    errorCode: optCount(value, 'error_code'),
    numSegments: optCount(value, 'num_segments'),
    numMedia: optCount(value, 'num_media') ?? 0,
  };
}

export function parsePage(value: unknown): GatewayPage {
  if (!isObj(value)) throw new WireFormatError('the list answer is not an object');
  if (!Array.isArray(value.messages)) throw new WireFormatError('the list answer has no messages array');
  const next = value.next_page_uri;
  if (next !== undefined && next !== null && typeof next !== 'string') throw new WireFormatError('next_page_uri has the wrong type');
  return { messages: value.messages.map(parseMessage), nextPageUri: typeof next === 'string' && next !== '' ? next : null };
}

/** `{code, message, more_info, status}`; code may be a string on compatible services. */
export function parseErrorBody(text: string): { code: number | null; message: string | null } {
  try {
    const v: unknown = JSON.parse(text);
    if (!isObj(v)) return { code: null, message: null };
    const raw = v.code;
    const code = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : null;
    return { code: Number.isInteger(code) ? code : null, message: typeof v.message === 'string' ? v.message.slice(0, 300) : null };
  } catch {
    return { code: null, message: null };
  }
}
