/**
 * TOTP multi-factor authentication (RFC 6238: SHA-1, 6 digits, 30 s) with otplib v13's
 * functional API. Verification allows one step of clock skew either way and, given the
 * last accepted time step, refuses a replayed code. Enrolment gives the `otpauth://` URI and
 * a QR code data URL for the authenticator app.
 */
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'CareRelay';
const PERIOD = 30;
/** ±30 s in otplib's seconds-based tolerance is exactly one time step either side. */
const SKEW_SECONDS = PERIOD;

export interface TotpEnrolment {
  /** Base32 secret (160 bits); stored in the encrypted accounts store. */
  secret: string;
  uri: string;
  qrDataUrl: string;
}

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, accountLabel: string, issuer = TOTP_ISSUER): string {
  return generateURI({ strategy: 'totp', issuer, label: accountLabel, secret, period: PERIOD, digits: 6, algorithm: 'sha1' });
}

export async function enrolTotp(accountLabel: string, issuer = TOTP_ISSUER): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const uri = totpUri(secret, accountLabel, issuer);
  const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 256 });
  return { secret, uri, qrDataUrl };
}

/** The current code (for tests and tooling). */
export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000), period: PERIOD });
}

export type TotpResult = { valid: true; timeStep: number } | { valid: false; reason: 'WRONG_CODE' | 'REPLAYED' | 'MALFORMED' };

/**
 * Checks a code at `at`, allowing ±1 step of skew. Pass the time step of the user's last
 * accepted code as `lastTimeStep` and store the returned `timeStep` after success.
 */
export function verifyTotp(secret: string, code: string, at: Date, lastTimeStep?: number): TotpResult {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { valid: false, reason: 'MALFORMED' };
  const epoch = Math.floor(at.getTime() / 1000);
  let result;
  try {
    result = verifySync({ secret, token, epoch, period: PERIOD, epochTolerance: SKEW_SECONDS });
  } catch {
    return { valid: false, reason: 'MALFORMED' };
  }
  if (!result.valid || !('timeStep' in result)) return { valid: false, reason: 'WRONG_CODE' };
  const timeStep = result.timeStep as number;
  if (lastTimeStep !== undefined && timeStep <= lastTimeStep) return { valid: false, reason: 'REPLAYED' };
  return { valid: true, timeStep };
}
