/**
 * electron-updater behind the UpdaterPort: a generic HTTPS feed or GitHub releases, chosen by
 * the build's configuration (CARERELAY_UPDATE_FEED: an https URL, or github:owner/repo). It
 * never downloads or installs on its own (autoDownload off, install-on-quit armed only by the
 * update service once a verified download is ready). Signature checks are electron-updater's
 * and the OS's: the publisher's code signature on Windows (verifyUpdateCodeSignature) and
 * macOS (Squirrel.Mac), and the sha512 in the feed everywhere.
 */
import type { AppUpdater } from 'electron-updater';
import type { UpdateInfo, UpdaterPort } from './updater-port';

export type UpdateFeed = { readonly provider: 'generic'; readonly url: string } | { readonly provider: 'github'; readonly owner: string; readonly repo: string };

/** Reads the feed setting; null when absent or not acceptable (updates are then off, and say so). */
export function parseUpdateFeed(value: string | undefined): UpdateFeed | null {
  const v = value?.trim();
  if (!v) return null;
  const gh = /^github:([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})$/.exec(v);
  if (gh) return { provider: 'github', owner: gh[1]!, repo: gh[2]! };
  try {
    const url = new URL(v);
    if (url.protocol !== 'https:' || url.username || url.password || url.hash) return null;
    return { provider: 'generic', url: url.href };
  } catch {
    return null;
  }
}

export interface ElectronUpdaterPortOptions {
  /** Called just before a person's "Restart to update" quits the app (so close-to-tray lets it). */
  readonly beforeQuit?: () => void;
  readonly platform?: string;
}

export function electronUpdaterPort(updater: AppUpdater, feed: UpdateFeed, options: ElectronUpdaterPortOptions = {}): UpdaterPort {
  const platform = options.platform ?? process.platform;
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.setFeedURL(feed.provider === 'generic' ? { provider: 'generic', url: feed.url } : { provider: 'github', owner: feed.owner, repo: feed.repo });
  let found: UpdateInfo | null = null;
  return {
    async check() {
      const result = await updater.checkForUpdates();
      if (!result || !result.isUpdateAvailable) return null;
      found = { version: result.updateInfo.version, ...(result.updateInfo.releaseDate ? { releaseDate: result.updateInfo.releaseDate } : {}) };
      return found;
    },
    async download() {
      // electron-updater registers its install-on-quit handler (Windows, Linux) and hands the
      // update to Squirrel.Mac (macOS) only if the flag is on when the download finishes; the
      // update service turns it off again when it fails or is paused (checked again at quit).
      updater.autoInstallOnAppQuit = true;
      await updater.downloadUpdate();
      return found ?? { version: 'unknown' };
    },
    setInstallOnQuit(on) {
      updater.autoInstallOnAppQuit = on;
    },
    quitAndInstall() {
      options.beforeQuit?.();
      // On macOS electron-updater asks Squirrel for the update on an explicit restart only while the flag is off.
      if (platform === 'darwin') updater.autoInstallOnAppQuit = false;
      updater.quitAndInstall(false, true);
    },
  };
}
