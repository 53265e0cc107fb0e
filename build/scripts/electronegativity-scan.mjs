// SEC-SCAN-01: Electronegativity (Doyensec's Electron security scanner) over what CareRelay is
// made of and what it ships. Shared by `npm run security:scan` (main, preload and renderer
// sources without their tests) and the packaging check (the packed app.asar).
//
// Two things the tool does not do by itself, handled here:
//  - it reads only .js/.ts/.html files, so the packed main and preload (`index.cjs`) would be
//    skipped and its global checks (navigation limits, permission handler) would report them
//    missing: an asar is extracted and .cjs/.mjs files are given a .js name first;
//  - its Electron version detection fails on a project whose electron is a devDependency, and
//    then it assumes v0.1.0 defaults: the installed version is passed explicitly.
// Findings at MEDIUM or above fail; a file the tool cannot parse is reported (it could hide a
// finding). Suppressions are `eng-disable` comments on the line, each with a written reason.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

const SEVERITY_FAIL = 2; // MEDIUM (LOW 1, MEDIUM 2, HIGH 3)
const SKIP_DIRS = new Set(['e2e', 'testing', 'node_modules']);
const isTestFile = (name) => /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(name);

export function installedElectronVersion(root) {
  return JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** Copies the sources of `dirs` (no tests, no test helpers) into a temp folder the tool can read. */
export function stageSources(root, dirs) {
  const stage = mkdtempSync(path.join(tmpdir(), 'carerelay-eng-src-'));
  const walk = (rel) => {
    for (const name of readdirSync(path.join(root, rel))) {
      const relPath = path.join(rel, name);
      const full = path.join(root, relPath);
      if (statSync(full).isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(relPath);
      } else if (/\.(ts|tsx|html)$/.test(name) && !isTestFile(name) && !name.endsWith('.d.ts')) {
        mkdirSync(path.dirname(path.join(stage, relPath)), { recursive: true });
        copyFileSync(full, path.join(stage, relPath));
      }
    }
  };
  for (const d of dirs) walk(d);
  return stage;
}

/**
 * esbuild keeps a `// eng-disable CHECK @preserve -- reason` comment (a legal comment) but prints
 * it on its own line after the statement it annotated; put it back at the end of that line, where
 * the scanner looks. Only the scanner's copy is changed.
 */
export function rejoinSuppressions(code) {
  const lines = code.split('\n');
  const out = [];
  for (const line of lines) {
    if (/^\s*\/\/\s*eng-disable\s+[A-Z_]+.*@preserve/.test(line) && out.length) out[out.length - 1] += ` ${line.trim()}`;
    else out.push(line);
  }
  return out.join('\n');
}

/** Extracts an asar (without node_modules) with .cjs/.mjs renamed to .js, so every shipped script is read. */
export function stageAsar(asarPath) {
  const asar = require('@electron/asar');
  const stage = mkdtempSync(path.join(tmpdir(), 'carerelay-eng-asar-'));
  for (const entry of asar.listPackage(asarPath, { isPack: false })) {
    const rel = entry.replace(/^[\\/]/, '');
    if (rel.startsWith('node_modules')) continue;
    if (!/\.(js|cjs|mjs|html|json)$/.test(rel)) continue;
    let content;
    try {
      content = asar.extractFile(asarPath, rel);
    } catch {
      continue; // a directory
    }
    const out = path.join(stage, rel.replace(/\.(cjs|mjs)$/, '.js'));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, /\.[cm]?js$/.test(rel) ? rejoinSuppressions(content.toString('utf8')) : content);
  }
  return stage;
}

/** Runs the scanner; resolves { findings (MEDIUM+), low, errors }. */
export async function scan(input, electronVersion) {
  const run = require('@doyensec/electronegativity');
  const result = await run({ input, isRelative: true, electronVersionOverride: electronVersion, parserPlugins: ['classPrivateProperties', 'classPrivateMethods'] });
  const findings = result.issues.filter((i) => i.severity.value >= SEVERITY_FAIL);
  const low = result.issues.filter((i) => i.severity.value < SEVERITY_FAIL);
  return { findings, low, errors: result.errors ?? [] };
}

export const describeIssue = (i) => `${i.id} ${i.severity.name}/${i.confidence.name} ${i.file}${i.location ? `:${i.location.line}` : ''}${i.description ? ` — ${i.description}` : ''}`;

export function cleanup(dir) {
  rmSync(dir, { recursive: true, force: true });
}
