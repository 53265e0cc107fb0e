/**
 * The inbox benchmark (run by `npm run bench:inbox`, never by `npm test`): the real renderer in
 * Debian's Chromium through the browser host, over the database benchmark's dataset (20,000
 * patients and conversations, 200,000 messages) written into the app's own encrypted database.
 *  - open_thread_ms: click a conversation in the queue → its messages on screen (the next frame
 *    after they are in the page), median over 15 conversations (5 long threads, 10 short);
 *  - max_long_task_ms: the longest main-thread task (PerformanceObserver 'longtask') while the
 *    queue is scrolled from top to bottom and back in 300 px steps, one step per frame.
 * Writes the figures to test-results/bench/inbox.json; the runner prints them as its last line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { RunningHost } from '../e2e-host';
import { openSignedInPractice, root, seedThroughHarness, startBenchHost } from './bench-practice';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = process.env.BENCH_SIZES
  ? (JSON.parse(process.env.BENCH_SIZES) as { patients: number; conversations: number; messages: number; longThreads: number; longThreadLength: number })
  : quick
    ? { patients: 2_000, conversations: 2_000, messages: 20_000, longThreads: 20, longThreadLength: 200 }
    : { patients: 20_000, conversations: 20_000, messages: 200_000, longThreads: 100, longThreadLength: 500 };
const PASSWORD = 'Bench-Inbox-Password-77';

let host: RunningHost;
test.beforeAll(async () => {
  host = await startBenchHost();
});
test.afterAll(async () => {
  await host?.stop();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test('inbox: open a thread and scroll the queue over 20,000 conversations', async () => {
  test.setTimeout(30 * 60_000);
  const { browser, page, origin } = await openSignedInPractice(host, { username: 'bench.admin', fullName: 'Bench Testadmin', password: PASSWORD, timeZone: 'America/Chicago' });
  // Seed through the harness on the host's origin (it opens the app's database with main's keys).
  const seeded = await seedThroughHarness(page, origin, 'seedInbox', SIZES);
  console.log(`[bench:inbox] dataset written: ${JSON.stringify(seeded)}`);

  await page.goto(`${host.url}#/inbox`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Show').click();
  await page.getByRole('option', { name: 'All conversations' }).click();
  await expect(page.getByTestId('conversation').first()).toBeVisible({ timeout: 120_000 });

  // Open threads: click → first message in the page → next frame.
  const scroller = page.getByTestId('queue-scroller');
  const opens: number[] = [];
  const picks = [0, 2, 5, 40, 60, 101, 150, 300, 7, 9, 11, 13, 15, 17, 19];
  for (const i of picks) {
    await scroller.evaluate((el, top) => (el.scrollTop = top), Math.max(0, i * 76 - 200));
    const row = page.locator(`[data-conversation-id="c-${String(i).padStart(6, '0')}"]`);
    await row.waitFor();
    const ms = await row.evaluate(
      (el, id) =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          (el as HTMLElement).click();
          const check = () => {
            const thread = document.querySelector('[data-testid="thread"]');
            const title = document.querySelector('[data-testid="thread-title"]');
            if (thread && title && location.hash.endsWith(id) && thread.querySelector('[data-testid="message"]')) {
              requestAnimationFrame(() => resolve(performance.now() - t0));
            } else requestAnimationFrame(check);
          };
          check();
        }),
      `c-${String(i).padStart(6, '0')}`,
    );
    opens.push(ms);
  }
  console.log(`[bench:inbox] open thread (ms): ${opens.map((x) => x.toFixed(1)).join(', ')}`);

  // Scroll the queue top → bottom → top, one step per frame, watching long tasks.
  const scroll = await scroller.evaluate(
    (el) =>
      new Promise<{ maxLongTask: number; longTasks: number; steps: number; worst: string }>((resolve) => {
        const durations: number[] = [];
        const t0 = performance.now();
        const seen: string[] = [];
        const observer = new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => {
            durations.push(e.duration);
            seen.push(`${((e.startTime - t0) / 1000).toFixed(1)}s:${e.duration.toFixed(0)}ms@${Math.round((el as HTMLElement).scrollTop)}`);
          }),
        );
        observer.observe({ type: 'longtask', buffered: false });
        const step = 300;
        let direction = 1;
        let steps = 0;
        el.scrollTop = 0;
        const tick = () => {
          el.scrollTop += direction * step;
          steps++;
          if (direction === 1 && el.scrollTop + el.clientHeight >= el.scrollHeight - 1) direction = -1;
          if (direction === -1 && el.scrollTop <= 0) {
            setTimeout(() => {
              observer.disconnect();
              resolve({ maxLongTask: durations.length ? Math.max(...durations) : 0, longTasks: durations.length, steps, worst: seen.slice(0, 40).join(' ') });
            }, 200);
            return;
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
  console.log(`[bench:inbox] scroll: ${scroll.steps} steps, ${scroll.longTasks} long tasks ${scroll.worst ? `(first: ${scroll.worst})` : ''}`);
  const figures = { open_thread_ms: Number(median(opens).toFixed(1)), max_long_task_ms: Number(scroll.maxLongTask.toFixed(1)) };
  mkdirSync(path.join(root, 'test-results/bench'), { recursive: true });
  writeFileSync(path.join(root, 'test-results/bench/inbox.json'), JSON.stringify({ ...figures, quick, sizes: SIZES, open_thread_runs_ms: opens }));
  await browser.close();
});
