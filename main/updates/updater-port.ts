/**
 * The small interface CareRelay's update logic talks to, so the logic is tested without an
 * Electron binary: electron-updater behind it in the app (electron-updater-adapter.ts), a feed
 * reader over HTTP in the tests (testing/feed-updater.ts). Failures are typed codes, never the
 * updater's messages (which carry URLs and paths).
 */

export interface UpdateInfo {
  readonly version: string;
  readonly releaseDate?: string;
}

export type UpdateErrorCode = 'OFFLINE' | 'BAD_SIGNATURE' | 'BAD_FEED' | 'DOWNLOAD_FAILED' | 'UNKNOWN';

export class UpdateError extends Error {
  constructor(readonly code: UpdateErrorCode) {
    super(`update failed: ${code}`);
    this.name = 'UpdateError';
  }
}

export interface UpdaterPort {
  /** The newer version on the feed, or null when this one is current. */
  check(): Promise<UpdateInfo | null>;
  /** Downloads and verifies (hash and publisher signature) the version `check` found. */
  download(): Promise<UpdateInfo>;
  /** Whether a downloaded update installs when CareRelay quits. */
  setInstallOnQuit(on: boolean): void;
  /** Quits and installs now (only ever on a person's request). */
  quitAndInstall(): void;
}

const OFFLINE = /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NETWORK_CHANGED|CONNECTION_(REFUSED|RESET|TIMED_OUT|CLOSED)|ADDRESS_UNREACHABLE|PROXY_CONNECTION_FAILED)/;

/** Maps what electron-updater (or a transport) threw to a code. Its message is read, never kept. */
export function classifyUpdateError(error: unknown): UpdateErrorCode {
  if (error instanceof UpdateError) return error.code;
  const code = typeof error === 'object' && error !== null ? String((error as { code?: unknown }).code ?? '') : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE' || code === 'ERR_CHECKSUM_MISMATCH' || /not signed by the application owner|did not pass validation|sha512 checksum mismatch/i.test(message)) return 'BAD_SIGNATURE';
  if (OFFLINE.test(code) || OFFLINE.test(message)) return 'OFFLINE';
  if (/^ERR_UPDATER_(INVALID_UPDATE_INFO|LATEST_VERSION_NOT_FOUND|INVALID_VERSION|CHANNEL_FILE_NOT_FOUND|NO_PUBLISHED_VERSIONS|INVALID_PROVIDER_CONFIGURATION)$/.test(code)) return 'BAD_FEED';
  if (/^ERR_UPDATER_|^HTTP_ERROR_/.test(code) || /HttpError: \d{3}/.test(message)) return 'DOWNLOAD_FAILED';
  return 'UNKNOWN';
}
