/**
 * Auto-lock as a receptionist meets it, on a host of its own with a shortened idle time: the
 * screens lock by themselves, everything that was on screen is gone from the page, PHI
 * channels answer LOCKED, and unlocking with the same password brings the work back.
 */
import { expect, test } from '@playwright/test';
import { startTestHost, type RunningHost } from '../../build/e2e-host';
import { totpCode } from '../../main/accounts/totp';

const CANARY_ID = 'p-canary-7731';
const PASSWORD = 'Lock-Test-Password-88';
let host: RunningHost;

test.beforeAll(async () => {
  host = await startTestHost({ CARERELAY_TEST_IDLE_MS: '6000' });
});
test.afterAll(async () => {
  await host?.stop();
});

test('idle lock clears the page; unlock with the same password restores it', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: /Set up this practice/i }).first()).toBeVisible();

  // Arrange a practice through the same API the wizard uses (the wizard itself is covered by first-run).
  const enrolment = await page.evaluate(async () =>
    (window as unknown as { carerelay: any }).carerelay.setup.startEnrolment({ username: 'lena.lock', fullName: 'Lena Testlock' }),
  );
  expect(enrolment.ok).toBe(true);
  const secret: string = enrolment.value.secret;
  const created = await page.evaluate(
    async ({ enrolmentId, code, password }) =>
      (window as unknown as { carerelay: any }).carerelay.setup.createPractice({
        practice: { name: 'Synthetic Lock Clinic', timeZone: 'America/Denver', phone: '(555) 201-0199' },
        admin: { fullName: 'Lena Testlock', username: 'lena.lock', password },
        enrolmentId,
        code,
      }),
    { enrolmentId: enrolment.value.enrolmentId, code: totpCode(secret, new Date()), password: PASSWORD },
  );
  expect(created.ok).toBe(true);
  await page.reload();

  await page.getByLabel('Username').fill('lena.lock');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  // The TOTP step was used at set-up; a recovery code avoids waiting for the next one.
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(created.value.recoveryCodes[0]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

  // Something patient-linked on screen: the audit trail showing a record view of a synthetic patient.
  await page.evaluate(async (id) => (window as unknown as { carerelay: any }).carerelay.audit.recordView({ objectType: 'patient', objectId: id }), CANARY_ID);
  await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  await expect(page.getByText(CANARY_ID).first()).toBeVisible();

  // Hands off the keyboard: the idle lock engages by itself.
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(/CareRelay is locked/i).first()).toBeVisible();
  expect(await page.content()).not.toContain(CANARY_ID);
  await expect(page).toHaveTitle('CareRelay');
  const locked = await page.evaluate(async () => (window as unknown as { carerelay: any }).carerelay.audit.query({}));
  expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

  // A wrong password does not unlock; the right one does.
  await page.getByLabel('Password', { exact: true }).fill('Not-My-Password-1');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText(/not right/i);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
});
