/**
 * Password hashing with scrypt (`node:crypto`): a fresh 16-byte salt per hash and the cost
 * parameters stored in the record, so they can be raised later (`needsRehash`) without
 * breaking existing passwords. Verification runs off the main thread (libuv pool) and
 * compares in constant time. Cost: N=2^15, r=8, p=1, about 170 ms on the build machine.
 *
 *   record: scrypt$v=1$N=32768,r=8,p=1,len=32$<salt b64>$<hash b64>
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
const SALT_BYTES = 16;
/** Refuse records whose parameters would make verification a denial of service. */
const LIMITS = { maxN: 2 ** 20, maxR: 32, maxP: 16, minKeylen: 16, maxKeylen: 64 };

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, params.keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params);
  return `scrypt$v=1$N=${params.N},r=${params.r},p=${params.p},len=${params.keylen}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

interface ParsedRecord {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

export function parsePasswordRecord(record: string): ParsedRecord | null {
  const m = /^scrypt\$v=1\$N=(\d+),r=(\d+),p=(\d+),len=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(record);
  if (!m) return null;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), keylen: Number(m[4]) };
  const salt = Buffer.from(m[5] ?? '', 'base64');
  const hash = Buffer.from(m[6] ?? '', 'base64');
  const powerOfTwo = params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > LIMITS.maxN || params.r < 1 || params.r > LIMITS.maxR || params.p < 1 || params.p > LIMITS.maxP) return null;
  if (params.keylen < LIMITS.minKeylen || params.keylen > LIMITS.maxKeylen || hash.length !== params.keylen || salt.length < SALT_BYTES) return null;
  return { params, salt, hash };
}

/** True when the password matches. A malformed record never matches (and never throws). */
export async function verifyPassword(password: string, record: string): Promise<boolean> {
  const parsed = parsePasswordRecord(record);
  if (!parsed) return false;
  const candidate = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(candidate, parsed.hash);
}

/** True when the record was made with weaker parameters than `target`: rehash after a successful sign-in. */
export function needsRehash(record: string, target: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parsePasswordRecord(record);
  if (!parsed) return true;
  const p = parsed.params;
  return p.N < target.N || p.r < target.r || p.p < target.p || p.keylen < target.keylen;
}

let dummy: Promise<string> | null = null;
/** Spends the same time as a real verification, for unknown usernames (no user-enumeration by timing). */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}
