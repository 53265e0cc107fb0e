/**
 * The browser host's IPC socket from inside a real page: without this run's token, or with a
 * wrong one, the socket never opens; with it, calls work. Foreign origins are refused too.
 */
import { request } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { hostOrigin, hostUrl, openApp } from './fixtures';

async function trySocket(page: Page, query: string): Promise<'open' | 'refused'> {
  return page.evaluate(
    (q) =>
      new Promise<'open' | 'refused'>((resolve) => {
        const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ipc${q}`);
        ws.onopen = () => {
          ws.close();
          resolve('open');
        };
        ws.onerror = () => resolve('refused');
      }),
    query,
  );
}

test('a socket with a missing or wrong token is refused; the right one opens', async ({ page }) => {
  await openApp(page);
  const token = new URL(hostUrl()).searchParams.get('token') ?? '';
  expect(await trySocket(page, '')).toBe('refused');
  expect(await trySocket(page, '?token=')).toBe('refused');
  expect(await trySocket(page, `?token=${token.slice(0, -2)}xx`)).toBe('refused');
  expect(await trySocket(page, `?token=${encodeURIComponent(token)}`)).toBe('open');
});

test('a page from another origin cannot open the socket even with the token', async ({ page }) => {
  const token = new URL(hostUrl()).searchParams.get('token') ?? '';
  // Serve a page from a different origin (localhost instead of 127.0.0.1) through request routing.
  await page.route('http://localhost:9/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>x</title>' }));
  await page.goto('http://localhost:9/');
  const socketUrl = `${hostOrigin().replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}`;
  const result = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    socketUrl,
  );
  expect(result).toBe('refused');
});

/** Sends the path exactly as written (a browser or fetch would normalise `%2e%2e` away). */
function rawGet(origin: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: rawPath }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the renderer is served only from the build: traversal gets nothing', async () => {
  const origin = hostOrigin();
  for (const rawPath of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/assets/..%5c..%5cpackage.json', '/../../package.json', '/assets/nothing-here.js']) {
    const answer = await rawGet(origin, rawPath);
    expect(answer.status, rawPath).toBe(404);
    expect(answer.body).not.toMatch(/root:|"name": "carerelay"/);
  }
});
