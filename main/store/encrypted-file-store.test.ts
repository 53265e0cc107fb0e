import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile, rename, unlink, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEncryptedFileStore, StoreCorruptError, StoreVersionError, type EncryptedFileStoreOptions } from './encrypted-file-store';
import { HEADER_BYTES } from './store-format';

type Config = { practiceName: string; idleMinutes: number };
const key = randomBytes(32);
const keyId = '0123456789abcdef';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carerelay-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (extra: Partial<EncryptedFileStoreOptions<Config>> = {}) =>
  createEncryptedFileStore<Config>({ dir, name: 'config', key, keyId, ...extra });

async function corruptErr(p: Promise<unknown>): Promise<StoreCorruptError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreCorruptError);
  return err as StoreCorruptError;
}

describe('encrypted file store', () => {
  it('updates as one step: concurrent updates lose nothing, and a refusing change writes nothing', async () => {
    const store = open();
    const first = await store.update((current) => {
      expect(current).toBeNull();
      return { practiceName: 'Elm Street Clinic', idleMinutes: 0 };
    });
    expect(first.generation).toBe(1);
    await Promise.all(Array.from({ length: 5 }, () => store.update((current) => ({ ...current!.data, idleMinutes: current!.data.idleMinutes + 1 }))));
    expect((await store.read())?.data.idleMinutes).toBe(5);
    await expect(store.update(() => { throw new Error('refused'); })).rejects.toThrow('refused');
    expect((await open().read())?.generation).toBe(6);
  });

  it('reads null before the first write, then round-trips with rising generations', async () => {
    const store = open();
    expect(await store.read()).toBeNull();
    const a = await store.write({ practiceName: 'Elm Street Clinic', idleMinutes: 10 });
    const b = await store.write({ practiceName: 'Elm Street Clinic', idleMinutes: 5 });
    expect([a.generation, b.generation]).toEqual([1, 2]);
    const again = await open().read();
    expect(again?.data).toEqual({ practiceName: 'Elm Street Clinic', idleMinutes: 5 });
    expect(again?.generation).toBe(2);
    expect((await store.readLastGood())?.data.idleMinutes).toBe(10);
  });

  it('never writes plaintext: the file has the header and no readable content', async () => {
    const store = open();
    await store.write({ practiceName: 'Elm Street Clinic', idleMinutes: 10 });
    const bytes = await readFile(store.path);
    expect(bytes.subarray(0, 4).toString()).toBe('CRST');
    expect(bytes[4]).toBe(1);
    expect(bytes.subarray(5, 13).toString('hex')).toBe(keyId);
    expect(bytes.toString('latin1')).not.toContain('Elm Street');
    expect(await readdir(dir)).toEqual(['config.crs']);
  });

  it('uses a fresh IV on every write', async () => {
    const store = open();
    const ivs = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await store.write({ practiceName: 'x', idleMinutes: 10 });
      ivs.add((await readFile(store.path)).subarray(HEADER_BYTES - 12, HEADER_BYTES).toString('hex'));
    }
    expect(ivs.size).toBe(5);
  });

  it.each([
    ['one flipped ciphertext byte', async (p: string) => flip(p, HEADER_BYTES + 3), 'TAMPERED'],
    ['one flipped tag byte', async (p: string) => flip(p, -1), 'TAMPERED'],
    ['one flipped IV byte', async (p: string) => flip(p, HEADER_BYTES - 1), 'TAMPERED'],
    ['a changed key id', async (p: string) => flip(p, 6), 'WRONG_KEY'],
    ['a changed magic', async (p: string) => flip(p, 0), 'BAD_MAGIC'],
    ['an unknown format version', async (p: string) => flip(p, 4), 'UNSUPPORTED_FORMAT'],
    ['truncation by one byte', async (p: string) => shorten(p, 1), 'TAMPERED'],
    ['truncation to the header', async (p: string) => truncate(p, HEADER_BYTES), 'TRUNCATED'],
    ['an empty file', async (p: string) => truncate(p, 0), 'TRUNCATED'],
    ['a deleted file', async (p: string) => unlink(p), 'MISSING'],
  ] as const)('detects %s and offers the last good copy without resetting', async (_label, damage, problem) => {
    const store = open();
    await store.write({ practiceName: 'old', idleMinutes: 10 });
    await store.write({ practiceName: 'new', idleMinutes: 10 });
    await damage(store.path);
    const before = await readdir(dir);
    const err = await corruptErr(store.read());
    expect(err.problem).toBe(problem);
    expect(err.lastGood?.data).toEqual({ practiceName: 'old', idleMinutes: 10 });
    expect(err.message).toMatch(/Nothing was changed/);
    // Writing over a damaged store is refused too: no silent reset.
    await corruptErr(store.write({ practiceName: 'fresh', idleMinutes: 1 }));
    expect(await readdir(dir)).toEqual(before);

    const restored = await store.restoreLastGood();
    expect(restored.data.practiceName).toBe('old');
    expect((await open().read())?.data.practiceName).toBe('old');
    if (problem !== 'MISSING') expect((await readdir(dir)).some((f) => f.startsWith('config.crs.damaged-'))).toBe(true);
  });

  it('reports damage with no good copy left, and offers nothing', async () => {
    const store = open();
    await store.write({ practiceName: 'only', idleMinutes: 10 });
    await flip(store.path, HEADER_BYTES);
    const err = await corruptErr(store.read());
    expect(err.lastGood).toBeNull();
    expect(err.message).toMatch(/No previous good copy/);
    await corruptErr(store.restoreLastGood());
  });

  it('binds the file name: a store file copied over another store does not open', async () => {
    const accounts = createEncryptedFileStore<Config>({ dir, name: 'accounts', key, keyId });
    await accounts.write({ practiceName: 'accounts', idleMinutes: 1 });
    await rename(accounts.path, join(dir, 'config.crs'));
    expect((await corruptErr(open().read())).problem).toBe('TAMPERED');
  });

  it('a different key fails authentication; a different key id is WRONG_KEY', async () => {
    await open().write({ practiceName: 'x', idleMinutes: 1 });
    const other = createEncryptedFileStore<Config>({ dir, name: 'config', key: randomBytes(32), keyId });
    expect((await corruptErr(other.read())).problem).toBe('TAMPERED');
    const otherId = createEncryptedFileStore<Config>({ dir, name: 'config', key, keyId: 'ffffffffffffffff' });
    expect((await corruptErr(otherId.read())).problem).toBe('WRONG_KEY');
  });

  it('restoreLastGood refuses when the store is not damaged', async () => {
    const store = open();
    await store.write({ practiceName: 'a', idleMinutes: 1 });
    await store.write({ practiceName: 'b', idleMinutes: 1 });
    await expect(store.restoreLastGood()).rejects.toThrow(/not damaged/);
  });

  it('migrates older schemas and refuses newer ones', async () => {
    await createEncryptedFileStore<{ name: string }>({ dir, name: 'config', key, keyId, schema: 1 }).write({ name: 'Elm' });
    const v2 = open({
      schema: 2,
      migrate: (data, from) => (from === 1 ? { practiceName: (data as { name: string }).name, idleMinutes: 10 } : data),
    });
    expect((await v2.read())?.data).toEqual({ practiceName: 'Elm', idleMinutes: 10 });
    await v2.write({ practiceName: 'Elm', idleMinutes: 10 });
    await expect(open({ schema: 1 }).read()).rejects.toBeInstanceOf(StoreVersionError);
  });

  it('validates documents with parse on read and write', async () => {
    const parse = (d: unknown): Config => {
      const c = d as Config;
      if (typeof c.idleMinutes !== 'number' || c.idleMinutes < 1) throw new TypeError('idleMinutes must be >= 1');
      return c;
    };
    const store = open({ parse });
    await expect(store.write({ practiceName: 'x', idleMinutes: 0 })).rejects.toThrow(/idleMinutes/);
    expect(await store.read()).toBeNull();
  });

  it('serialises concurrent writes and cleans stale temp files', async () => {
    const store = open();
    await writeFile(join(dir, '.config.crs.tmp-999-abc'), 'half-written');
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.write({ practiceName: `p${i}`, idleMinutes: i + 1 })));
    const snap = await store.read();
    expect(snap?.generation).toBe(10);
    expect(snap?.data.practiceName).toBe('p9');
    expect((await readdir(dir)).sort()).toEqual(['config.crs', 'config.crs.bak']);
  });

  it('rejects unsafe store names', () => {
    expect(() => createEncryptedFileStore({ dir, name: '../etc', key, keyId })).toThrow(TypeError);
  });
});

async function flip(path: string, index: number): Promise<void> {
  const bytes = await readFile(path);
  const i = index < 0 ? bytes.length + index : index;
  bytes[i] = (bytes[i] ?? 0) ^ 0x01;
  await writeFile(path, bytes);
}

async function shorten(path: string, by: number): Promise<void> {
  const bytes = await readFile(path);
  await writeFile(path, bytes.subarray(0, bytes.length - by));
}
