/**
 * Texting in training mode as a receptionist does it: a new text to a simulated patient goes
 * queued → sent → delivered on screen, the patient's reply lands in the thread (filed in the
 * encrypted practice database from main's inbox journal), and a patient who replied STOP cannot
 * be texted again: the refusal comes from main's compliance gate, in plain words.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './fixtures';

async function newText(page: Page, to: string, body: string) {
  await page.getByLabel('To (mobile number)').fill(to);
  await page.getByLabel('Message', { exact: true }).fill(body);
  await page.getByRole('button', { name: 'Send text' }).click();
}

test('a text goes queued → sent → delivered and the simulated patient’s reply arrives', async ({ page }) => {
  await openApp(page);
  await expect(page.getByText('New text')).toBeVisible({ timeout: 15_000 });
  await newText(page, '(202) 555-0101', 'Synthetic reminder: your visit is tomorrow at 10:00. Reply YES to confirm.');

  const thread = page.getByRole('region', { name: /Conversation with \(202\) 555-0101/ });
  await expect(thread).toBeVisible();
  const mine = thread.getByTestId('message').filter({ hasText: 'Synthetic reminder' });
  const state = mine.getByTestId('delivery-state');
  // Each state is observed on screen as main reports it.
  await expect(state).toHaveText(/Queued|Sending|Sent|Delivered/);
  await expect(state).toHaveText(/Sent|Delivered/, { timeout: 20_000 });
  await expect(state).toHaveText('Delivered', { timeout: 20_000 });

  await expect(thread.getByTestId('message').filter({ hasText: 'Yes, I will be there. Thanks!' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('conversation').filter({ hasText: '(202) 555-0101' })).toBeVisible();

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('inbox-thread.png'), fullPage: true });
});

test('STOP from a patient blocks the next text before it reaches the gateway', async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await expect(page.getByText('New text')).toBeVisible({ timeout: 15_000 });
  await newText(page, '(202) 555-0107', 'Synthetic reminder: please call us to book your check-up.');
  const thread = page.getByRole('region', { name: /Conversation with \(202\) 555-0107/ });
  await expect(thread.getByTestId('message').filter({ hasText: /^STOP/ })).toBeVisible({ timeout: 40_000 });

  await thread.getByLabel('Reply').fill('Synthetic follow-up after STOP.');
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByRole('alert')).toContainText(/opted out|STOP/i);
  await expect(thread.getByTestId('message').filter({ hasText: 'Synthetic follow-up after STOP.' })).toHaveCount(0);
});

test('an invalid number is caught on the screen, with nothing sent', async ({ page }) => {
  await openApp(page);
  await expect(page.getByText('New text')).toBeVisible({ timeout: 15_000 });
  await newText(page, '555-12', 'Synthetic text to nowhere.');
  await expect(page.getByRole('alert')).toContainText(/10-digit/);
});
