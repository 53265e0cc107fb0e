/**
 * A versioned, encrypted JSON document store for main's own small stores (configuration,
 * accounts, journals). One document per file, AES-256-GCM under the main-stores key (see
 * `store-format.ts`), replaced atomically on every write, with the previous good copy kept as
 * `<name>.crs.bak`. A truncated, tampered, renamed or missing file is reported as a
 * `StoreCorruptError` that carries the last good copy; the store never resets itself; the
 * caller (an administrator's decision) calls `restoreLastGood()`, which keeps the damaged
 * file aside for inspection.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { removeStaleTemps, replaceFileAtomically, fsyncDir } from './atomic-file';
import { decodeStore, encodeStore, type DecodeFailure, type StoreEnvelope } from './store-format';

export interface StoreSnapshot<T> {
  data: T;
  /** Counts writes since the store was created; the crash test relies on it. */
  generation: number;
  /** Schema version of `data` as written. */
  schema: number;
  writtenAt: string;
}

export type StoreProblem = DecodeFailure | 'MISSING';

const PROBLEM_TEXT: Record<StoreProblem, string> = {
  TRUNCATED: 'is shorter than it should be (truncated)',
  BAD_MAGIC: 'is not a CareRelay store file',
  UNSUPPORTED_FORMAT: 'was written in a format this version does not know',
  WRONG_KEY: "was encrypted with a different computer's key",
  TAMPERED: 'failed its integrity check (changed, damaged or renamed)',
  BAD_CONTENT: 'decrypted but does not hold a valid document',
  MISSING: 'is missing although its backup copy exists',
};

export class StoreCorruptError extends Error {
  override readonly name = 'StoreCorruptError';
  readonly store: string;
  readonly problem: StoreProblem;
  /** The last good copy, if one survives; offered to the user, never applied automatically. */
  readonly lastGood: StoreSnapshot<unknown> | null;

  constructor(store: string, problem: StoreProblem, lastGood: StoreSnapshot<unknown> | null) {
    super(
      `The CareRelay ${store} store ${PROBLEM_TEXT[problem]}. Nothing was changed. ` +
        (lastGood
          ? `A previous good copy from ${lastGood.writtenAt} can be restored.`
          : 'No previous good copy exists; restore from a backup or contact support.'),
    );
    this.store = store;
    this.problem = problem;
    this.lastGood = lastGood;
  }
}

export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
  constructor(store: string, found: number, supported: number) {
    super(`The CareRelay ${store} store was written by a newer version (schema ${found}; this version reads up to ${supported}). Update CareRelay.`);
  }
}

export interface EncryptedFileStoreOptions<T> {
  dir: string;
  /** Store name: lower-case letters, digits and dashes; the file is `<name>.crs`. */
  name: string;
  /** The main-stores subkey (32 bytes). */
  key: Uint8Array;
  /** The vault's key id (16 hex digits), written into the header. */
  keyId: string;
  /** Current schema version of the document (default 1). */
  schema?: number;
  /** Validates (and may normalise) a decrypted document; throw to reject it. */
  parse?: (data: unknown) => T;
  /** Upgrades a document written under an older schema. */
  migrate?: (data: unknown, fromSchema: number) => unknown;
  now?: () => Date;
}

export interface EncryptedFileStore<T> {
  readonly path: string;
  readonly backupPath: string;
  /** The current document, or null when the store was never written. Throws StoreCorruptError. */
  read(): Promise<StoreSnapshot<T> | null>;
  /** Writes a new generation atomically. Refuses (StoreCorruptError) while the current file is damaged. */
  write(data: T): Promise<StoreSnapshot<T>>;
  /**
   * Read-modify-write as one step, in turn with every other read and write: `change` gets the
   * current snapshot (null when never written) and returns the data to write. It must not wait on
   * anything slow: reads queue behind it.
   */
  update(change: (current: StoreSnapshot<T> | null) => T | Promise<T>): Promise<StoreSnapshot<T>>;
  /** The previous good copy (`.bak`), if it decrypts. */
  readLastGood(): Promise<StoreSnapshot<T> | null>;
  /** Moves the damaged file aside and makes the last good copy current again. */
  restoreLastGood(): Promise<StoreSnapshot<T>>;
}

