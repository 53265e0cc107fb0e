import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryKeychain } from './memory-keychain';
import { deriveKey } from './key-tree';
import { openVault } from './vault';
import { VaultUnavailableError, classifyKeychainError } from './vault-errors';

let root: string;
let storeDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'carerelay-vault-'));
  storeDir = join(root, 'stores');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectRefusal(p: Promise<unknown>, code: string): Promise<VaultUnavailableError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VaultUnavailableError);
  expect((err as VaultUnavailableError).code).toBe(code);
  expect((err as VaultUnavailableError).message).toMatch(/CareRelay/);
  return err as VaultUnavailableError;
}

describe('openVault', () => {
  it('creates a random 256-bit secret on first run and reuses it afterwards', async () => {
    const keychain = createMemoryKeychain();
    const first = await openVault({ keychain, storeDir });
    expect(first.created).toBe(true);
    expect(Buffer.from(keychain.peek() ?? '', 'base64')).toHaveLength(32);
    const k1 = first.mainStoresKey();
    await mkdir(storeDir, { recursive: true });
    await writeFile(join(storeDir, 'config.crs'), 'x');
    const second = await openVault({ keychain, storeDir });
    expect(second.created).toBe(false);
    expect(second.keyId).toBe(first.keyId);
    expect(second.mainStoresKey().equals(k1)).toBe(true);
  });

  it('two computers get different secrets', async () => {
    const a = await openVault({ keychain: createMemoryKeychain(), storeDir });
    const b = await openVault({ keychain: createMemoryKeychain(), storeDir: join(root, 'b') });
    expect(a.keyId).not.toBe(b.keyId);
  });

  it.each(['KEYCHAIN_UNAVAILABLE', 'KEYCHAIN_LOCKED', 'KEYCHAIN_REFUSED'] as const)(
    'fails closed with %s and writes nothing',
    async (code) => {
      const keychain = createMemoryKeychain();
      keychain.fail(code);
      await expectRefusal(openVault({ keychain, storeDir }), code);
      keychain.fail(null);
      expect(keychain.peek()).toBeNull();
      await expect(stat(storeDir)).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  it('refuses with KEY_MISSING when stores exist but the secret is gone, and creates no new key', async () => {
    await mkdir(storeDir, { recursive: true });
    await writeFile(join(storeDir, 'accounts.crs'), 'ciphertext');
    const keychain = createMemoryKeychain();
    await expectRefusal(openVault({ keychain, storeDir }), 'KEY_MISSING');
    expect(keychain.peek()).toBeNull();
  });

  it('a keychain that reports "not found" while locked is LOCKED, not a first run', async () => {
    const keychain = createMemoryKeychain(Buffer.alloc(32, 1).toString('base64'));
    keychain.lockSilently(true);
    await expectRefusal(openVault({ keychain, storeDir }), 'KEYCHAIN_LOCKED');
    keychain.lockSilently(false);
    expect(keychain.peek()).toBe(Buffer.alloc(32, 1).toString('base64'));
  });

  it('refuses a damaged secret (KEY_INVALID)', async () => {
    for (const bad of ['', 'not base64!!', Buffer.alloc(16).toString('base64')]) {
      await expectRefusal(openVault({ keychain: createMemoryKeychain(bad), storeDir }), 'KEY_INVALID');
    }
  });

  it('close() drops the secret: no more keys', async () => {
    const vault = await openVault({ keychain: createMemoryKeychain(), storeDir });
    vault.close();
    expect(() => vault.practiceDbKey()).toThrow(VaultUnavailableError);
  });

  it('wipe() deletes the keychain entry and every local store (crypto-shred)', async () => {
    const keychain = createMemoryKeychain();
    const extra = join(root, 'IndexedDB');
    const vault = await openVault({ keychain, storeDir, extraWipePaths: [extra] });
    await mkdir(join(storeDir, 'journals'), { recursive: true });
    await writeFile(join(storeDir, 'config.crs'), 'x');
    await writeFile(join(storeDir, 'journals', 'outbox.crs'), 'x');
    await mkdir(extra);
    await writeFile(join(extra, 'db'), 'x');
    await vault.wipe();
    expect(keychain.peek()).toBeNull();
    expect(await readdir(root)).toEqual([]);
    expect(() => vault.mainStoresKey()).toThrow(VaultUnavailableError);
    // After a wipe the computer is a fresh install: a new, different key.
    const again = await openVault({ keychain, storeDir });
    expect(again.created).toBe(true);
    expect(again.keyId).not.toBe(vault.keyId);
  });

  it('wipe() refuses when the keychain will not delete, leaving the stores in place', async () => {
    const keychain = createMemoryKeychain();
    const vault = await openVault({ keychain, storeDir });
    await mkdir(storeDir, { recursive: true });
    await writeFile(join(storeDir, 'config.crs'), 'x');
    keychain.fail('KEYCHAIN_LOCKED');
    await expectRefusal(vault.wipe(), 'KEYCHAIN_LOCKED');
    expect(await readdir(storeDir)).toEqual(['config.crs']);
  });
});

describe('classifyKeychainError', () => {
  it.each([
    ["Couldn't access platform storage: AccessDenied", 'KEYCHAIN_UNAVAILABLE'],
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled', 'KEYCHAIN_UNAVAILABLE'],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'KEYCHAIN_LOCKED'],
    ['The keychain is locked', 'KEYCHAIN_LOCKED'],
    ['User canceled the operation', 'KEYCHAIN_REFUSED'],
    ['Entry is matched by 2 credentials: Ambiguous', 'KEYCHAIN_REFUSED'],
    ['something nobody expected', 'KEYCHAIN_REFUSED'],
  ])('%s -> %s', (message, code) => {
    expect(classifyKeychainError(new Error(message)).code).toBe(code);
  });
});

describe('the practice secret (several desks)', () => {
  const dirs: string[] = [];
  const freshDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'carerelay-vault-practice-'));
    dirs.push(d);
    return d;
  };
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('a new desk creates both secrets: desk keys from its master, shared keys from the practice secret', async () => {
    const keychain = createMemoryKeychain();
    const practiceKeychain = createMemoryKeychain();
    const vault = await openVault({ keychain, practiceKeychain, storeDir: await freshDir() });
    expect(vault.legacyPractice).toBe(false);
    const practice = Buffer.from(practiceKeychain.peek()!, 'base64');
    const master = Buffer.from(keychain.peek()!, 'base64');
    expect(practice.equals(master)).toBe(false);
    expect(vault.practiceDbKey().equals(deriveKey(practice, 'practice-db'))).toBe(true);
    expect(vault.blindIndexKey().equals(deriveKey(practice, 'blind-index'))).toBe(true);
    expect(vault.wireSealKey().equals(deriveKey(practice, 'wire-seal'))).toBe(true);
    expect(vault.mainStoresKey().equals(deriveKey(master, 'main-stores'))).toBe(true);
    expect(vault.auditMacKey().equals(deriveKey(master, 'audit-mac'))).toBe(true);
    expect(vault.practiceSecretForGrant().equals(practice)).toBe(true);
  });

  it('a joining desk adopts the granted secret: its shared keys then match the practice’s', async () => {
    const founder = await openVault({ keychain: createMemoryKeychain(), practiceKeychain: createMemoryKeychain(), storeDir: await freshDir() });
    const joinerPractice = createMemoryKeychain();
    const joiner = await openVault({ keychain: createMemoryKeychain(), practiceKeychain: joinerPractice, storeDir: await freshDir() });
    expect(joiner.practiceKeyId()).not.toBe(founder.practiceKeyId());
    await joiner.adoptPracticeSecret(founder.practiceSecretForGrant());
    expect(joiner.practiceKeyId()).toBe(founder.practiceKeyId());
    expect(joiner.blindIndexKey().equals(founder.blindIndexKey())).toBe(true);
    expect(joiner.mainStoresKey().equals(founder.mainStoresKey())).toBe(false);
    // It persists: the next start reads it back.
    expect(joinerPractice.peek()).toBe(founder.practiceSecretForGrant().toString('base64'));
  });

  it('a desk set up before practice secrets keeps its keys and cannot grant', async () => {
    const keychain = createMemoryKeychain();
    const dir = await freshDir();
    const before = await openVault({ keychain, storeDir: dir });
    const dbKey = Buffer.from(before.practiceDbKey());
    const after = await openVault({ keychain, practiceKeychain: createMemoryKeychain(), storeDir: dir });
    expect(after.created).toBe(false);
    expect(after.legacyPractice).toBe(true);
    expect(after.practiceDbKey().equals(dbKey)).toBe(true);
    expect(() => after.practiceSecretForGrant()).toThrow(VaultUnavailableError);
  });

  it('wipe removes the practice secret too', async () => {
    const practiceKeychain = createMemoryKeychain();
    const vault = await openVault({ keychain: createMemoryKeychain(), practiceKeychain, storeDir: await freshDir() });
    await vault.wipe();
    expect(practiceKeychain.peek()).toBeNull();
  });
});
