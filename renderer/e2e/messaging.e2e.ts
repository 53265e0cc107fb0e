/**
 * Refusals a receptionist meets when texting, in training mode: a patient who replied STOP
 * cannot be texted again (main's compliance gate refuses, in plain words, and nothing is filed),
 * a number that is not a US number is caught on the screen, and a patient who asked not to be
 * texted (R17) is refused before anything reaches main.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './fixtures';

async function trainingPatients(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Patients' }).click();
  await page.getByTestId('add-training-patients').click();
  await expect(page.getByRole('alert').filter({ hasText: /training patients/ })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
}

async function newText(page: Page, to: string, pick: RegExp | null, body: string) {
  await page.getByTestId('new-text-button').click();
  const panel = page.getByTestId('new-text');
  await panel.getByTestId('new-text-to').fill(to);
  if (pick) await panel.getByRole('button', { name: pick }).click();
  await panel.getByTestId('compose-text').fill(body);
  await panel.getByTestId('send').click();
}

test('STOP from a patient blocks the next text before it reaches the gateway', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await trainingPatients(page);
  await newText(page, 'Golf', /Golf Testpatient/, 'Synthetic reminder: please call us to book your check-up.');
  const thread = page.getByTestId('thread');
  await expect(thread.getByTestId('message').filter({ hasText: /^STOP/ })).toBeVisible({ timeout: 40_000 });

  await thread.getByTestId('compose-text').fill('Synthetic follow-up after STOP.');
  await thread.getByTestId('send').click();
  await expect(thread.getByTestId('send-problem')).toContainText(/opted out|STOP/i);
  await expect(thread.getByTestId('message').filter({ hasText: 'Synthetic follow-up after STOP.' })).toHaveCount(0);
});

test('an invalid number is caught on the screen, with nothing sent', async ({ page }) => {
  await openApp(page);
  await newText(page, '555-12', null, 'Synthetic text to nowhere.');
  await expect(page.getByTestId('new-text')).toContainText(/10 digits/);
  // Editing the number clears the stale error.
  await page.getByTestId('new-text-to').fill('(202) 555-01');
  await expect(page.getByTestId('new-text')).not.toContainText(/too short/);
});

test('a number nobody gave the practice is refused for lack of consent', async ({ page }) => {
  await openApp(page);
  await newText(page, '(202) 555-0177', null, 'Synthetic: hello from the practice.');
  await expect(page.getByTestId('send-problem')).toContainText(/no record that this person agreed to texts/);
});

test('typing the next text while the previous one is still sending keeps what is typed', async ({ page }) => {
  // Hold main's answers to outbox.send for two seconds (the network is slow today).
  const sends = new Set<number>();
  await page.routeWebSocket(/\/ipc\?token=/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      const parsed = JSON.parse(String(frame)) as { id?: number; channel?: string };
      if (parsed.channel === 'outbox.send' && typeof parsed.id === 'number') sends.add(parsed.id);
      server.send(frame);
    });
    server.onMessage((frame) => {
      const parsed = JSON.parse(String(frame)) as { id?: number };
      if (typeof parsed.id === 'number' && sends.has(parsed.id)) setTimeout(() => ws.send(frame), 2_000);
      else ws.send(frame);
    });
  });
  await openApp(page);
  await trainingPatients(page);
  await newText(page, 'Delta', /Delta Testpatient/, 'Synthetic first text, still sending.');
  const panel = page.getByTestId('new-text');
  await expect(panel.getByTestId('send')).toHaveText(/Sending/);
  await panel.getByTestId('compose-text').fill('Synthetic second text, typed meanwhile.');
  await expect(panel.getByTestId('send')).not.toHaveText(/Sending/, { timeout: 10_000 });
  // The first went; the second is still there, waiting for its recipient.
  await expect(panel.getByTestId('compose-text')).toHaveValue('Synthetic second text, typed meanwhile.');
  await expect(page.getByTestId('conversation').filter({ hasText: 'Delta Testpatient' })).toBeVisible();
});

test('a text over 1,600 characters is explained, not cut; New text fits a 1280×860 window', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await openApp(page);
  await page.getByTestId('new-text-button').click();
  const panel = page.getByTestId('new-text');
  const box = await panel.getByTestId('send').boundingBox();
  expect(box && box.y + box.height).toBeLessThanOrEqual(860);
  const long = 'Synthetic long text. '.repeat(81); // 1,701 characters
  await panel.getByTestId('compose-text').fill(long);
  await expect(panel.getByTestId('compose-text')).toHaveValue(long);
  await expect(panel.getByTestId('segment-counter')).toContainText('over the limit');
  await panel.getByTestId('new-text-to').fill('(202) 555-0101');
  await panel.getByTestId('send').click();
  await expect(panel.getByTestId('send-problem')).toContainText(/at most 1,600.*Nothing was cut/);
  await expect(panel.getByTestId('compose-text')).toHaveValue(long);
});
