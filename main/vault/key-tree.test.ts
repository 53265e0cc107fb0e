import { describe, expect, it } from 'vitest';
import {
  auditEncKey,
  auditMacKey,
  blindIndexKey,
  deriveKey,
  mainStoresKey,
  masterKeyId,
  practiceDbKey,
  type KeyPurpose,
} from './key-tree';

const master = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);

describe('key tree', () => {
  it('derives a distinct 32-byte key per purpose', () => {
    const keys = [practiceDbKey, mainStoresKey, auditMacKey, auditEncKey, blindIndexKey].map((f) => f(master).toString('hex'));
    expect(new Set(keys).size).toBe(5);
    for (const k of keys) expect(k).toHaveLength(64);
    expect(keys).not.toContain(master.toString('hex'));
  });

  it('is deterministic and depends on the master secret', () => {
    expect(mainStoresKey(master).equals(mainStoresKey(Buffer.from(master)))).toBe(true);
    expect(mainStoresKey(master).equals(mainStoresKey(other))).toBe(false);
  });

  it('matches a fixed vector so a refactor cannot silently change keys', () => {
    const purposes: KeyPurpose[] = ['practice-db', 'main-stores', 'audit-mac', 'audit-enc', 'blind-index'];
    const got = Object.fromEntries(purposes.map((p) => [p, deriveKey(master, p).toString('hex').slice(0, 16)]));
    expect(got).toMatchSnapshot();
  });

  it('key id is short, stable and not a key', () => {
    expect(masterKeyId(master)).toMatch(/^[0-9a-f]{16}$/);
    expect(masterKeyId(master)).not.toBe(masterKeyId(other));
    expect(mainStoresKey(master).toString('hex').startsWith(masterKeyId(master))).toBe(false);
  });

  it('rejects a master secret of the wrong length', () => {
    expect(() => practiceDbKey(Buffer.alloc(16))).toThrow(RangeError);
  });
});
