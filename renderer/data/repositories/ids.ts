/** Opaque record ids (random UUIDs): they carry no PHI, so they may appear in audit records and logs. */
export const newId = (prefix: string): string => `${prefix}-${globalThis.crypto.randomUUID()}`;
