import { describe, expect, it } from 'vitest';
import {
  checkPassword,
  DEFAULT_SCRYPT,
  enrolTotp,
  generateRecoveryCodes,
  hashPassword,
  needsRehash,
  RECOVERY_CODE_COUNT,
  redeemRecoveryCode,
  totpCode,
  totpUri,
  verifyAgainstDummy,
  verifyPassword,
  verifyTotp,
} from './credentials';

const FAST = { N: 2 ** 10, r: 8, p: 1, keylen: 32 };

describe('password hashing (scrypt)', () => {
  it('stores the parameters and a fresh 16-byte salt in every record', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$v=1\$N=32768,r=8,p=1,len=32\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
  });

  it('takes a deliberate 100–500 ms to verify with the default parameters', async () => {
    const record = await hashPassword('correct horse battery');
    const start = performance.now();
    expect(await verifyPassword('correct horse battery', record)).toBe(true);
    const ms = performance.now() - start;
    expect(ms).toBeGreaterThan(50); // lower bound relaxed for a fast machine; bench-auth reports the real figure
    expect(ms).toBeLessThan(2000);
  });

  it.each([
    ['the right password', 'Tr1cky pass phrase!', true],
    ['a wrong password', 'Tr1cky pass phrase?', false],
    ['different case', 'tr1cky pass phrase!', false],
    ['empty', '', false],
  ])('%s', async (_what, attempt, expected) => {
    const record = await hashPassword('Tr1cky pass phrase!', FAST);
    expect(await verifyPassword(attempt, record)).toBe(expected);
  });

  it('treats Unicode-equivalent passwords alike (NFKC)', async () => {
    const record = await hashPassword('Cafe\u0301 au lait 2026', FAST);
    expect(await verifyPassword('Caf\u00e9 au lait 2026', record)).toBe(true);
  });

  it.each([
    ['garbage', 'not a record'],
    ['absurd N (DoS)', 'scrypt$v=1$N=1073741824,r=8,p=1,len=32$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['N not a power of two', 'scrypt$v=1$N=1000,r=8,p=1,len=32$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['hash length mismatch', 'scrypt$v=1$N=1024,r=8,p=1,len=32$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'],
    ['short salt', 'scrypt$v=1$N=1024,r=8,p=1,len=32$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ])('a malformed record (%s) never matches and never throws', async (_what, record) => {
    expect(await verifyPassword('anything at all', record)).toBe(false);
  });

  it('flags records made with weaker parameters for rehash', async () => {
    expect(needsRehash(await hashPassword('x'.repeat(12), FAST))).toBe(true);
    expect(needsRehash(await hashPassword('x'.repeat(12), DEFAULT_SCRYPT))).toBe(false);
    expect(needsRehash('junk')).toBe(true);
  });

  it('unknown users cost a verification too', async () => {
    expect(await verifyAgainstDummy('whatever password')).toBe(false);
  });
});

describe('password policy and strength', () => {
  it.each([
    ['short', 'Ab1!short', 'jsmith', false, ['TOO_SHORT']],
    ['exactly 12, fine', 'kettle-Ocean7', 'jsmith', true, []],
    ['common', 'password1234', 'jsmith', false, ['COMMON']],
    ['common, leet', 'P@ssw0rd', 'jsmith', false, ['TOO_SHORT', 'COMMON']],
    ['common with digits', 'Password123!', 'jsmith', false, ['COMMON']],
    ['one repeated char', 'aaaaaaaaaaaaaaaa', 'jsmith', false, ['COMMON']],
    ['digit run', '123456789012', 'jsmith', false, ['COMMON']],
    ['contains username', 'JSmith-rocks-2026', 'jsmith', false, ['CONTAINS_USERNAME']],
    ['contains short username is allowed', 'al-pine-meadow-42', 'al', true, []],
    ['too long', 'x'.repeat(129) + 'A1!', 'jsmith', false, ['TOO_LONG']],
    ['passphrase', 'purple tractor sings softly', 'jsmith', true, []],
  ])('%s', (_what, password, username, ok, problems) => {
    const result = checkPassword(password, username);
    expect(result.ok).toBe(ok);
    expect(result.problems).toEqual(problems);
  });

  it.each([
    ['password1234', 0],
    ['JSmith-rocks-2026', 0],
    ['abcdefgh1234', 0],
    ['kettleocean7', 1],
    ['kettle-Ocean7', 2],
    ['Kettle-ocean-7x', 3],
    ['purple tractor sings softly', 4],
    ['Purple-tractor-Sings-8', 4],
  ])('strength of %s is %i', (password, score) => {
    expect(checkPassword(password, 'jsmith').score).toBe(score);
  });
});

describe('TOTP', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const t0 = new Date('2026-03-01T12:00:10.000Z'); // 10 s into a 30 s step
  const step = (n: number) => new Date(t0.getTime() + n * 30_000);

  it('enrols with a 160-bit secret, an otpauth URI and a QR code', async () => {
    const e = await enrolTotp('jsmith@Elm Street Clinic');
    expect(e.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(e.uri).toMatch(/^otpauth:\/\/totp\/CareRelay:jsmith%40Elm%20Street%20Clinic\?/);
    expect(new URL(e.uri).searchParams.get('secret')).toBe(e.secret);
    expect(new URL(e.uri).searchParams.get('issuer')).toBe('CareRelay');
    expect(e.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(totpUri(secret, 'a')).toContain(`secret=${secret}`);
  });

  it.each([
    ['code of this step', 0, true],
    ['previous step (phone clock behind)', -1, true],
    ['next step (phone clock ahead)', 1, true],
    ['two steps behind', -2, false],
    ['two steps ahead', 2, false],
    ['ten minutes old', -20, false],
  ])('%s', (_what, offset, valid) => {
    const code = totpCode(secret, step(offset));
    expect(verifyTotp(secret, code, t0).valid).toBe(valid);
  });

  it('rejects a replayed code and accepts a later one', () => {
    const code = totpCode(secret, t0);
    const first = verifyTotp(secret, code, t0);
    expect(first.valid).toBe(true);
    const last = first.valid ? first.timeStep : 0;
    expect(verifyTotp(secret, code, t0, last)).toEqual({ valid: false, reason: 'REPLAYED' });
    expect(verifyTotp(secret, totpCode(secret, step(1)), step(1), last).valid).toBe(true);
  });

  it.each(['', '12345', '1234567', 'abcdef', '12 34 5x'])('malformed code %j', (code) => {
    expect(verifyTotp(secret, code, t0)).toEqual({ valid: false, reason: 'MALFORMED' });
  });

  it('accepts a code typed with a space', () => {
    const code = totpCode(secret, t0);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, t0).valid).toBe(true);
  });
});

