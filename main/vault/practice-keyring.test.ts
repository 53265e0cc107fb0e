/** The practice keychain entry's two stored forms, and the damaged ones refused. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { currentEpoch, epochSecret, newDeskPrivateKey, parseKeyring, serializeKeyring } from './practice-keyring';
import { VaultUnavailableError } from './vault-errors';

const root = randomBytes(32);
const e2 = randomBytes(32);

describe('the practice keyring', () => {
  it('reads the bare root every desk wrote before epochs, and writes it back the same', () => {
    const ring = parseKeyring(root.toString('base64'));
    expect(ring.root.equals(root)).toBe(true);
    expect(currentEpoch(ring)).toBe(1);
    expect(serializeKeyring(ring)).toBe(root.toString('base64'));
  });

  it('keeps later epochs and the desk key', () => {
    const desk = newDeskPrivateKey();
    expect(desk.length).toBe(32);
    const text = serializeKeyring({ root, epochs: new Map([[2, e2]]), desk });
    const ring = parseKeyring(text);
    expect(currentEpoch(ring)).toBe(2);
    expect(epochSecret(ring, 1)!.equals(root)).toBe(true);
    expect(epochSecret(ring, 2)!.equals(e2)).toBe(true);
    expect(epochSecret(ring, 3)).toBeNull();
    expect(ring.desk!.equals(desk)).toBe(true);
  });

  it.each([
    ['short root', randomBytes(16).toString('base64')],
    ['not JSON', '{nope'],
    ['wrong version', JSON.stringify({ v: 3, root: root.toString('base64'), epochs: [] })],
    ['epoch 1 listed', JSON.stringify({ v: 2, root: root.toString('base64'), epochs: [[1, e2.toString('base64')]] })],
    ['short epoch secret', JSON.stringify({ v: 2, root: root.toString('base64'), epochs: [[2, 'AAAA']] })],
    ['desk key off the curve', JSON.stringify({ v: 2, root: root.toString('base64'), epochs: [], desk: Buffer.alloc(32, 0xff).toString('base64') })],
  ])('refuses a damaged entry: %s', (_name, text) => {
    expect(() => parseKeyring(text)).toThrow(VaultUnavailableError);
  });
});
