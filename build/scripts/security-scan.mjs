// `npm run security:scan` (a step of `npm test`): the static security checks that need tools
// rather than unit tests.
//  - SEC-SCAN-01: Electronegativity over main, preload and renderer without their tests: no
//    MEDIUM or HIGH finding and no file it could not parse. (The packed app.asar is scanned by
//    the packaging check, build/scripts/check-package.mjs.)
//  - SEC-VER-01: the installed Electron major is inside Electron's supported window (the latest
//    three majors; the registry's latest when reachable, else the 8-week cadence estimate), and
//    `npm audit --omit=dev` shows no high or critical advisory. A registry without the audit
//    endpoint (a read-only mirror answers 405) is reported as "not available", not as a pass.
// Last line: one JSON object of the figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { estimatedLatestMajor, isSupported } from '../security/electron-support.mjs';
import { cleanup, describeIssue, installedElectronVersion, scan, stageSources } from './electronegativity-scan.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let failed = 0;
const check = (name, ok, detail = '') => {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}${!ok && detail ? `\n        ${detail}` : ''}`);
  if (!ok) failed++;
};

// SEC-SCAN-01 over the sources.
const electron = installedElectronVersion(root);
const stage = stageSources(root, ['main', 'preload', 'renderer']);
let sourceFindings;
try {
  const { findings, low, errors } = await scan(stage, electron);
  sourceFindings = findings.length;
  check('SEC-SCAN-01 Electronegativity over main, preload, renderer: no MEDIUM or HIGH finding', findings.length === 0, findings.map(describeIssue).join('\n        '));
  check('SEC-SCAN-01 Electronegativity parsed every source file', errors.length === 0, errors.map((e) => `${path.relative(stage, e.file)}: ${e.message}`).join('\n        '));
  for (const i of low) console.log(`  note  ${describeIssue(i)}`);
} finally {
  cleanup(stage);
}

// Positive control: the same scanner, on a window with context isolation off and an unchecked
// openExternal, must find both (a scanner that finds nothing anywhere proves nothing).
const control = mkdtempSync(path.join(tmpdir(), 'carerelay-eng-control-'));
try {
  writeFileSync(
    path.join(control, 'bad.ts'),
    "import { BrowserWindow, shell } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false } });\nexport const open = (u: string) => shell.openExternal(u);\n",
  );
  const { findings } = await scan(control, electron);
  const ids = new Set(findings.map((f) => f.id));
  check('SEC-SCAN-01 positive control: the scanner reports an insecure window and an unchecked openExternal', ids.has('CONTEXT_ISOLATION_JS_CHECK') && ids.has('OPEN_EXTERNAL_JS_CHECK'), [...ids].join(', '));
} finally {
  cleanup(control);
}

// SEC-VER-01: Electron inside its supported window.
const installedMajor = Number(electron.split('.')[0]);
const view = spawnSync('npm', ['view', 'electron', 'dist-tags.latest'], { encoding: 'utf8', timeout: 30_000 });
const registryLatest = view.status === 0 && /^\d+\.\d+\.\d+/.test(view.stdout.trim()) ? Number(view.stdout.trim().split('.')[0]) : null;
const today = new Date().toISOString().slice(0, 10);
const latestMajor = registryLatest ?? estimatedLatestMajor(today);
check(
  `SEC-VER-01 Electron ${electron} is inside the supported window (latest ${latestMajor}${registryLatest === null ? ', estimated offline' : ', from the registry'}; the last 3 majors are supported)`,
  isSupported(installedMajor, latestMajor),
);

// SEC-VER-01: npm audit of what ships.
const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
let highOrCritical = null;
try {
  const report = JSON.parse(audit.stdout || '{}');
  const counts = report.metadata?.vulnerabilities;
  if (counts) {
    highOrCritical = (counts.high ?? 0) + (counts.critical ?? 0);
    const names = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([k, v]) => `${k} (${v.severity})`);
    check('SEC-VER-01 npm audit --omit=dev: no high or critical advisory', highOrCritical === 0, names.join(', '));
  } else {
    const why = String(report.message ?? report.error?.summary ?? `exit ${audit.status}`).slice(0, 200);
    console.log(`  n/a   SEC-VER-01 npm audit --omit=dev is not available from this registry (${why}); run it where the registry serves advisories`);
  }
} catch {
  console.log(`  n/a   SEC-VER-01 npm audit --omit=dev gave no report (exit ${audit.status})`);
}

console.log(failed ? `\nsecurity:scan: ${failed} check(s) failed` : '\nsecurity:scan: all checks passed');
console.log(JSON.stringify({ eng_source_findings: sourceFindings, electron: electron, electron_latest_major: latestMajor, electron_supported: isSupported(installedMajor, latestMajor), npm_audit_high_critical: highOrCritical }));
process.exit(failed ? 1 : 0);
