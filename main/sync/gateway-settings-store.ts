/**
 * Owns the gateway settings document: training or production, the real gateway's base URL,
 * account SID, API key SID and secret, sender, pace, whether message text is removed from the
 * gateway after syncing (R14, on by default), and the administrator's BAA record. Kept
 * in an encrypted store under the vault's main-stores key; the secret leaves this module only
 * to build the gateway client, and the screens see only its last four characters.
 */
import { createEncryptedFileStore } from '../store/encrypted-file-store';

export interface BaaRecord {
  /** The gateway vendor the agreement is with ('' for records made before the field existed). */
  readonly vendor: string;
  readonly signedOn: string;
  readonly signer: string;
  readonly reference: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface GatewaySettings {
  readonly mode: 'training' | 'production';
  readonly baseUrl: string | null;
  readonly accountSid: string | null;
  readonly apiKeySid: string | null;
  readonly secret: string | null;
  readonly fromNumber: string | null;
  readonly messagingServiceSid: string | null;
  readonly messagesPerSecond: number;
  /** R14: remove each message's text at a production gateway once it is synced locally. */
  readonly redactAfterSync: boolean;
  /**
   * R25/R29: who answers STOP, HELP and START. Twilio answers them by default on a long code
   * (and with Advanced Opt-Out), so a production gateway defaults to 'gateway' and CareRelay
   * stays silent (never two confirmations); the training sandbox does not answer, so CareRelay
   * does. null = that default for the mode.
   */
  readonly keywordReplies: 'gateway' | 'app' | null;
  readonly baa: BaaRecord | null;
}

export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = {
  mode: 'training',
  baseUrl: 'https://api.twilio.com',
  accountSid: null,
  apiKeySid: null,
  secret: null,
  fromNumber: null,
  messagingServiceSid: null,
  messagesPerSecond: 1,
  redactAfterSync: true,
  keywordReplies: null,
  baa: null,
};

export function keywordRepliesFor(s: Pick<GatewaySettings, 'mode' | 'keywordReplies'>): 'gateway' | 'app' {
  return s.keywordReplies ?? (s.mode === 'production' ? 'gateway' : 'app');
}

export function secretHint(secret: string | null): string | null {
  return secret ? `••••${secret.slice(-4)}` : null;
}

export function createGatewaySettingsStore(dir: string, key: Uint8Array, keyId: string) {
  const store = createEncryptedFileStore<GatewaySettings>({
    dir,
    name: 'gateway-settings',
    key,
    keyId,
    parse: (d) => {
      const s = { ...DEFAULT_GATEWAY_SETTINGS, ...(d as Partial<GatewaySettings>) };
      return s.baa ? { ...s, baa: { ...s.baa, vendor: s.baa.vendor ?? '' } } : s;
    },
  });
  return {
    async read(): Promise<GatewaySettings> {
      return (await store.read())?.data ?? DEFAULT_GATEWAY_SETTINGS;
    },
    async write(next: GatewaySettings): Promise<void> {
      await store.write(next);
    },
  };
}
