/**
 * All session and webContents hardening, in this one file: navigation and redirect lock to
 * `app://carerelay`, no new windows, no <webview>, deny-by-default permissions (only
 * `notifications`, only for the app origin), the Content-Security-Policy response header, and
 * refusal of certificate errors. Applied to the default session and the app partition, and to
 * every webContents through the `web-contents-created` app event.
 */
import { app, session, type Session, type WebContents } from 'electron';
import { APP_PARTITION, contentSecurityPolicy, isAppOriginUrl } from './app-origin';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Permissions the app may be granted, and only for its own origin. Everything else is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate / will-redirect: only app:// pages may be loaded in our windows. */
export function guardNavigation(event: PreventableEvent, url: string): void {
  if (!isAppOriginUrl(url)) event.preventDefault();
}

/** setWindowOpenHandler: never open a window (links go through the openExternal channel). */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

export function isPermissionAllowed(permission: string, origin: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppOriginUrl(origin ?? '');
}

/** setPermissionRequestHandler: deny unless allowlisted and asked by the app origin. */
export function handlePermissionRequest(
  webContents: Pick<WebContents, 'getURL'> | null,
  permission: string,
  callback: (granted: boolean) => void,
  details?: { requestingUrl?: string; isMainFrame?: boolean },
): void {
  let granted: boolean;
  try {
    const url = details?.requestingUrl ?? webContents?.getURL() ?? '';
    granted = details?.isMainFrame !== false && isPermissionAllowed(permission, url);
  } catch {
    granted = false;
  }
  callback(granted);
}

/** setPermissionCheckHandler: the synchronous twin of the request handler. */
export function checkPermission(
  _webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details?: { requestingUrl?: string; isMainFrame?: boolean },
): boolean {
  if (details?.isMainFrame === false) return false;
  const urlOk = details?.requestingUrl === undefined || isAppOriginUrl(details.requestingUrl);
  return urlOk && isPermissionAllowed(permission, requestingOrigin);
}

type HeaderMap = Record<string, string | string[]>;

/** onHeadersReceived: replace any CSP the response carries with ours. */
export function withCspHeader(responseHeaders: HeaderMap | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(responseHeaders ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
>;

/** Permission handlers, device access and the CSP header on one session. */
export function hardenSession(ses: HardenableSession): void {
  ses.setPermissionRequestHandler((webContents, permission, callback, details) =>
    handlePermissionRequest(webContents, permission, callback, details as { requestingUrl?: string; isMainFrame?: boolean }),
  );
  ses.setPermissionCheckHandler((webContents, permission, requestingOrigin, details) =>
    checkPermission(webContents, permission, requestingOrigin, details),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Navigation, redirect, window.open and <webview> guards on one webContents. */
export function hardenWebContents(contents: HardenableContents): void {
  contents.on('will-navigate', (event, url) => guardNavigation(event, url));
  contents.on('will-redirect', (event, url) => guardNavigation(event, url));
  // Subframes too (will-navigate only sees the main frame since Electron 25).
  contents.on('will-frame-navigate', (details) => guardNavigation(details, details.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(denyWindowOpen);
}

let installed = false;

/**
 * Installs everything above. Call once, after `app` is ready and before the first window:
 * every webContents created afterwards is hardened by the `web-contents-created` event.
 */
export function installSecurityHardening(): void {
  if (installed) return;
  installed = true;
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // Never accept a certificate Chromium rejected (SEC-TLS-01).
  app.on('certificate-error', (event, _webContents, _url, _error, _certificate, callback) => { // eng-disable CERTIFICATE_ERROR_EVENT_JS_CHECK @preserve -- this handler only ever rejects: callback(false) (SEC-TLS-01)
    event.preventDefault();
    callback(false);
  });
  hardenSession(session.defaultSession);
  hardenSession(session.fromPartition(APP_PARTITION));
}

/** Tests only: allow installing again after the stand-in electron was reset. */
export function resetHardeningForTests(): void {
  installed = false;
}
