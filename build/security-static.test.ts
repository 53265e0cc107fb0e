/**
 * Static security checks over the repository (issue 13): SEC-CSP-02 (no http:// or ws:// URL in
 * shipped source or configuration, beyond the listed loopback and test-text exceptions),
 * SEC-VER-01 (the Electron pin is exact and inside the supported window, by the release
 * cadence), and the scanner's suppressions (SEC-SCAN-01: every `eng-disable` names a check and
 * gives a reason, and survives bundling).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { estimatedLatestMajor, isSupported } from './security/electron-support.mjs';
import { rejoinSuppressions } from './scripts/electronegativity-scan.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', 'e2e', 'testing', 'dist']);

function shippedFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel))) {
      const relPath = path.join(rel, name);
      if (statSync(path.join(root, relPath)).isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(relPath);
      } else if (/\.(ts|tsx|html|css)$/.test(name) && !/\.(test|e2e)\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relPath);
    }
  };
  for (const dir of ['main', 'preload', 'renderer', 'shared']) walk(dir);
  return [...out, 'electron-builder.yml', 'package.json', 'build/entitlements.mac.plist'];
}

/** Where a plain-HTTP URL is allowed, and why. */
const HTTP_ALLOWED: readonly { file: string; url: RegExp; why: string }[] = [
  { file: 'main/gateway/sandbox/sandbox-gateway.ts', url: /^http:\/\/127\.0\.0\.1\b/, why: 'the training gateway listens on loopback only' },
  { file: 'main/host/browser-host-server.ts', url: /^http:\/\/\$\{hostHeader\}/, why: 'the browser host (tests and development, never packaged) parses request URLs on its loopback server' },
  { file: 'shared/text/hostile-samples.ts', url: /^http:\/\/example\.com\//, why: 'hostile message texts the tests feed the screens; never fetched' },
];

describe('SEC-CSP-02 (static): no http:// or ws:// URLs in source or config', () => {
  it('finds none outside the listed loopback and test-text exceptions', () => {
    const offenders: string[] = [];
    for (const file of shippedFiles()) {
      const text = readFileSync(path.join(root, file), 'utf8');
      for (const m of text.matchAll(/\b(?:http|ws):\/\/[^\s'"`)<>]*/g)) {
        const allowed = HTTP_ALLOWED.some((a) => a.file === file.split(path.sep).join('/') && a.url.test(m[0]));
        if (!allowed) offenders.push(`${file}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check itself catches a plain-http URL (positive control)', () => {
    expect('fetch("http://gateway.example/x")'.match(/\b(?:http|ws):\/\/[^\s'"`)<>]*/g)).toEqual(['http://gateway.example/x']);
  });
});

describe('SEC-VER-01 (static): Electron is pinned exactly and inside its supported window', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  const pinned = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '';

  it('is an exact version (no range that could float to an unreviewed release)', () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    ['2026-10-21', 45],
    ['2026-12-02', 45],
    ['2026-12-16', 46],
    ['2027-02-10', 47],
    ['2027-06-01', 48],
  ])('the latest major estimated on %s is %i (8-week cadence)', (day, major) => {
    expect(estimatedLatestMajor(day)).toBe(major);
  });

  it.each([
    [45, 45, true],
    [43, 45, true],
    [42, 45, false],
    [45, 48, false],
  ])('major %i with latest %i is supported: %s', (installed, latest, ok) => {
    expect(isSupported(installed, latest)).toBe(ok);
  });

  it('the pinned major is supported today', () => {
    expect(isSupported(Number(pinned.split('.')[0]), estimatedLatestMajor(new Date().toISOString().slice(0, 10)))).toBe(true);
  });
});

describe('SEC-SCAN-01 suppressions', () => {
  it('every eng-disable names a check, carries a written reason and survives bundling (@preserve)', () => {
    const found: string[] = [];
    for (const file of shippedFiles()) {
      for (const line of readFileSync(path.join(root, file), 'utf8').split('\n')) {
        if (!line.includes('eng-disable')) continue;
        if (/^\s*(\*|\/\/ )/.test(line) && !/\/\/\s*eng-disable\s+[A-Z]/.test(line)) continue; // prose about the mechanism
        found.push(file);
        expect(line).toMatch(/\/\/ eng-disable (?:[A-Z_]+_CHECK )+@preserve -- \S.{20,}/);
      }
    }
    expect(found.length).toBeGreaterThan(0);
  });

  it('puts a suppression esbuild printed on its own line back on the statement it annotates', () => {
    const bundled = ['  await import_electron.shell.openExternal(safe);', '  // eng-disable OPEN_EXTERNAL_JS_CHECK @preserve -- reason here', '  next();'].join('\n');
    expect(rejoinSuppressions(bundled).split('\n')).toEqual(['  await import_electron.shell.openExternal(safe); // eng-disable OPEN_EXTERNAL_JS_CHECK @preserve -- reason here', '  next();']);
  });
});
