/**
 * Owns what two people compare when a desk joins the practice (issue 12, desk enrolment): the
 * new desk shows a short code (to find its request) and a safety number, a fingerprint of its
 * P-256 public key; the administrator's desk computes the same number from the key the server
 * handed it. If the server (or anyone on the way) swapped the key, the numbers differ and the
 * administrator refuses. 30 digits in six groups of five, from SHA-256 over a domain label and
 * the raw key (as Signal's safety numbers, shorter: one key, not two). Pure.
 */
import { createHash, randomBytes } from 'node:crypto';

const LABEL = Buffer.from('carerelay/desk-safety-number/v1\u0000', 'utf8');
/** Crockford base32 without I, L, O, U: nothing to misread aloud. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function safetyNumber(publicKey: Uint8Array): string {
  const digest = createHash('sha256').update(LABEL).update(publicKey).digest();
  const groups: string[] = [];
  for (let g = 0; g < 6; g++) {
    // 5 bytes → a 40-bit number → 5 decimal digits (mod 100,000), as Signal does per chunk.
    let n = 0;
    for (let i = 0; i < 5; i++) n = n * 256 + digest[g * 5 + i]!;
    groups.push(String(n % 100_000).padStart(5, '0'));
  }
  return groups.join(' ');
}

/** An enrolment code: 8 characters from the unambiguous alphabet, shown as XXXX-XXXX. */
export function enrolmentCode(random: Uint8Array = randomBytes(8)): string {
  const chars = [...random.slice(0, 8)].map((b) => CODE_ALPHABET[b % 32]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** What a person typed, as a code: case, spaces and look-alike letters forgiven; null when it cannot be one. */
export function normaliseEnrolmentCode(typed: string): string | null {
  const clean = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (clean.length !== 8 || [...clean].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return `${clean.slice(0, 4)}-${clean.slice(4)}`;
}
