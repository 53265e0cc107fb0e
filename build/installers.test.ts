/**
 * Installers as configured (issue 13): electron-builder.yml's targets and options for Windows
 * (per-user by default, per-machine on choice), macOS (DMG and ZIP, hardened runtime, JIT-only
 * entitlements, notarization hook) and Linux (AppImage, deb), the icon, and the notarization
 * hook's decision for each environment. The packing itself is checked by npm run dist:check.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { notarizeDecision } from './notarize.cjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as { load(text: string): any };
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
const targets = (list: unknown[]) => list.map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));

describe('electron-builder.yml', () => {
  it('Windows: an assisted NSIS installer, per-user by default without admin rights, per-machine on choice', () => {
    expect(targets(config.win.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false });
  });

  it('macOS: DMG and ZIP, hardened runtime, JIT-only entitlements, notarized by the afterSign hook', () => {
    expect(targets(config.mac.target)).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist', notarize: false });
    expect(config.afterSign).toBe('build/notarize.cjs');
    const plist = readFileSync(path.join(root, 'build/entitlements.mac.plist'), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('updates: a Windows update must carry the publisher’s signature, and electron-builder writes the update metadata (https)', () => {
    expect(config.win.signtoolOptions.publisherName.length).toBeGreaterThan(0);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) })]);
  });

  it('Linux: AppImage and deb', () => {
    expect(targets(config.linux.target)).toEqual(['AppImage', 'deb']);
  });

  it('the icon is a PNG of at least 512 × 512 (electron-builder derives .ico and .icns)', () => {
    expect(config.icon).toBe('build/icon.png');
    const png = readFileSync(path.join(root, config.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
  });
});

describe('notarization hook', () => {
  const full = { APPLE_ID: 'release@carerelay.example', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'TEAM123456' };
  const api = { APPLE_API_KEY: '/keys/AuthKey.p8', APPLE_API_KEY_ID: 'KEY123', APPLE_API_ISSUER: 'issuer-uuid' };
  it.each<[string, string, Record<string, string>, boolean, RegExp | null]>([
    ['a Windows build', 'win32', full, false, /not a macOS build/],
    ['a Mac build without credentials', 'darwin', {}, false, /no Apple credentials.*Gatekeeper will block it/],
    ['a Mac build with half the Apple ID credentials', 'darwin', { APPLE_ID: 'release@carerelay.example' }, false, /incomplete Apple credentials \(set: APPLE_ID\)/],
    ['a Mac build with an Apple ID', 'darwin', full, true, null],
    ['a Mac build with an API key', 'darwin', api, true, null],
  ])('%s → notarize: %s', (_label, platform, env, run, why) => {
    const d = notarizeDecision(platform, env);
    expect(d.run).toBe(run);
    if (!d.run && why) expect(d.why).toMatch(why);
    if (!d.run) expect(JSON.stringify(d)).not.toContain('x"');
  });
});
