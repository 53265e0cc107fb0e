/**
 * How the tests start Debian's Chromium: its path (never a downloaded browser) and the flags
 * that keep it quiet on a machine with no network but the package registries. Plain JavaScript
 * (types in chromium.d.mts) so the Node benchmark scripts share it with the Playwright specs.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
