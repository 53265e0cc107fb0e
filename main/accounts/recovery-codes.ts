/**
 * Recovery codes: ten single-use codes shown once at enrolment, stored only as salted
 * SHA-256 hashes. Each code carries 60 random bits, so a fast hash is enough (a slow one
 * would cost ten scrypt runs per attempt). Using a code marks it spent; it never works twice.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford-style alphabet: no I, L, O, U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface StoredRecoveryCodes {
  salt: string;
  codes: { hash: string; usedAt: string | null }[];
}

function normalise(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function hashCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${normalise(code)}`).digest('hex');
}

function newCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** New codes: `plain` is shown to the user once; `stored` is what the accounts store keeps. */
export function generateRecoveryCodes(): { plain: string[]; stored: StoredRecoveryCodes } {
  const salt = randomBytes(16).toString('base64');
  const plain = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  return { plain, stored: { salt, codes: plain.map((c) => ({ hash: hashCode(salt, c), usedAt: null })) } };
}

/** Tries a code; on success returns the updated record with that code spent. Pure. */
export function redeemRecoveryCode(
  stored: StoredRecoveryCodes,
  code: string,
  at: Date,
): { ok: true; stored: StoredRecoveryCodes; remaining: number } | { ok: false } {
  const candidate = Buffer.from(hashCode(stored.salt, code), 'hex');
  let match = -1;
  stored.codes.forEach((c, i) => {
    // Compare against every code so timing does not reveal which one matched.
    const equal = timingSafeEqual(candidate, Buffer.from(c.hash, 'hex'));
    if (equal && c.usedAt === null && match === -1) match = i;
  });
  if (match === -1) return { ok: false };
  const codes = stored.codes.map((c, i) => (i === match ? { ...c, usedAt: at.toISOString() } : c));
  return { ok: true, stored: { ...stored, codes }, remaining: codes.filter((c) => c.usedAt === null).length };
}
