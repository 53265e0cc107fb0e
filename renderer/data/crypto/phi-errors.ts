/**
 * The errors the encrypted practice database raises. Messages are written for people and name
 * only the collection and the opaque document id: never a field value (no PHI in errors or logs).
 */

/** The key is not loaded (locked, signed out, or the hand-over failed): nothing is read or written. */
export class PhiKeyMissingError extends Error {
  override readonly name = 'PhiKeyMissingError';
  readonly code = 'PRACTICE_DB_LOCKED';
  constructor(collection: string) {
    super(`The practice database is locked: its key is not loaded, so ${collection} cannot be read or written. Unlock CareRelay and try again.`);
  }
}

/**
 * A stored ciphertext did not authenticate: modified on disk, moved from another record or
 * field, or sealed under another key. The record is left exactly as it is.
 */
export class PhiIntegrityError extends Error {
  override readonly name = 'PhiIntegrityError';
  readonly code = 'PRACTICE_DB_TAMPERED';
  constructor(
    readonly collection: string,
    readonly documentId: string,
    reason: string,
  ) {
    super(`Record ${documentId} in ${collection} failed its integrity check (${reason}). It was not changed; the other records are unaffected.`);
  }
}

/** The database was sealed under a different key than the one this session holds. */
export class PhiWrongKeyError extends Error {
  override readonly name = 'PhiWrongKeyError';
  readonly code = 'PRACTICE_DB_WRONG_KEY';
  constructor() {
    super('This computer’s practice database was encrypted with a different key than the one CareRelay holds now. Nothing was read or changed. Contact the practice’s administrator.');
  }
}
