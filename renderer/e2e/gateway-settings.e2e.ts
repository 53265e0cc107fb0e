/**
 * The administrator's SMS gateway panel in Chromium: Training mode shown; switching to a real
 * gateway without a BAA is saved but every send is refused with the typed error; recording the
 * BAA; "Test connection" against a deliberately unreachable https address answers in plain
 * English; back to training mode. axe finds no serious or critical violation in either mode.
 * The spec leaves the shared host signed in as the administrator and in training mode.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './fixtures';

const UNREACHABLE = 'https://127.0.0.1:9';

async function seriousViolations(page: Page) {
  // Let MUI's colour transitions (≈250 ms, e.g. Send turning enabled) finish: axe reads colours as they are.
  await page.waitForTimeout(400);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test.afterEach(async ({ page }) => {
  // Whatever happened above, the next spec finds the host in training mode.
  await page.evaluate(async () => {
    const api = (window as unknown as { carerelay: any }).carerelay;
    const s = await api.gateway.getSettings({});
    if (s.ok && s.value.mode !== 'training') await api.gateway.updateSettings({ mode: 'training' });
  });
});

test('administrator: production without a BAA refuses sends, BAA recorded, unreachable test explained, back to training', async ({ page }) => {
  await openApp(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByRole('region', { name: 'SMS gateway' });
  await expect(panel.getByTestId('gateway-mode')).toHaveText('Training');
  expect(await seriousViolations(page), 'training').toEqual([]);

  // A real gateway, no BAA yet.
  await panel.getByRole('radio', { name: 'Production (real gateway)' }).check();
  await panel.getByLabel('Base URL').fill(UNREACHABLE);
  await panel.getByLabel('Practice number').fill('(202) 555-0100');
  await panel.getByLabel('Account SID').fill(`AC${'0123456789abcdef'.repeat(2)}`);
  await panel.getByLabel('API key SID').fill(`SK${'fedcba9876543210'.repeat(2)}`);
  await panel.getByLabel('API key secret').fill('synthetic-e2e-secret-7a3f');
  await panel.getByRole('button', { name: 'Save' }).first().click();
  await expect(panel.getByText('Saved. CareRelay now uses the real gateway.')).toBeVisible({ timeout: 10_000 });
  await expect(panel.getByTestId('gateway-mode')).toHaveText('Production');
  await expect(panel.getByText('Production sending is blocked', { exact: false })).toBeVisible();
  // The secret is gone from the field; only its masked hint remains.
  await expect(panel.getByLabel('API key secret')).toHaveValue('');
  await expect(panel.getByLabel('API key secret')).toHaveAttribute('placeholder', 'Stored: ••••7a3f');
  await expect(page.locator('body')).not.toContainText('synthetic-e2e-secret');

  const refused = await page.evaluate(() =>
    (window as unknown as { carerelay: any }).carerelay.outbox.send({ to: '+12025550150', body: 'Synthetic test message.' }),
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'GATEWAY_NOT_COVERED' } });
  expect(refused.error.message).toMatch(/BAA/);
  expect(await seriousViolations(page), 'production').toEqual([]);

  // The BAA.
  await panel.getByLabel('Vendor').fill('Synthetic Gateway Co');
  await panel.getByLabel('Signed on').fill('2026-01-15');
  await panel.getByLabel('Signed by').fill('Pat Vendorperson');
  await panel.getByLabel('Reference').fill('BAA-E2E-001');
  await panel.getByRole('button', { name: 'Record BAA' }).click();
  await expect(panel.getByText('BAA recorded.')).toBeVisible();
  await expect(panel.getByText('Production sending is blocked', { exact: false })).toBeHidden();
  await expect(panel.getByText('Recorded (signed 2026-01-15)')).toBeVisible();

  // Test connection against an address nobody answers: a clear failure, nothing sent.
  await panel.getByRole('button', { name: 'Test connection' }).click();
  await expect(panel.getByTestId('gateway-test-result')).toContainText('could not reach the gateway', { timeout: 15_000 });

  // Back to training.
  await panel.getByRole('button', { name: 'Switch to training mode' }).click();
  await expect(panel.getByTestId('gateway-mode')).toHaveText('Training');
  await expect(page.getByText('Training mode — messages go to simulated patients').first()).toBeVisible();
});