describe('recovery codes', () => {
  const at = new Date('2026-03-01T12:00:00Z');

  it('makes ten distinct codes and stores only hashes', () => {
    const { plain, stored } = generateRecoveryCodes();
    expect(plain).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(plain).size).toBe(RECOVERY_CODE_COUNT);
    for (const c of plain) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const json = JSON.stringify(stored);
    for (const c of plain) {
      expect(json).not.toContain(c);
      expect(json).not.toContain(c.replace(/-/g, ''));
    }
  });

  it('each code works exactly once; typing variations are accepted', () => {
    const { plain, stored } = generateRecoveryCodes();
    const code = plain[3] as string;
    const first = redeemRecoveryCode(stored, code.toLowerCase().replace(/-/g, ' '), at);
    expect(first).toMatchObject({ ok: true, remaining: 9 });
    if (!first.ok) return;
    expect(redeemRecoveryCode(first.stored, code, at)).toEqual({ ok: false });
    expect(redeemRecoveryCode(stored, 'AAAA-BBBB-CCCC', at)).toEqual({ ok: false });
    let state = first.stored;
    for (const c of plain.filter((_, i) => i !== 3)) {
      const r = redeemRecoveryCode(state, c, at);
      expect(r.ok).toBe(true);
      if (r.ok) state = r.stored;
    }
    expect(state.codes.every((c) => c.usedAt === at.toISOString())).toBe(true);
  });
});
