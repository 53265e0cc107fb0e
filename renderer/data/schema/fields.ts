/**
 * Field definitions shared by the practice database's schemas: ids, epoch-millisecond times,
 * the inverted time key that lets the Dexie storage list newest-first with an ascending index,
 * and the blind-index hash. Pure data.
 */

/** Latest time the keys can express: year 2286. Inverted keys are `TIME_MAX - time`. */
export const TIME_MAX = 9_999_999_999_999;

export const invertTime = (ms: number): number => TIME_MAX - ms;

export const idField = { type: 'string', maxLength: 64 } as const;
/** Index-safe epoch milliseconds. */
export const timeField = { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 } as const;
export const optionalText = (maxLength: number) => ({ type: 'string', maxLength }) as const;
/** HMAC-SHA256 as base64url (43 chars). */
export const blindHashField = { type: 'string', maxLength: 64 } as const;
