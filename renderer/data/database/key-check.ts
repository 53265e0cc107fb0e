/**
 * The database's key check: a small sealed value in a local (internal) document, written when the
 * database is created and opened on every later open. A session holding a different key learns
 * that at open, with a clear error, before anything is read or written.
 */
import { openPack, sealPacks } from '../crypto/phi-cipher';
import { PhiIntegrityError, PhiWrongKeyError } from '../crypto/phi-errors';

const CHECK_ID = 'key-check';
const CHECK_SCOPE = '_key-check';
const CHECK_PATHS = ['check'] as const;
const CHECK_VALUE = 'carerelay-practice-db';

export interface KeyCheckDoc {
  keyId: string;
  sealed: string;
}

/** The database's local documents, as far as the key check needs them. */
export interface LocalStore {
  readonly name: string;
  read(id: string): Promise<unknown>;
  insert(id: string, data: KeyCheckDoc): Promise<unknown>;
}

export async function verifyOrWriteKeyCheck(db: LocalStore, dbKey: CryptoKey, keyId: string): Promise<'created' | 'verified'> {
  const existing = (await db.read(CHECK_ID)) as KeyCheckDoc | null;
  if (!existing) {
    const [sealed] = await sealPacks(dbKey, CHECK_SCOPE, CHECK_PATHS, [{ documentId: db.name, values: { check: CHECK_VALUE } }]);
    await db.insert(CHECK_ID, { keyId, sealed: sealed! });
    return 'created';
  }
  const data = existing;
  try {
    const opened = await openPack(dbKey, CHECK_SCOPE, db.name, CHECK_PATHS, data.sealed);
    if (opened.check !== CHECK_VALUE) throw new PhiWrongKeyError();
  } catch (error) {
    if (error instanceof PhiIntegrityError || error instanceof PhiWrongKeyError) throw new PhiWrongKeyError();
    throw error;
  }
  return 'verified';
}
