/** SEC-PROTO-01: app:// serves only files under the renderer root; traversal of any kind is a 404. */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron);

import { fake, resetFakeElectron } from '../testing/fake-electron';
import { CONTENT_SECURITY_POLICY } from '../security/session-hardening';
import { mimeTypeFor, registerAppProtocol, registerAppScheme, resolveAppPath, serveAppRequest } from './app-protocol';

describe('SEC-PROTO-01 resolveAppPath (pure)', () => {
  const ok: Array<[string, string, boolean]> = [
    ['app://carerelay/', 'index.html', false],
    ['app://carerelay/index.html', 'index.html', false],
    ['app://carerelay/assets/app-1234.js', 'assets/app-1234.js', false],
    ['app://carerelay/assets/my%20font.woff2', 'assets/my font.woff2', false],
    ['app://carerelay/index.html?x=1#frag', 'index.html', false],
    ['app://carerelay/inbox', 'inbox', true],
    ['app://carerelay/inbox/thread', 'inbox/thread', true],
    ['app://carerelay/assets/', 'assets/index.html', false],
  ];
  it.each(ok)('resolves %s', (url, relative, spaFallback) => {
    expect(resolveAppPath(url)).toEqual({ kind: 'file', relative, spaFallback });
  });

  const refused: Array<[string, string]> = [
    ['dot-dot', 'app://carerelay/../main/index.cjs'],
    ['dot-dot deeper', 'app://carerelay/assets/../../main/index.cjs'],
    ['dot-dot at end', 'app://carerelay/assets/..'],
    ['single dot', 'app://carerelay/./index.html'],
    ['encoded dot-dot', 'app://carerelay/%2e%2e/main/index.cjs'],
    ['encoded dot-dot upper', 'app://carerelay/%2E%2E/%2E%2E/etc/passwd'],
    ['mixed encoded dot', 'app://carerelay/.%2e/etc/passwd'],
    ['double-encoded dot-dot', 'app://carerelay/%252e%252e/etc/passwd'],
    ['encoded slash', 'app://carerelay/assets%2f..%2f..%2fetc%2fpasswd'],
    ['encoded backslash', 'app://carerelay/..%5c..%5cwindows'],
    ['backslash', 'app://carerelay/..\\..\\windows\\win.ini'],
    ['backslash inside name', 'app://carerelay/assets\\x.js'],
    ['NUL encoded', 'app://carerelay/index.html%00.png'],
    ['NUL raw', 'app://carerelay/index.html\u0000.png'],
    ['absolute path after host', 'app://carerelay//etc/passwd'],
    ['windows drive', 'app://carerelay/C:/Windows/win.ini'],
    ['encoded drive colon', 'app://carerelay/C%3A/Windows'],
    ['other host', 'app://evil/index.html'],
    ['host with port', 'app://carerelay:80/index.html'],
    ['userinfo', 'app://x@carerelay/index.html'],
    ['file scheme', 'file:///etc/passwd'],
    ['https scheme', 'https://carerelay/index.html'],
    ['malformed escape', 'app://carerelay/%E0%A4%A'],
    ['control character', 'app://carerelay/a\u0001b'],
  ];
  it.each(refused)('refuses %s', (_label, url) => {
    expect(resolveAppPath(url)).toEqual({ kind: 'refused' });
  });
});

describe('SEC-PROTO-01 serveAppRequest', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'carerelay-proto-'));
    root = path.join(base, 'renderer');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>CareRelay</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
    writeFileSync(path.join(root, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(path.join(root, 'assets', 'blob.bin'), 'x');
    writeFileSync(path.join(base, 'secret.txt'), 'outside the root');
    mkdirSync(path.join(base, 'main'));
    writeFileSync(path.join(base, 'main', 'index.cjs'), 'main code');
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'escape.txt'));
    symlinkSync(path.join(base, 'main'), path.join(root, 'linked-dir'));
    symlinkSync(path.join(root, 'assets', 'app.js'), path.join(root, 'assets', 'alias.js'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('serves / and index.html as HTML with the CSP header', async () => {
    for (const url of ['app://carerelay/', 'app://carerelay/index.html']) {
      const res = await serveAppRequest(root, url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<title>CareRelay</title>');
    }
  });

  it.each([
    ['app://carerelay/assets/app.js', 'text/javascript; charset=utf-8'],
    ['app://carerelay/assets/app.css', 'text/css; charset=utf-8'],
    ['app://carerelay/assets/logo.svg', 'image/svg+xml'],
    ['app://carerelay/assets/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s without a page CSP', async (url, type) => {
    const res = await serveAppRequest(root, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBeNull();
  });

  it('falls back to index.html for extension-less routes only', async () => {
    const route = await serveAppRequest(root, 'app://carerelay/inbox/thread');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await serveAppRequest(root, 'app://carerelay/assets/missing.js')).status).toBe(404);
  });

  it('never lists a directory: an extension-less directory name gets the SPA page', async () => {
    const res = await serveAppRequest(root, 'app://carerelay/assets');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>CareRelay</title>');
  });

  it('follows a symlink that stays inside the root', async () => {
    const res = await serveAppRequest(root, 'app://carerelay/assets/alias.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
  });

  it.each([
    'app://carerelay/../secret.txt',
    'app://carerelay/%2e%2e/secret.txt',
    'app://carerelay/assets/%2e%2e/%2e%2e/main/index.cjs',
    'app://carerelay/..%2fsecret.txt',
    'app://carerelay/..\\secret.txt',
    'app://carerelay/secret.txt%00.html',
    'app://carerelay/assets/escape.txt',
    'app://carerelay/linked-dir/index.cjs',
    'file:///etc/passwd',
  ])('answers 404 for %s and never leaks the file', async (url) => {
    const res = await serveAppRequest(root, url);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain('outside the root');
    expect(text).not.toContain('main code');
  });

  it('answers 404 for the absolute path of a file outside the root', async () => {
    const res = await serveAppRequest(root, `app://carerelay/${path.join(base, 'secret.txt')}`);
    expect(res.status).toBe(404);
    const viaFileUrl = await serveAppRequest(root, `app://carerelay/file://${path.join(base, 'secret.txt')}`);
    expect(viaFileUrl.status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serveAppRequest(root, 'app://carerelay/index.html', 'POST')).status).toBe(405);
    const head = await serveAppRequest(root, 'app://carerelay/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 when the root does not exist', async () => {
    expect((await serveAppRequest(path.join(base, 'nope'), 'app://carerelay/index.html')).status).toBe(404);
  });

  it('knows the MIME types of renderer assets', () => {
    expect(mimeTypeFor('a.HTML')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.png')).toBe('image/png');
  });
});

describe('SEC-PROTO-01 registration', () => {
  beforeEach(() => resetFakeElectron());

  it('registers app: as a standard, secure, fetch-capable scheme before ready', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('handles app: on the given session and serves through serveAppRequest', async () => {
    const ses = fake.session.fromPartition('persist:carerelay');
    registerAppProtocol(ses as never, '/definitely/not/there');
    const handler = ses.protocol.handlers.get('app');
    expect(handler).toBeTypeOf('function');
    const res = await handler!(new Request('app://carerelay/%2e%2e/x'));
    expect(res.status).toBe(404);
    expect(fake.session.defaultSession.protocol.handlers.has('file')).toBe(false);
  });
});
