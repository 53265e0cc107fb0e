/**
 * The constants both halves of the practice-database key hand-over must agree on: the HKDF
 * info string for the wrapping key (main/vault/key-release.ts derives it with node:crypto, the
 * renderer's data/session/key-handover.ts with WebCrypto) and the AES-GCM additional data that
 * binds each wrapped subkey to its purpose, by the KeyRelease field that carries it.
 */
export const KEY_RELEASE_INFO = 'carerelay/practice-db-key-release/v1';

export const KEY_RELEASE_LABELS = {
  dbKey: 'practice-db',
  indexKey: 'blind-index',
  wireSealKey: 'wire-seal',
  wireIvKey: 'wire-iv',
} as const;

/** The label of a wire key of key epoch `epoch`: epoch 1 keeps the plain label, later epochs name theirs. */
export const wireKeyLabel = (field: 'wireSealKey' | 'wireIvKey', epoch: number): string => (epoch === 1 ? KEY_RELEASE_LABELS[field] : `${KEY_RELEASE_LABELS[field]}/e${epoch}`);
