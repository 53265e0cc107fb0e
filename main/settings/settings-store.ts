/**
 * The practice's configuration in main's encrypted store: practice name, time zone and phone,
 * the idle-lock time, when an unlock needs the authenticator code, and this computer's device
 * id for the audit trail. Written once by first-run set-up; changed by administrators.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createEncryptedFileStore, type EncryptedFileStore } from '../store/encrypted-file-store';

export const configSchema = z
  .object({
    practice: z.object({ name: z.string().min(2).max(120), timeZone: z.string().min(3).max(64), phone: z.string().min(10).max(20) }).strict(),
    idleMinutes: z.number().int().min(1).max(30),
    unlockCodeAfterMinutes: z.number().int().min(0).max(24 * 60),
    deviceId: z.string().min(8).max(64),
    createdAt: z.string(),
    /** When an administrator last changed the shared settings (several desks: the later change wins). */
    editedAt: z.number().optional(),
  })
  .strict();
export type PracticeConfig = z.infer<typeof configSchema>;

export const DEFAULT_IDLE_MINUTES = 10;
export const DEFAULT_UNLOCK_CODE_AFTER_MINUTES = 60;

export function newConfig(practice: PracticeConfig['practice'], now: Date): PracticeConfig {
  return {
    practice,
    idleMinutes: DEFAULT_IDLE_MINUTES,
    unlockCodeAfterMinutes: DEFAULT_UNLOCK_CODE_AFTER_MINUTES,
    deviceId: `desk-${randomUUID().slice(0, 8)}`,
    createdAt: now.toISOString(),
  };
}

export function createConfigStore(dir: string, key: Uint8Array, keyId: string): EncryptedFileStore<PracticeConfig> {
  return createEncryptedFileStore<PracticeConfig>({ dir, name: 'config', key, keyId, schema: 1, parse: (d) => configSchema.parse(d) });
}
