/**
 * One line of the audit file, sealed: the record is encrypted with AES-256-GCM (audit-enc
 * key, fresh IV, bound to its seq and predecessor), chained to the previous line by SHA-256,
 * and MAC'd with HMAC-SHA256 (audit-mac key). Only `seq` is readable without the keys, so
 * gaps and reordering can be located. Also the MAC'd checkpoint line a retention purge
 * leaves at the top of the file, and the MAC'd head anchor that catches deleted tail lines.
 *
 *   {"seq":7,"prev":"<sha256 of line 6>","iv":"<b64>","ct":"<b64 ciphertext+tag>","mac":"<hex>"}
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditRecord } from './audit-record';

const TAG_BYTES = 16;
export const GENESIS_HASH = createHash('sha256').update('carerelay-audit/v1 genesis').digest('hex');

export interface AuditKeys {
  enc: Uint8Array;
  mac: Uint8Array;
}

export interface SealedLine {
  seq: number;
  prev: string;
  iv: string;
  ct: string;
  mac: string;
}

export interface Checkpoint {
  checkpoint: { firstSeq: number; prev: string; cutoff: string; at: string };
  mac: string;
}

export const lineHash = (line: string): string => createHash('sha256').update(line).digest('hex');

function mac(key: Uint8Array, ...parts: (string | number)[]): string {
  return createHmac('sha256', key).update(parts.join('\n')).digest('hex');
}

function macEquals(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

const aad = (seq: number, prev: string): Buffer => Buffer.from(`carerelay-audit/v1|${seq}|${prev}`);

export function sealRecord(keys: AuditKeys, record: AuditRecord, prev: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  cipher.setAAD(aad(record.seq, prev));
  const ct = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  const ivText = iv.toString('base64');
  const sealed: SealedLine = { seq: record.seq, prev, iv: ivText, ct, mac: mac(keys.mac, 'record', record.seq, prev, ivText, ct) };
  return JSON.stringify(sealed);
}

export type ParsedLine =
  | { kind: 'record'; sealed: SealedLine }
  | { kind: 'checkpoint'; checkpoint: Checkpoint['checkpoint'] }
  | { kind: 'bad'; reason: string };

/** Parses and authenticates a line's MAC (cheap); does not decrypt. */
export function parseLine(keys: AuditKeys, line: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'bad', reason: 'not valid JSON' };
  }
  const v = value as Partial<SealedLine & Checkpoint>;
  if (v && typeof v === 'object' && v.checkpoint && typeof v.mac === 'string') {
    const c = v.checkpoint;
    if (!macEquals(v.mac, mac(keys.mac, 'checkpoint', c.firstSeq, c.prev, c.cutoff, c.at))) return { kind: 'bad', reason: 'checkpoint MAC mismatch' };
    return { kind: 'checkpoint', checkpoint: c };
  }
  if (
    !v ||
    typeof v !== 'object' ||
    !Number.isSafeInteger(v.seq) ||
    typeof v.prev !== 'string' ||
    typeof v.iv !== 'string' ||
    typeof v.ct !== 'string' ||
    typeof v.mac !== 'string'
  ) {
    return { kind: 'bad', reason: 'missing fields' };
  }
  if (!macEquals(v.mac, mac(keys.mac, 'record', v.seq as number, v.prev, v.iv, v.ct))) return { kind: 'bad', reason: 'MAC mismatch' };
  return { kind: 'record', sealed: v as SealedLine };
}

/** Decrypts a MAC-checked line; null when the ciphertext does not authenticate or disagrees with its seq. */
export function openRecord(keys: AuditKeys, sealed: SealedLine): AuditRecord | null {
  try {
    const bytes = Buffer.from(sealed.ct, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', keys.enc, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad(sealed.seq, sealed.prev));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const record = JSON.parse(plain) as AuditRecord;
    return record.seq === sealed.seq ? record : null;
  } catch {
    return null;
  }
}

export function sealCheckpoint(keys: AuditKeys, c: Checkpoint['checkpoint']): string {
  return JSON.stringify({ checkpoint: c, mac: mac(keys.mac, 'checkpoint', c.firstSeq, c.prev, c.cutoff, c.at) } satisfies Checkpoint);
}

/** The head anchor: the last durable seq and its line hash, MAC'd. Fixed-size slot of 256 bytes. */
export const HEAD_SLOT_BYTES = 256;

export interface Head {
  seq: number;
  hash: string;
}

export function sealHead(keys: AuditKeys, head: Head): Buffer {
  const text = JSON.stringify({ ...head, mac: mac(keys.mac, 'head', head.seq, head.hash) });
  const slot = Buffer.alloc(HEAD_SLOT_BYTES, 0x20);
  slot.write(text, 'utf8');
  slot[HEAD_SLOT_BYTES - 1] = 0x0a;
  return slot;
}

export function openHead(keys: AuditKeys, slot: Buffer): Head | null {
  try {
    const v = JSON.parse(slot.toString('utf8').trim()) as Head & { mac: string };
    if (!Number.isSafeInteger(v.seq) || typeof v.hash !== 'string') return null;
    return macEquals(v.mac, mac(keys.mac, 'head', v.seq, v.hash)) ? { seq: v.seq, hash: v.hash } : null;
  } catch {
    return null;
  }
}
