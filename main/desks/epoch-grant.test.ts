/**
 * The cryptography of key-epoch grants, table-tested: a grant opens only for its desk, epoch and
 * key, only with the practice secret, and never yields a wrong secret; announcements and desk
 * entries verify only under the practice secret.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newDeskKeyPair } from './enrolment';
import { announce, deskProof, EpochGrantError, openEpochGrant, readAnnouncement, sealEpochGrant, verifyDeskProof } from './epoch-grant';
import { practiceKeyId } from '../vault/key-tree';

const root = randomBytes(32);
const e2 = { epoch: 2, secret: randomBytes(32) };
const e3 = { epoch: 3, secret: randomBytes(32) };
const desk = newDeskKeyPair();
const other = newDeskKeyPair();
const publicKey = desk.publicKey.toString('base64');
const grant = sealEpochGrant({ secrets: [e2, e3], desk: 'desk-b', deskPublicKey: publicKey, root });
const me = { desk: 'desk-b', publicKey: desk.publicKey, privateKey: desk.privateKey, root, epoch: 3, epochKeyId: practiceKeyId(e3.secret) };

describe('epoch grants', () => {
  it('opens for its desk with every epoch it carries', () => {
    const secrets = openEpochGrant({ ...grant }, me);
    expect(secrets.map((s) => s.epoch)).toEqual([2, 3]);
    expect(secrets[0]!.secret.equals(e2.secret)).toBe(true);
    expect(secrets[1]!.secret.equals(e3.secret)).toBe(true);
  });

  const flip = (b64: string) => {
    const raw = Buffer.from(b64, 'base64');
    raw[raw.length - 1]! ^= 1;
    return raw.toString('base64');
  };
  it.each([
    ['another desk’s key', { ...grant }, { ...me, publicKey: other.publicKey, privateKey: other.privateKey }],
    ['another desk name', { ...grant }, { ...me, desk: 'desk-c' }],
    ['another epoch', { ...grant }, { ...me, epoch: 4 }],
    ['another announced fingerprint', { ...grant }, { ...me, epochKeyId: practiceKeyId(randomBytes(32)) }],
    ['a different practice secret', { ...grant }, { ...me, root: randomBytes(32) }],
    ['a changed ciphertext', { ...grant, sealed: flip(grant.sealed) }, me],
    ['a changed admin key', { ...grant, adminPublicKey: other.publicKey.toString('base64') }, me],
    ['a truncated ciphertext', { ...grant, sealed: grant.sealed.slice(0, 20) }, me],
    ['not a grant', { type: 'staff' }, me],
  ])('refuses %s', (_name, doc, who) => {
    expect(() => openEpochGrant(doc as Record<string, unknown>, who)).toThrow(EpochGrantError);
  });

  it('a grant made without the practice secret does not open', () => {
    const forged = sealEpochGrant({ secrets: [e3], desk: 'desk-b', deskPublicKey: publicKey, root: randomBytes(32) });
    expect(() => openEpochGrant({ ...forged }, me)).toThrow(EpochGrantError);
  });

  it('announcements verify only under the practice secret and unchanged', () => {
    const a = announce(root, { epoch: 3, epochKeyId: practiceKeyId(e3.secret), rotatedAt: '2026-12-01T12:00:00.000Z', removed: ['desk-c'], recipients: ['desk-a', 'desk-b'] });
    expect(readAnnouncement(root, { ...a })).toMatchObject({ epoch: 3, recipients: ['desk-a', 'desk-b'] });
    expect(readAnnouncement(randomBytes(32), { ...a })).toBeNull();
    expect(readAnnouncement(root, { ...a, recipients: ['desk-a', 'desk-b', 'desk-evil'] })).toBeNull();
    expect(readAnnouncement(root, { ...a, epoch: 4 })).toBeNull();
    expect(readAnnouncement(root, { ...a, epoch: 1 })).toBeNull();
    expect(readAnnouncement(root, undefined)).toBeNull();
  });

  it('desk entries are proved by the practice secret', () => {
    const proof = deskProof(root, 'desk-b', publicKey);
    expect(verifyDeskProof(root, 'desk-b', publicKey, proof)).toBe(true);
    expect(verifyDeskProof(root, 'desk-c', publicKey, proof)).toBe(false);
    expect(verifyDeskProof(root, 'desk-b', other.publicKey.toString('base64'), proof)).toBe(false);
    expect(verifyDeskProof(randomBytes(32), 'desk-b', publicKey, proof)).toBe(false);
    expect(verifyDeskProof(root, 'desk-b', publicKey, 42)).toBe(false);
  });
});
