/**
 * Staff accounts as an administrator and a receptionist meet them: adding a front-desk user,
 * her first sign-in with enrolment, five wrong passwords locking an account, and disabling a
 * user, all through the screens.
 */
import { expect, test } from '@playwright/test';
import { totpCode } from '../../main/accounts/totp';
import { addUser, ADMIN, firstSignIn, hostUrl, loadState, openApp, signIn, signOut } from './fixtures';

test('an administrator adds a front-desk user, who sets up MFA at first sign-in; then disables her', async ({ page }) => {
  await openApp(page);
  await addUser(page, 'Bea Testdesk', 'bea.desk', 'Temporary-Pass-2026');
  await signOut(page);

  // Bea's first sign-in: temporary password, then her own password and authenticator.
  const secret = await firstSignIn(page, 'bea.desk', 'Temporary-Pass-2026', 'Bea-Own-Password-77');
  await expect(page.getByRole('button', { name: /Bea Testdesk/ })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  // Front desk sees no Audit section, and main refuses administration anyway.
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Audit' })).toHaveCount(0);
  const refused = await page.evaluate(async () => (window as unknown as { carerelay: any }).carerelay.users.list());
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  await signOut(page, 'Bea Testdesk');

  // The administrator disables her.
  await signIn(page, ADMIN.username, ADMIN.password, loadState().totpSecret);
  await expect(page.getByRole('button', { name: /Ada Testadmin/ })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const row = page.getByTestId('user-row-bea.desk');
  await row.getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText(/Disabled/i);
  await signOut(page);

  // Disabled: she cannot sign in.
  await page.getByLabel('Username').fill('bea.desk');
  await page.getByLabel('Password', { exact: true }).fill('Bea-Own-Password-77');
  await page.getByLabel('Authenticator code').fill(totpCode(secret, new Date(Date.now() + 30_000)));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/disabled/i);
});

test('five wrong passwords lock an account for 15 minutes', async ({ page }) => {
  await openApp(page);
  await addUser(page, 'Carl Testdesk', 'carl.desk', 'Temporary-Pass-2027');
  await signOut(page);
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Username').fill('carl.desk');
    await page.getByLabel('Password', { exact: true }).fill(`Wrong-Password-${i}x`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(i < 5 ? /not right/i : /locked for 15 minutes/i);
  }
  // Even the right password is refused while locked.
  await page.getByLabel('Username').fill('carl.desk');
  await page.getByLabel('Password', { exact: true }).fill('Temporary-Pass-2027');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/locked/i);
  await page.goto(hostUrl());
});
