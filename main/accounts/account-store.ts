/**
 * Staff accounts as main keeps them, in the encrypted `accounts` store: one record per person
 * (unique username, role, scrypt password record, TOTP secret, hashed recovery codes, lockout
 * counters, disabled flag), plus the hashed administrator-held emergency code and the typed
 * reasons given for emergency access.
 */
import { z } from 'zod';
import { ROLES } from '../../shared/accounts/roles';
import { createEncryptedFileStore, type EncryptedFileStore } from '../store/encrypted-file-store';

const storedCodes = z.object({
  salt: z.string(),
  codes: z.array(z.object({ hash: z.string(), usedAt: z.string().nullable() }).strict()),
}).strict();

export const userRecordSchema = z
  .object({
    id: z.string().min(1).max(64),
    username: z.string().min(3).max(32),
    fullName: z.string().min(2).max(120),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    createdAt: z.string(),
    lastSignInAt: z.string().nullable(),
    passwordHash: z.string(),
    mustChangePassword: z.boolean(),
    totp: z.object({ secret: z.string(), lastTimeStep: z.number().int().nullable() }).strict().nullable(),
    recovery: storedCodes.nullable(),
    lockout: z.object({ failures: z.number().int().nonnegative(), lockedUntil: z.number().nullable() }).strict(),
    /** When each group of fields last changed, on whichever desk (shared/replication/staff-merge.ts). */
    editedAt: z.object({ access: z.number(), credentials: z.number(), lockout: z.number() }).partial().strict().optional(),
  })
  .strict();
export type UserRecord = z.infer<typeof userRecordSchema>;

export const accountsSchema = z
  .object({
    users: z.array(userRecordSchema),
    emergency: storedCodes.nullable(),
    emergencyLog: z.array(z.object({ at: z.string(), reason: z.string().max(500), endsAt: z.string() }).strict()),
    /** When the emergency code last changed (several desks: the later change wins). */
    emergencyEditedAt: z.number().optional(),
  })
  .strict();
export type AccountsDoc = z.infer<typeof accountsSchema>;

export function createAccountsStore(dir: string, key: Uint8Array, keyId: string): EncryptedFileStore<AccountsDoc> {
  return createEncryptedFileStore<AccountsDoc>({ dir, name: 'accounts', key, keyId, schema: 1, parse: (d) => accountsSchema.parse(d) });
}

export function sameUsername(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
