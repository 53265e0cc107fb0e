/**
 * Owns the meaning of gateway error codes (Twilio's numbering, which compatible services reuse):
 * for each code, what the app does (retry, refuse, mark the recipient opted out, suspend
 * automated sending) and a plain-English explanation the screens show. Pure, so the screens and
 * main explain errors with one table. Codes from platform-notes.md plus the few HTTP-level ones.
 */

export type GatewayErrorKind =
  | 'opted-out' // 21610: the recipient replied STOP to this sender
  | 'invalid-recipient' // 21211, 21604, 21614
  | 'landline' // 30006
  | 'unreachable' // 30003, 30005
  | 'blocked' // 30004, 30007
  | 'sender-unregistered' // 30034, 30032
  | 'region-disabled' // 21408
  | 'bad-message' // 21619
  | 'rate-limited' // 20429, HTTP 429
  | 'auth' // 20003, HTTP 401/403
  | 'not-found' // 20404
  | 'server' // HTTP 5xx
  | 'unknown';

export interface GatewayErrorInfo {
  readonly code: number | null;
  readonly kind: GatewayErrorKind;
  /** Safe to send the same request again later (with backoff). */
  readonly retryable: boolean;
  /** The failure is final for this message. */
  readonly permanent: boolean;
  /** One or two sentences for the screens, with no patient data. */
  readonly explanation: string;
}

const T: Record<number, Omit<GatewayErrorInfo, 'code'>> = {
  21211: { kind: 'invalid-recipient', retryable: false, permanent: true, explanation: 'The phone number is not a valid mobile number. Check the number with the patient.' },
  21604: { kind: 'invalid-recipient', retryable: false, permanent: true, explanation: 'The message had no recipient number.' },
  21614: { kind: 'invalid-recipient', retryable: false, permanent: true, explanation: 'The number is not a mobile number, so it cannot receive texts. Call the patient instead.' },
  21408: { kind: 'region-disabled', retryable: false, permanent: true, explanation: 'The gateway account is not allowed to text this country or region. An administrator must enable it with the gateway provider.' },
  21610: { kind: 'opted-out', retryable: false, permanent: true, explanation: 'The patient has opted out of texts from this practice (they replied STOP). Nothing more will be sent until they text START.' },
  21619: { kind: 'bad-message', retryable: false, permanent: true, explanation: 'The message was empty, so the gateway refused it.' },
  30003: { kind: 'unreachable', retryable: false, permanent: true, explanation: "The patient's phone could not be reached (switched off or out of coverage). Try again later or call." },
  30004: { kind: 'blocked', retryable: false, permanent: true, explanation: "The patient's phone or carrier blocked the message." },
  30005: { kind: 'unreachable', retryable: false, permanent: true, explanation: 'The number is unknown to the carrier or no longer in service. Check the number with the patient.' },
  30006: { kind: 'landline', retryable: false, permanent: true, explanation: 'The number is a landline and cannot receive texts. Call the patient instead.' },
  30007: { kind: 'blocked', retryable: false, permanent: true, explanation: 'The carrier filtered the message as possible spam. Keep messages short and plain, and check the sender registration.' },
  30008: { kind: 'unknown', retryable: false, permanent: true, explanation: 'The carrier could not deliver the message and gave no reason.' },
  30032: { kind: 'sender-unregistered', retryable: false, permanent: true, explanation: "The practice's toll-free number is not verified, so carriers block its texts. Automated sending is paused until an administrator fixes the registration." },
  30034: { kind: 'sender-unregistered', retryable: false, permanent: true, explanation: "The practice's number is not registered for business texting (10DLC), so carriers block its texts. Automated sending is paused until an administrator fixes the registration." },
  20429: { kind: 'rate-limited', retryable: true, permanent: false, explanation: 'The gateway asked CareRelay to slow down. The message will be retried shortly.' },
  20003: { kind: 'auth', retryable: false, permanent: false, explanation: 'The gateway refused the credentials. An administrator must check the account SID and API key in Settings.' },
  20404: { kind: 'not-found', retryable: false, permanent: false, explanation: 'The gateway does not know that message.' },
};

/** Explains a gateway error code (and/or HTTP status when no code came back). */
export function explainGatewayError(code: number | null, httpStatus?: number): GatewayErrorInfo {
  if (code !== null && T[code]) return { code, ...T[code] };
  if (httpStatus === 429) return { code, ...T[20429]! };
  if (httpStatus === 401 || httpStatus === 403) return { code, ...T[20003]! };
  if (httpStatus === 404) return { code, ...T[20404]! };
  if (httpStatus !== undefined && httpStatus >= 500) {
    return { code, kind: 'server', retryable: true, permanent: false, explanation: 'The gateway had a temporary problem. The message will be retried shortly.' };
  }
  if (code !== null && code >= 30000 && code < 31000) {
    return { code, kind: 'unknown', retryable: false, permanent: true, explanation: `The carrier did not deliver the message (gateway error ${code}).` };
  }
  return { code, kind: 'unknown', retryable: false, permanent: true, explanation: code === null ? 'The gateway refused the message without saying why.' : `The gateway refused the message (error ${code}).` };
}

/** Every code this table knows, for table-driven tests. */
export const KNOWN_GATEWAY_ERROR_CODES: readonly number[] = Object.keys(T).map(Number);
