/**
 * Shared helpers for the end-to-end specs: the host's address, the synthetic practice the
 * first-run spec created, fresh authenticator codes, and signing in like a person would.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { totpCode } from '../../main/accounts/totp';

export interface PracticeState {
  adminUsername: string;
  adminPassword: string;
  totpSecret: string;
  recoveryCodes: string[];
  emergencyCode: string;
  /** Time steps already used per secret (codes cannot be replayed). */
  usedSteps: Record<string, number>;
}

export const ADMIN = { fullName: 'Ada Testadmin', username: 'ada.admin', password: 'Correct-Horse-Battery-41' } as const;

export function hostUrl(): string {
  const url = process.env.CARERELAY_E2E_URL;
  if (!url) throw new Error('CARERELAY_E2E_URL is not set: run the specs through build/playwright.config.ts.');
  return url;
}

export function hostOrigin(): string {
  return new URL(hostUrl()).origin;
}

function statePath(): string {
  const file = process.env.CARERELAY_E2E_STATE;
  if (!file) throw new Error('CARERELAY_E2E_STATE is not set.');
  return file;
}

export function saveState(state: PracticeState): void {
  writeFileSync(statePath(), JSON.stringify(state, null, 2));
}

export function loadState(): PracticeState {
  return JSON.parse(readFileSync(statePath(), 'utf8')) as PracticeState;
}

/** A code for `secret` from a time step not used before (waits for the next step if needed). */
export async function freshCode(secret: string, usedSteps: Record<string, number> = {}): Promise<string> {
  const key = secret.slice(0, 8);
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    if ((usedSteps[key] ?? -1) < step && Date.now() % 30_000 < 27_000) {
      usedSteps[key] = step;
      return totpCode(secret, new Date());
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Signs in on the sign-in screen with username, password and a fresh code. */
export async function signIn(page: Page, username: string, password: string, secret: string): Promise<void> {
  const state = loadState();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Authenticator code').fill(await freshCode(secret, state.usedSteps));
  saveState(state);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens CareRelay at the tokened address, signing the administrator in if needed, and waits for the Inbox. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(hostUrl());
  // The session lives in main: if an earlier spec left someone else signed in, sign them out.
  await page.waitForFunction(() => 'carerelay' in window);
  await page.evaluate(async (admin) => {
    const api = (window as unknown as { carerelay: any }).carerelay;
    const state = await api.session.getState();
    if (state.ok && state.value.user && state.value.user.username !== admin) await api.session.signOut();
  }, ADMIN.username);
  await page.goto(`${hostUrl()}#/inbox`);
  const inbox = page.getByRole('heading', { level: 1, name: 'Inbox' });
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  const unlockButton = page.getByRole('button', { name: 'Unlock' });
  await expect(inbox.or(signInButton).or(unlockButton)).toBeVisible({ timeout: 15_000 });
  if (await unlockButton.isVisible()) {
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await unlockButton.click();
  } else if (await signInButton.isVisible()) {
    const state = loadState();
    await signIn(page, state.adminUsername, state.adminPassword, state.totpSecret);
  }
  await expect(inbox).toBeVisible();
}

/** As an administrator: Settings → Add user, with a temporary password. */
export async function addUser(page: Page, fullName: string, username: string, password: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Full name').fill(fullName);
  await dialog.getByLabel('Username').fill(username);
  await dialog.getByLabel('Temporary password').fill(password);
  await dialog.getByRole('button', { name: /Add user|Save/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId(`user-row-${username}`)).toBeVisible();
}

/** Signs the named person out from the user menu. */
export async function signOut(page: Page, who = 'Ada Testadmin'): Promise<void> {
  await page.getByRole('button', { name: new RegExp(who) }).first().click();
  await page.getByRole('menuitem', { name: 'Sign out' }).or(page.getByRole('button', { name: 'Sign out' })).first().click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

/** A new user's first sign-in: temporary password, own password and authenticator; returns the TOTP secret. */
export async function firstSignIn(page: Page, username: string, temporary: string, own: string): Promise<string> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(temporary);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const secretText = page.getByTestId('totp-secret');
  await expect(secretText).toBeVisible();
  const secret = (await secretText.innerText()).replace(/\s+/g, '');
  await page.getByLabel('Password', { exact: true }).fill(own);
  await page.getByLabel('Confirm password').fill(own);
  const state = loadState();
  await page.getByLabel('Authenticator code').fill(await freshCode(secret, state.usedSteps));
  saveState(state);
  await page.getByRole('button', { name: 'Finish set-up' }).click();
  await expect(page.getByTestId('recovery-codes')).toBeVisible();
  await page.getByLabel('I have stored these codes').check();
  await page.getByRole('button', { name: 'Continue to CareRelay' }).click();
  return secret;
}