type FileState = { kind: 'absent' } | { kind: 'ok'; envelope: StoreEnvelope } | { kind: 'bad'; problem: DecodeFailure };

export function createEncryptedFileStore<T>(options: EncryptedFileStoreOptions<T>): EncryptedFileStore<T> {
  const { dir, name, key, keyId } = options;
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) throw new TypeError(`invalid store name: ${name}`);
  if (key.length !== 32) throw new RangeError('store key must be 32 bytes');
  const schema = options.schema ?? 1;
  const now = options.now ?? (() => new Date());
  const fileName = `${name}.crs`;
  const path = join(dir, fileName);
  const backupPath = `${path}.bak`;
  let queue: Promise<unknown> = Promise.resolve();

  const serial = <R>(op: () => Promise<R>): Promise<R> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };

  async function load(file: string): Promise<FileState> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
      throw err;
    }
    // The backup is authenticated under the main file's name: it is a hard link to a former main file.
    const decoded = decodeStore(key, keyId, fileName, bytes);
    return decoded.ok ? { kind: 'ok', envelope: decoded.envelope } : { kind: 'bad', problem: decoded.reason };
  }

  function toSnapshot(envelope: StoreEnvelope): StoreSnapshot<T> {
    if (envelope.schema > schema) throw new StoreVersionError(name, envelope.schema, schema);
    let data: unknown = envelope.data;
    if (envelope.schema < schema) {
      if (!options.migrate) throw new StoreVersionError(name, envelope.schema, schema);
      data = options.migrate(data, envelope.schema);
    }
    return {
      data: options.parse ? options.parse(data) : (data as T),
      generation: envelope.generation,
      schema: envelope.schema,
      writtenAt: envelope.writtenAt,
    };
  }

  async function lastGood(): Promise<StoreSnapshot<T> | null> {
    const state = await load(backupPath);
    if (state.kind !== 'ok') return null;
    try {
      return toSnapshot(state.envelope);
    } catch {
      return null;
    }
  }

  async function corrupt(problem: StoreProblem): Promise<StoreCorruptError> {
    return new StoreCorruptError(name, problem, await lastGood());
  }

  async function current(): Promise<StoreEnvelope | null> {
    const state = await load(path);
    if (state.kind === 'ok') return state.envelope;
    if (state.kind === 'bad') throw await corrupt(state.problem);
    if ((await load(backupPath)).kind !== 'absent') throw await corrupt('MISSING');
    return null;
  }

  async function writeGeneration(data: T, generation: number, keepBackup: boolean): Promise<StoreSnapshot<T>> {
    const envelope: StoreEnvelope = { generation, schema, writtenAt: now().toISOString(), data };
    if (options.parse) options.parse(data);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await removeStaleTemps(path);
    await replaceFileAtomically(path, encodeStore(key, keyId, fileName, envelope), keepBackup ? backupPath : undefined);
    return { data, generation, schema, writtenAt: envelope.writtenAt };
  }

  return {
    path,
    backupPath,
    read: () =>
      serial(async () => {
        const envelope = await current();
        return envelope ? toSnapshot(envelope) : null;
      }),
    write: (data) =>
      serial(async () => {
        const envelope = await current();
        return writeGeneration(data, (envelope?.generation ?? 0) + 1, envelope !== null);
      }),
    update: (change) =>
      serial(async () => {
        const envelope = await current();
        const data = await change(envelope ? toSnapshot(envelope) : null);
        return writeGeneration(data, (envelope?.generation ?? 0) + 1, envelope !== null);
      }),
    readLastGood: () => serial(lastGood),
    restoreLastGood: () =>
      serial(async () => {
        const state = await load(path);
        if (state.kind === 'ok') throw new Error(`The CareRelay ${name} store is not damaged; nothing to restore.`);
        const good = await lastGood();
        if (!good) throw new StoreCorruptError(name, state.kind === 'bad' ? state.problem : 'MISSING', null);
        if (state.kind === 'bad') {
          const stamp = now().toISOString().replace(/[:.]/g, '-');
          await rename(path, `${path}.damaged-${stamp}`);
          await fsyncDir(dir);
        }
        // The backup stays as it is: it is still the last good copy.
        return writeGeneration(good.data, good.generation + 1, false);
      }),
  };
}
