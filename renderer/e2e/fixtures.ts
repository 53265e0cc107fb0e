/** Shared helpers for the end-to-end specs: the host's address and opening the app like a person. */
import { expect, type Page } from '@playwright/test';

export function hostUrl(): string {
  const url = process.env.CARERELAY_E2E_URL;
  if (!url) throw new Error('CARERELAY_E2E_URL is not set: run the specs through build/playwright.config.ts.');
  return url;
}

export function hostOrigin(): string {
  return new URL(hostUrl()).origin;
}

/** Opens CareRelay at the tokened address and waits for the frame. */
export async function openApp(page: Page): Promise<void> {
  await page.goto(hostUrl());
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
}
