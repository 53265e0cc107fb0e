/**
 * First run, as a practice manager would do it: the "Set up this practice" wizard (practice,
 * first administrator with a strength-checked password, TOTP enrolment from the shown secret),
 * the recovery and emergency codes shown once, then signing in with password and TOTP.
 * Saves the synthetic practice's credentials for the other specs.
 */
import { expect, test } from '@playwright/test';
import { ADMIN, freshCode, hostUrl, saveState, signIn, type PracticeState } from './fixtures';

test('a new practice is set up through the wizard, and its administrator signs in with TOTP', async ({ page }) => {
  await page.goto(hostUrl());
  await expect(page.getByRole('heading', { name: /Set up this practice/i }).first()).toBeVisible({ timeout: 15_000 });
  // Nothing else is reachable before set-up.
  await expect(page.getByRole('navigation')).toHaveCount(0);

  await page.getByLabel('Practice name').fill('Synthetic Family Clinic');
  await page.getByLabel('Practice phone number').fill('(555) 201-0100');
  // The practice's zone is asked for: this computer's zone (UTC here) is not taken silently.
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Choose the practice’s time zone: reminders and quiet hours are computed in it.')).toBeVisible();
  await page.getByLabel('Time zone').selectOption('America/Chicago');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Full name').fill(ADMIN.fullName);
  await page.getByLabel('Username').fill(ADMIN.username);
  // A weak password is refused with a reason.
  await page.getByLabel('Password', { exact: true }).fill('password');
  await page.getByLabel('Confirm password').fill('password');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(/at least 12 characters|too short|common/i).first()).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Next' }).click();

  const secretText = page.getByTestId('totp-secret');
  await expect(secretText).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/i })).toBeVisible();
  const secret = (await secretText.innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const state: PracticeState = {
    adminUsername: ADMIN.username,
    adminPassword: ADMIN.password,
    totpSecret: secret,
    recoveryCodes: [],
    emergencyCode: '',
    usedSteps: {},
  };
  // A wrong code is refused; the right one creates the practice.
  await page.getByLabel('Authenticator code').fill('000000');
  await page.getByRole('button', { name: 'Create practice' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /code/i })).toBeVisible();
  await page.getByLabel('Authenticator code').fill(await freshCode(secret, state.usedSteps));
  await page.getByRole('button', { name: 'Create practice' }).click();

  const codes = page.getByTestId('recovery-codes');
  await expect(codes).toBeVisible();
  state.recoveryCodes = (await codes.innerText()).match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [];
  expect(state.recoveryCodes).toHaveLength(10);
  state.emergencyCode = ((await page.getByTestId('emergency-code').innerText()).match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/) ?? [''])[0]!;
  expect(state.emergencyCode).not.toBe('');
  saveState(state);

  const proceed = page.getByRole('button', { name: 'Continue to sign in' });
  await expect(proceed).toBeDisabled();
  await page.getByLabel('I have stored these codes').check();
  await proceed.click();

  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Synthetic Family Clinic').first()).toBeVisible();
  await signIn(page, ADMIN.username, ADMIN.password, secret);
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await expect(page.getByText('Training mode — messages go to simulated patients')).toBeVisible();

  // The wizard cannot be run again over the practice.
  const again = await page.evaluate(async () =>
    (window as unknown as { carerelay: any }).carerelay.setup.startEnrolment({ username: 'mallory.x', fullName: 'Mallory Example' }),
  );
  expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
});
