/**
 * The browser host's IPC socket from inside a real page: without this run's token, or with a
 * wrong one, the socket never opens; with it, calls work. Foreign origins are refused too.
 */
import { expect, test } from '@playwright/test';
import { hostOrigin, hostUrl, openApp } from './fixtures';

async function trySocket(page: import('@playwright/test').Page, query: string): Promise<'open' | 'refused'> {
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

test('the renderer is served only from the build: traversal and foreign hosts get nothing', async ({ request }) => {
  const origin = hostOrigin();
  expect((await request.get(`${origin}/%2e%2e/%2e%2e/etc/passwd`)).status()).toBe(404);
  expect((await request.get(`${origin}/..%2f..%2fpackage.json`)).status()).toBe(404);
  expect((await request.get(`${origin}/assets/nothing-here.js`)).status()).toBe(404);
});
