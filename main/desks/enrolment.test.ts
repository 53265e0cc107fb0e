/**
 * Adding a desk: the practice secret reaches the new desk only, intact; a key swapped on the
 * server shows as a different safety number; a grant changed on the server, meant for another
 * desk or another request, or sealed with another practice's fingerprint is refused; what the
 * server holds never contains the secret.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { practiceKeyId } from '../vault/key-tree';
import { acceptGrant, EnrolmentError, grantPracticeSecret, newDeskKeyPair, type EnrolmentGrant, type EnrolmentRequest } from './enrolment';
import { enrolmentCode, safetyNumber } from './safety-number';

const practiceSecret = randomBytes(32);

function request(deskName = 'Front desk 2') {
  const keys = newDeskKeyPair();
  const req: EnrolmentRequest = { code: enrolmentCode(), deskName, publicKey: keys.publicKey.toString('base64'), requestedAt: '2026-12-02T09:00:00Z' };
  return { keys, req };
}

describe('desk enrolment', () => {
  it('the new desk receives the practice secret, and both desks show the same safety number', () => {
    const { keys, req } = request();
    // The administrator's desk computes the number from the key the server handed it.
    expect(safetyNumber(Buffer.from(req.publicKey, 'base64'))).toBe(safetyNumber(keys.publicKey));
    const grant = grantPracticeSecret(req, practiceSecret, 1);
    const got = acceptGrant(req, keys, grant);
    expect(got.practiceSecret.equals(practiceSecret)).toBe(true);
    expect(got).toMatchObject({ epoch: 1, practiceKeyId: practiceKeyId(practiceSecret) });
    // Nothing on the server (request and grant) carries the secret in any readable form.
    const onServer = JSON.stringify([req, grant]);
    for (const form of [practiceSecret.toString('base64'), practiceSecret.toString('hex'), practiceSecret.toString('base64url')]) expect(onServer).not.toContain(form);
  });

  it('a key swapped by the server gives the administrator a different safety number', () => {
    const { keys, req } = request();
    const attacker = newDeskKeyPair();
    const swapped: EnrolmentRequest = { ...req, publicKey: attacker.publicKey.toString('base64') };
    expect(safetyNumber(Buffer.from(swapped.publicKey, 'base64'))).not.toBe(safetyNumber(keys.publicKey));
  });

  const tamper = (grant: EnrolmentGrant, field: 'sealed' | 'iv' | 'salt' | 'adminPublicKey'): EnrolmentGrant => {
    const bytes = Buffer.from(grant[field], 'base64');
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    return { ...grant, [field]: bytes.toString('base64') };
  };

  it.each([
    ['the sealed secret changed', (g: EnrolmentGrant) => tamper(g, 'sealed')],
    ['the IV changed', (g: EnrolmentGrant) => tamper(g, 'iv')],
    ['the salt changed', (g: EnrolmentGrant) => tamper(g, 'salt')],
    ['the administrator key changed', (g: EnrolmentGrant) => tamper(g, 'adminPublicKey')],
    ['the epoch changed', (g: EnrolmentGrant) => ({ ...g, epoch: 2 })],
    ['another practice fingerprint claimed', (g: EnrolmentGrant) => ({ ...g, practiceKeyId: practiceKeyId(randomBytes(32)) })],
    ['a grant for another request', (g: EnrolmentGrant) => ({ ...g, code: 'ZZZZ-ZZZZ' })],
    ['truncated', (g: EnrolmentGrant) => ({ ...g, sealed: Buffer.from(g.sealed, 'base64').subarray(0, 40).toString('base64') })],
  ])('refused: %s', (_name, change) => {
    const { keys, req } = request();
    const grant = grantPracticeSecret(req, practiceSecret, 1);
    expect(() => acceptGrant(req, keys, change(grant))).toThrow(EnrolmentError);
  });

  it('a grant made for one desk does not open on another, even with the request copied', () => {
    const one = request('Front desk 2');
    const other = request('Front desk 3');
    const grant = grantPracticeSecret(one.req, practiceSecret, 1);
    expect(() => acceptGrant(one.req, other.keys, grant)).toThrow(EnrolmentError);
    expect(() => acceptGrant({ ...other.req, code: one.req.code }, other.keys, grant)).toThrow(EnrolmentError);
  });

  it('a request without a valid P-256 key is refused before anything is sealed', () => {
    const { req } = request();
    expect(() => grantPracticeSecret({ ...req, publicKey: Buffer.alloc(65, 4).toString('base64') }, practiceSecret, 1)).toThrow(EnrolmentError);
    expect(() => grantPracticeSecret({ ...req, publicKey: 'bm90IGEga2V5' }, practiceSecret, 1)).toThrow(EnrolmentError);
  });
});
