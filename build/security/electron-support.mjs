// SEC-VER-01: is an Electron major version inside Electron's supported window? Electron supports
// the latest three stable majors and ships a new major every 8 weeks (electronjs.org release
// timelines). With the registry, the latest major is read from it; offline, it is estimated
// from the cadence since a known release, so a stale pin fails on schedule either way.

/** A release the estimate counts from (npm registry time of electron@45.0.0). */
export const KNOWN_RELEASE = { major: 45, date: '2026-10-21' };
export const CADENCE_DAYS = 56;
export const SUPPORTED_MAJORS = 3;

export function estimatedLatestMajor(today, known = KNOWN_RELEASE) {
  const days = Math.floor((Date.parse(today) - Date.parse(known.date)) / 86_400_000);
  return known.major + Math.max(0, Math.floor(days / CADENCE_DAYS));
}

export function isSupported(installedMajor, latestMajor) {
  return installedMajor > latestMajor - SUPPORTED_MAJORS;
}
