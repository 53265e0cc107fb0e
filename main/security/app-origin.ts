/**
 * The app's own origin, `app://carerelay`, and the one check every security decision uses to
 * recognise it (navigation, permissions, IPC senders). Node's URL gives custom schemes an opaque
 * origin ("null"), so the check compares scheme, host, userinfo and port explicitly.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'carerelay';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;
/** The dedicated persistent session every CareRelay window uses. */
export const APP_PARTITION = 'persist:carerelay';

/**
 * The app's Content-Security-Policy. `extraConnect` widens connect-src beyond 'self' (the
 * browser host adds its IPC socket); everything else is the same for every host.
 */
export function contentSecurityPolicy(extraConnect = ''): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    extraConnect === '' ? "connect-src 'self'" : `connect-src 'self' ${extraConnect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** True only for a well-formed URL whose origin is exactly `app://carerelay`. */
export function isAppOriginUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 4096) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
