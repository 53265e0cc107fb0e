/**
 * Channels of the practice database's key hand-over. The renderer sends an ephemeral ECDH
 * public key; main answers the practice-database, blind-index and replication subkeys wrapped (AES-GCM)
 * under a key agreed with it, so the raw keys never cross IPC in plaintext (SEC-KEY-01) and
 * the renderer unwraps them straight into non-extractable CryptoKeys.
 */
import { z } from 'zod';
import { channel } from '../define';

const b64 = (min: number, max: number) => z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).min(min).max(max);

export const wrappedKeySchema = z.object({ iv: b64(16, 16), wrapped: b64(40, 80) }).strict();

export const practiceDbChannels = {
  'practiceDb.releaseKeys': channel({
    request: z.object({ clientPublicKey: b64(88, 88) }).strict(),
    response: z
      .object({
        serverPublicKey: b64(88, 88),
        salt: b64(24, 24),
        /** AES-256-GCM key for PHI fields. */
        dbKey: wrappedKeySchema,
        /** HMAC-SHA256 key for blind indexes (phone look-ups). */
        indexKey: wrappedKeySchema,
        /** AES-256-GCM key sealing PHI for the practice's replication server. */
        wireSealKey: wrappedKeySchema,
        /** HMAC-SHA256 key for the replication seal's synthetic IVs. */
        wireIvKey: wrappedKeySchema,
        /** The key epoch of those two (1 until a desk is removed and the practice rotates). */
        wireEpoch: z.number().int().min(1).max(65_535),
        /** Earlier epochs' wire keys, to open records sealed before the rotation. */
        olderWire: z.array(z.object({ epoch: z.number().int().min(1).max(65_535), sealKey: wrappedKeySchema, ivKey: wrappedKeySchema }).strict()).max(100),
        /** Public fingerprint of the key set; changes only when the practice is re-keyed. */
        keyId: z.string().regex(/^[0-9a-f]{16}$/),
      })
      .strict(),
    phi: false,
    permission: 'session.self',
    summary: 'Hands the unlocked renderer its database keys, wrapped for its ephemeral ECDH key.',
  }),
} as const;
