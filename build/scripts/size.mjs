/**
 * Reports how much JavaScript the renderer's first screen loads: the entry module script and
 * every `<link rel="modulepreload">` in dist/renderer/index.html, each gzipped at level 9.
 * Lazily loaded sections are not counted. The last line printed is machine-readable:
 * {"renderer_initial_js_gzip_kb": N}
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const distDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
const indexPath = path.join(distDir, 'index.html');

if (!existsSync(indexPath)) {
  console.error(`No renderer build at ${path.relative(process.cwd(), indexPath)}: run \`npm run build\` first.`);
  process.exit(1);
}

const html = readFileSync(indexPath, 'utf8');

function attr(tag, name) {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
}

const files = [];
for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
  const src = attr(tag, 'src');
  if (attr(tag, 'type')?.toLowerCase() === 'module' && src) files.push(src);
}
for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
  const href = attr(tag, 'href');
  const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
  if (rel.includes('modulepreload') && href) files.push(href);
}

if (files.length === 0) {
  console.error('dist/renderer/index.html has no module entry script.');
  process.exit(1);
}

let totalBytes = 0;
for (const ref of new Set(files)) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) {
    console.error(`Refusing to measure a non-local script: ${ref}`);
    process.exit(1);
  }
  const file = path.resolve(distDir, ref.split(/[?#]/, 1)[0].replace(/^\/+/, ''));
  if (!file.startsWith(distDir)) {
    console.error(`Script outside dist/renderer: ${ref}`);
    process.exit(1);
  }
  const gz = gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length;
  totalBytes += gz;
  console.log(`${path.relative(distDir, file)}\t${(gz / 1024).toFixed(1)} kB gzip`);
}

// toFixed keeps one decimal even for whole numbers ("120.0"), which is still valid JSON.
console.log(`{"renderer_initial_js_gzip_kb": ${(totalBytes / 1024).toFixed(1)}}`);
