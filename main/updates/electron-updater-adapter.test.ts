/** electron-updater behind the port: configuration, feed settings, and its errors mapped to codes. */
import { describe, expect, it } from 'vitest';
import type { AppUpdater } from 'electron-updater';
import { electronUpdaterPort, parseUpdateFeed } from './electron-updater-adapter';
import { classifyUpdateError, UpdateError } from './updater-port';

describe('update feed setting', () => {
  it.each<[string | undefined, unknown]>([
    [undefined, null],
    ['', null],
    ['https://updates.carerelay.example/stable/', { provider: 'generic', url: 'https://updates.carerelay.example/stable/' }],
    ['http://updates.carerelay.example/', null],
    ['https://user:pw@updates.carerelay.example/', null],
    ['file:///etc/passwd', null],
    ['github:carerelay/desktop', { provider: 'github', owner: 'carerelay', repo: 'desktop' }],
    ['github:carerelay/desktop/extra', null],
    ['github:../x', null],
  ])('%s → %j', (value, expected) => {
    expect(parseUpdateFeed(value)).toEqual(expected);
  });
});

describe('electron-updater errors become codes (its messages carry URLs and paths)', () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
  it.each<[string, unknown, string]>([
    ['Windows publisher check', err('New version 0.2.0 is not signed by the application owner: publisherNames: CareRelay', 'ERR_UPDATER_INVALID_SIGNATURE'), 'BAD_SIGNATURE'],
    ['sha512 mismatch', err('sha512 checksum mismatch, expected abc, got def', 'ERR_CHECKSUM_MISMATCH'), 'BAD_SIGNATURE'],
    ['macOS code signature', err('Code signature at URL file:///x did not pass validation: code failed to satisfy specified code requirement(s)'), 'BAD_SIGNATURE'],
    ['no network', err('net::ERR_INTERNET_DISCONNECTED'), 'OFFLINE'],
    ['DNS', err('getaddrinfo ENOTFOUND updates.carerelay.example', 'ENOTFOUND'), 'OFFLINE'],
    ['refused', err('connect ECONNREFUSED 127.0.0.1:443', 'ECONNREFUSED'), 'OFFLINE'],
    ['broken latest.yml', err('Cannot parse update info from latest.yml', 'ERR_UPDATER_INVALID_UPDATE_INFO'), 'BAD_FEED'],
    ['no release', err('Unable to find latest version on GitHub', 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND'), 'BAD_FEED'],
    ['HTTP 500', err('HttpError: 500 Internal Server Error', 'HTTP_ERROR_500'), 'DOWNLOAD_FAILED'],
    ['ours', new UpdateError('OFFLINE'), 'OFFLINE'],
    ['anything else', err('boom'), 'UNKNOWN'],
  ])('%s → %s', (_label, error, code) => {
    expect(classifyUpdateError(error)).toBe(code);
  });
});

describe('the electron-updater port', () => {
  function fakeUpdater(result: unknown) {
    const calls: string[] = [];
    const updater = {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      allowDowngrade: true,
      allowPrerelease: true,
      setFeedURL: (o: unknown) => void calls.push(`feed ${JSON.stringify(o)}`),
      checkForUpdates: async () => result,
      downloadUpdate: async () => void calls.push('download'),
      quitAndInstall: (silent: boolean, runAfter: boolean) => void calls.push(`quitAndInstall ${silent} ${runAfter}`),
    };
    return { updater, calls };
  }

  it('never downloads or installs on its own; the service arms install-on-quit', async () => {
    const { updater, calls } = fakeUpdater({ isUpdateAvailable: true, updateInfo: { version: '0.2.0', releaseDate: '2026-12-01' } });
    let quitting = false;
    const port = electronUpdaterPort(updater as unknown as AppUpdater, { provider: 'generic', url: 'https://updates.carerelay.example/' }, { beforeQuit: () => void (quitting = true), platform: 'win32' });
    expect(updater).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false, allowPrerelease: false });
    expect(calls).toEqual(['feed {"provider":"generic","url":"https://updates.carerelay.example/"}']);
    expect(await port.check()).toEqual({ version: '0.2.0', releaseDate: '2026-12-01' });
    // The flag is on while downloading: electron-updater registers its install-on-quit handler only then.
    updater.downloadUpdate = async () => void calls.push(`download with install-on-quit ${updater.autoInstallOnAppQuit}`);
    expect(await port.download()).toEqual({ version: '0.2.0', releaseDate: '2026-12-01' });
    port.setInstallOnQuit(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    port.setInstallOnQuit(true);
    port.quitAndInstall();
    expect(quitting).toBe(true);
    expect(calls.slice(1)).toEqual(['download with install-on-quit true', 'quitAndInstall false true']);
  });

  it('on macOS an explicit restart turns the flag off first, so Squirrel.Mac is asked for the update', () => {
    const { updater, calls } = fakeUpdater(null);
    const port = electronUpdaterPort(updater as unknown as AppUpdater, { provider: 'github', owner: 'o', repo: 'r' }, { platform: 'darwin' });
    port.setInstallOnQuit(true);
    port.quitAndInstall();
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(calls.at(-1)).toBe('quitAndInstall false true');
  });

  it('reports nothing newer as null', async () => {
    const { updater } = fakeUpdater({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } });
    expect(await electronUpdaterPort(updater as unknown as AppUpdater, { provider: 'github', owner: 'o', repo: 'r' }).check()).toBeNull();
  });
});
