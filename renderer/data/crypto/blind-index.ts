/**
 * Blind indexes: a keyed hash (HMAC-SHA256 under the session's blind-index key) of a normalised
 * E.164 phone number, stored beside the encrypted phone so look-ups need no decryption. Without
 * the key the hash says nothing about the number (a plain hash of a 10-digit number would be
 * brute-forced in seconds).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { bytesToBinaryString } from './binary-string';

const encoder = new TextEncoder();
const PHONE_DOMAIN = 'carerelay/blind-index/phone/v1\u0000';

/** `(555) 201-0100`, `555.201.0100`, `+1 555 201 0100` -> `+15552010100`; null when not a phone number. */
export function normaliseE164(input: string, defaultCountry: CountryCode = 'US'): string | null {
  const trimmed = input.trim();
  if (trimmed.length < 3 || trimmed.length > 32) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(bytesToBinaryString(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface BlindIndexer {
  /** The blind hash of a phone number; throws RangeError when it is not a phone number. */
  phone(input: string): Promise<string>;
  /** The number in E.164 and its blind hash, from one parse; throws RangeError as `phone` does. */
  phoneWithHash(input: string): Promise<{ e164: string; hash: string }>;
  /**
   * A deterministic, non-reversible id for a source system's identifier (an MRN, an appointment
   * id): the same on every desk holding the practice's index key, useless to anyone else.
   */
  identifier(kind: string, value: string): Promise<string>;
}

export function createBlindIndexer(indexKey: CryptoKey, defaultCountry: CountryCode = 'US'): BlindIndexer {
  const phoneWithHash = async (input: string) => {
    const e164 = normaliseE164(input, defaultCountry);
    if (!e164) throw new RangeError('That is not a phone number CareRelay can use.');
    const mac = await globalThis.crypto.subtle.sign('HMAC', indexKey, encoder.encode(PHONE_DOMAIN + e164));
    return { e164, hash: base64Url(new Uint8Array(mac)) };
  };
  return {
    phoneWithHash,
    async phone(input) {
      return (await phoneWithHash(input)).hash;
    },
    async identifier(kind, value) {
      const mac = await globalThis.crypto.subtle.sign('HMAC', indexKey, encoder.encode(`carerelay-external-id:${kind}:${value}`));
      return base64Url(new Uint8Array(mac)).slice(0, 24);
    },
  };
}
