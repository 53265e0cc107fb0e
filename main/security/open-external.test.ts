/** SEC-EXT-01: the openExternal wrapper lets only allowlisted https URLs out, parsed with new URL. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron);

import { fake, resetFakeElectron } from '../testing/fake-electron';
import { EXTERNAL_HOST_ALLOWLIST, isAllowedExternalUrl, normaliseExternalUrl, openExternalSafely } from './open-external';

const allowed: Array<[string, string]> = [
  ['https://carerelay.app/help', 'https://carerelay.app/help'],
  ['https://carerelay.app', 'https://carerelay.app/'],
  ['https://www.twilio.com/docs/messaging?x=1#top', 'https://www.twilio.com/docs/messaging?x=1#top'],
  ['https://www.hhs.gov/hipaa/index.html', 'https://www.hhs.gov/hipaa/index.html'],
  ['HTTPS://CareRelay.APP/Help', 'https://carerelay.app/Help'],
];

const refused: Array<[string, unknown]> = [
  ['plain http', 'http://carerelay.app/help'],
  ['file', 'file:///etc/passwd'],
  ['file UNC', 'file://server/share/x'],
  ['smb', 'smb://carerelay.app/share'],
  ['javascript', 'javascript:alert(1)'],
  ['javascript with https text', 'javascript://carerelay.app/%0aalert(1)'],
  ['data', 'data:text/html,<script>alert(1)</script>'],
  ['custom scheme', 'carerelay://open'],
  ['ms-settings', 'ms-settings:privacy'],
  ['vbscript', 'vbscript:msgbox(1)'],
  ['userinfo trick', 'https://carerelay.app@evil.test/'],
  ['userinfo with password', 'https://carerelay.app:pw@evil.test/'],
  ['userinfo on allowed host', 'https://good@carerelay.app/'],
  ['look-alike suffix', 'https://carerelay.app.evil.com/'],
  ['look-alike prefix', 'https://evilcarerelay.app/'],
  ['subdomain not listed', 'https://docs.carerelay.app/'],
  ['bare twilio.com not listed', 'https://twilio.com/'],
  ['trailing dot', 'https://carerelay.app./'],
  ['explicit port', 'https://carerelay.app:8443/'],
  ['explicit default port', 'https://carerelay.app:443/'],
  ['punycode look-alike (Cyrillic a)', 'https://c\u0430rerelay.app/'],
  ['punycode written out', 'https://xn--crerelay-2fg.app/'],
  ['fullwidth dot', 'https://carerelay\uff0eapp.evil.com/'],
  ['backslash host trick', 'https:\\\\evil.test\\carerelay.app'],
  ['backslash after host', 'https://carerelay.app\\@evil.test/'],
  ['leading whitespace', ' https://carerelay.app/'],
  ['embedded newline', 'https://carerelay.app/\nfoo'],
  ['tab in host', 'https://carer\telay.app/'],
  ['scheme-relative', '//carerelay.app/'],
  ['no slashes', 'https:carerelay.app/'],
  ['IP address', 'https://93.184.216.34/'],
  ['IPv6', 'https://[::1]/'],
  ['empty', ''],
  ['not a string', 42],
  ['null', null],
  ['object with toString', { toString: () => 'https://carerelay.app/' }],
  ['too long', `https://carerelay.app/${'a'.repeat(3000)}`],
];

describe('SEC-EXT-01 isAllowedExternalUrl', () => {
  it('exports an exact, frozen hostname allowlist', () => {
    expect(EXTERNAL_HOST_ALLOWLIST).toEqual(['carerelay.app', 'www.twilio.com', 'www.hhs.gov']);
    expect(Object.isFrozen(EXTERNAL_HOST_ALLOWLIST)).toBe(true);
  });

  it.each(allowed)('allows %s', (url, normalised) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
    expect(normaliseExternalUrl(url)).toBe(normalised);
  });

  it.each(refused)('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('SEC-EXT-01 openExternalSafely', () => {
  beforeEach(() => resetFakeElectron());

  it('opens the normalised URL of an allowed link', async () => {
    await expect(openExternalSafely('HTTPS://www.HHS.gov/hipaa')).resolves.toBe(true);
    expect(fake.shell.opened).toEqual(['https://www.hhs.gov/hipaa']);
  });

  it.each(refused)('never calls shell.openExternal for %s', async (_label, url) => {
    await expect(openExternalSafely(url)).resolves.toBe(false);
    expect(fake.shell.opened).toEqual([]);
  });

  it('resolves false when the OS refuses', async () => {
    const spy = vi.spyOn(fake.shell, 'openExternal').mockRejectedValueOnce(new Error('no handler'));
    await expect(openExternalSafely('https://carerelay.app/')).resolves.toBe(false);
    spy.mockRestore();
  });
});
