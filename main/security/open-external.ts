/**
 * The only place in CareRelay that calls `shell.openExternal`. A URL leaves the app only when it
 * is `https:`, carries no userinfo and no explicit port, and its hostname is exactly on the
 * allowlist. The normalised URL (never the caller's raw text) is what the OS receives.
 */
import { shell } from 'electron';

/** Hosts the app may open in the system browser. Exact hostnames, lower case, no wildcards. */
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = Object.freeze(['carerelay.app', 'www.twilio.com', 'www.hhs.gov']);

const MAX_URL_LENGTH = 2048;

/** The normalised URL to open, or null when it is refused. */
export function normaliseExternalUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return null;
  // Whitespace, control characters and backslashes are silently rewritten by URL parsers (and
  // differently by OS handlers): refuse them instead of guessing which reading wins.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(url)) return null;
  if (!/^https:\/\//i.test(url)) return null;
  const authority = url.slice('https://'.length).split(/[/?#]/, 1)[0] ?? '';
  // Userinfo (`good@evil`) and explicit ports (even :443) are refused on the raw text as well.
  if (authority.includes('@') || authority.includes(':') || authority.length === 0) return null;

  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
  // `hostname` is lower-cased and IDNA-encoded (xn--…), so look-alikes never match exactly.
  if (!EXTERNAL_HOST_ALLOWLIST.includes(parsed.hostname)) return null;
  return parsed.href;
}

export function isAllowedExternalUrl(url: unknown): boolean {
  return normaliseExternalUrl(url) !== null;
}

/** Opens an allowlisted URL in the system browser; resolves false when refused or when it fails. */
export async function openExternalSafely(url: unknown): Promise<boolean> {
  const safe = normaliseExternalUrl(url);
  if (safe === null) return false;
  try {
    await shell.openExternal(safe, { activate: true }); // eng-disable OPEN_EXTERNAL_JS_CHECK @preserve -- the one allowlisted wrapper: `safe` is an https URL on the allowlist, parsed by normaliseExternalUrl (SEC-EXT-01)
    return true;
  } catch {
    return false;
  }
}
