/** Path traversal and route fallback for files served from the renderer build. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveRendererFile } from './static-files';

let root = '';
let outside = '';
beforeAll(() => {
  const base = mkdtempSync(path.join(tmpdir(), 'carerelay-static-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(root, 'assets/app.js'), 'x');
  outside = path.join(base, 'secret.txt');
  writeFileSync(outside, 'secret');
  symlinkSync(outside, path.join(root, 'assets/link.js'));
});

describe('resolveRendererFile', () => {
  it.each([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['/assets/app.js?v=1', 'assets/app.js'],
    ['/inbox', 'index.html'],
  ])('serves %s', async (request, expected) => {
    expect(await resolveRendererFile(root, request)).toBe(path.join(root, expected));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets/app.js%00.html',
    '/%',
    '/assets/missing.js',
    '/assets/link.js',
    `/${'a'.repeat(2000)}`,
  ])('refuses %s', async (request) => {
    expect(await resolveRendererFile(root, request)).toBeNull();
  });

  it('names MIME types', () => {
    expect(mimeTypeFor('a.js')).toMatch(/javascript/);
    expect(mimeTypeFor('a.html')).toMatch(/text\/html/);
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
