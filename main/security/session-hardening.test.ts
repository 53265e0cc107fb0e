/**
 * SEC-NAV-01, SEC-NAV-02, SEC-WIN-06, SEC-PERM-01, SEC-CSP-01 (header), SEC-TLS-01 (unit):
 * the hardening installed on every webContents and on both sessions.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron);

import { FakeBrowserWindow, FakeWebContents, fake, fakeEvent, resetFakeElectron, type FakeSession } from '../testing/fake-electron';
import { APP_PARTITION } from './app-origin';
import {
  CONTENT_SECURITY_POLICY,
  checkPermission,
  guardNavigation,
  installSecurityHardening,
  resetHardeningForTests,
  withCspHeader,
} from './session-hardening';

const FOREIGN_URLS = [
  'https://evil.test',
  'https://evil.test/app://carerelay',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'http://carerelay',
  'app://carerelay.evil.test/index.html',
  'app://evil/index.html',
  'app://x@carerelay/index.html',
  'app://carerelay:8080/index.html',
  'data:text/html,<h1>x</h1>',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  '',
  'not a url',
];

function install(): { contents: FakeWebContents; defaultSession: FakeSession; partition: FakeSession } {
  installSecurityHardening();
  const win = new FakeBrowserWindow({ webPreferences: { partition: APP_PARTITION } });
  return {
    contents: win.webContents,
    defaultSession: fake.session.defaultSession,
    partition: fake.session.fromPartition(APP_PARTITION),
  };
}

beforeEach(() => {
  resetFakeElectron();
  resetHardeningForTests();
});

describe('SEC-NAV-01 will-navigate and will-redirect', () => {
  it.each(FOREIGN_URLS)('prevents navigating or redirecting to %j', (url) => {
    const { contents } = install();
    expect(contents.fire('will-navigate', url).defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect', url).defaultPrevented).toBe(true);
  });

  it.each(FOREIGN_URLS)('prevents any frame from navigating to %j (will-frame-navigate)', (url) => {
    const { contents } = install();
    const details = fakeEvent({ url, isMainFrame: false, isSameDocument: false });
    contents.emit('will-frame-navigate', details);
    expect(details.defaultPrevented).toBe(true);
  });

  it.each(['app://carerelay/index.html', 'app://carerelay/inbox?x=1', 'app://carerelay/'])('lets the app move within %s', (url) => {
    const { contents } = install();
    expect(contents.fire('will-navigate', url).defaultPrevented).toBe(false);
    expect(contents.fire('will-redirect', url).defaultPrevented).toBe(false);
  });

  it('guards webContents created by anything, not just our windows', () => {
    installSecurityHardening();
    const stray = new FakeWebContents(fake.session.defaultSession);
    fake.app.emit('web-contents-created', fakeEvent(), stray);
    expect(stray.fire('will-navigate', 'https://evil.test').defaultPrevented).toBe(true);
    expect(stray.windowOpenHandler).not.toBeNull();
  });

  it('the pure guard agrees', () => {
    const event = fakeEvent();
    guardNavigation(event, 'javascript:alert(1)');
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('SEC-NAV-02 setWindowOpenHandler', () => {
  it.each([...FOREIGN_URLS, 'app://carerelay/index.html', 'https://carerelay.app/help'])('denies window.open(%j)', (url) => {
    const { contents } = install();
    expect(contents.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' })).toEqual({
      action: 'deny',
    });
  });
});

describe('SEC-WIN-06 will-attach-webview', () => {
  it('prevents every <webview> from attaching', () => {
    const { contents } = install();
    const webPreferences = { preload: '/evil.js', nodeIntegration: true };
    const event = contents.fire('will-attach-webview', webPreferences, { src: 'app://carerelay/index.html' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('SEC-PERM-01 permission handlers', () => {
  const DENIED = ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'midiSysex', 'hid', 'serial', 'usb', 'display-capture', 'fullscreen', 'pointerLock', 'unknown'];
  const sessions = ['default', 'partition'] as const;

  function sessionOf(which: (typeof sessions)[number]) {
    const { defaultSession, partition } = install();
    return which === 'default' ? defaultSession : partition;
  }

  function request(ses: FakeSession, permission: string, url: string, isMainFrame = true): boolean {
    let granted: boolean | undefined;
    const contents = { getURL: () => url };
    ses.permissionRequestHandler?.(contents, permission, (g: unknown) => (granted = g as boolean), { requestingUrl: url, isMainFrame });
    if (granted === undefined) throw new Error('the request handler never answered');
    return granted;
  }

  function check(ses: FakeSession, permission: string, origin: string, url?: string): boolean {
    return ses.permissionCheckHandler!(null, permission, origin, { requestingUrl: url, isMainFrame: true });
  }

  it.each(sessions)('installs request, check and device handlers on the %s session', (which) => {
    const ses = sessionOf(which);
    expect(ses.permissionRequestHandler).toBeTypeOf('function');
    expect(ses.permissionCheckHandler).toBeTypeOf('function');
    expect(ses.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://carerelay' })).toBe(false);
  });

  describe.each(sessions)('on the %s session', (which) => {
    it.each(DENIED)('denies %s even to the app origin', (permission) => {
      const ses = sessionOf(which);
      expect(request(ses, permission, 'app://carerelay/index.html')).toBe(false);
      expect(check(ses, permission, 'app://carerelay', 'app://carerelay/index.html')).toBe(false);
    });

    it('grants notifications to the app origin only', () => {
      const ses = sessionOf(which);
      expect(request(ses, 'notifications', 'app://carerelay/index.html')).toBe(true);
      expect(check(ses, 'notifications', 'app://carerelay')).toBe(true);
      expect(check(ses, 'notifications', 'app://carerelay', 'app://carerelay/index.html')).toBe(true);
      for (const url of ['https://evil.test/', 'file:///etc/passwd', 'app://evil/', 'app://carerelay.evil.test/', '']) {
        expect(request(ses, 'notifications', url)).toBe(false);
        expect(check(ses, 'notifications', url)).toBe(false);
      }
    });

    it('denies notifications to a subframe', () => {
      const ses = sessionOf(which);
      expect(request(ses, 'notifications', 'app://carerelay/index.html', false)).toBe(false);
    });
  });

  it('a request without details falls back to the webContents URL', () => {
    const { partition } = install();
    let granted: boolean | undefined;
    partition.permissionRequestHandler?.({ getURL: () => 'https://evil.test/' }, 'notifications', (g: unknown) => (granted = g as boolean));
    expect(granted).toBe(false);
  });

  it('check handler refuses a mismatched requesting URL', () => {
    expect(checkPermission(null, 'notifications', 'app://carerelay', { requestingUrl: 'https://evil.test/' })).toBe(false);
  });
});

describe('SEC-CSP-01 Content-Security-Policy header', () => {
  it('has the required directives', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("form-action 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });

  it("has no 'unsafe-eval', no wildcard, no http: or ws:", () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('*');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\bhttp:/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\bws:/);
    // script-src allows exactly 'self'.
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self';/);
  });

  it.each(['default', 'partition'] as const)('onHeadersReceived on the %s session replaces any CSP with ours', (which) => {
    const { defaultSession, partition } = install();
    const ses = which === 'default' ? defaultSession : partition;
    const listener = ses.webRequest.headersReceived;
    expect(listener).toBeTypeOf('function');
    let answer: { responseHeaders?: Record<string, string[]> } | undefined;
    listener!(
      { url: 'app://carerelay/index.html', responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' } },
      (a: unknown) => (answer = a as typeof answer),
    );
    expect(answer?.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
  });

  it('adds the header when the response has none', () => {
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('SEC-TLS-01 certificate errors', () => {
  it('always refuses: never callback(true)', () => {
    install();
    const callback = vi.fn();
    const event = fake.app.fire('certificate-error', {}, 'https://gateway.test/', 'net::ERR_CERT_AUTHORITY_INVALID', {}, callback, true);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith(false);
    expect(event.defaultPrevented).toBe(true);
  });
});
