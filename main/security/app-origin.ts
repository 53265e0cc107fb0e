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
