/**
 * The first screens in Chromium through the browser host: the frame, the training banner, the
 * gateway status from main, navigation with real empty states, and the page's security surface
 * (SEC-IPC-05). Saves a screenshot of the main window as a test artifact.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './fixtures';

const SECTIONS = [
  { nav: 'Inbox', heading: 'Inbox', empty: 'No conversations yet' },
  { nav: 'Patients', heading: 'Patients', empty: 'No patients yet' },
  { nav: 'Campaigns', heading: 'Campaigns', empty: 'No campaigns yet' },
  { nav: 'Audit', heading: 'Audit trail', empty: 'Verify trail' },
  { nav: 'Settings', heading: 'Settings', empty: 'Training mode' },
] as const;

async function seriousViolations(page: Page) {
  // Let MUI's colour transitions (≈250 ms, e.g. Send turning enabled) finish: axe reads colours as they are.
  await page.waitForTimeout(400);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('the main window shows the frame, the training banner and the gateway status', async ({ page }, testInfo) => {
  await openApp(page);
  await expect(page).toHaveTitle('CareRelay');
  await expect(page.getByText('Training mode — messages go to simulated patients')).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: /gateway/i });
  await expect(status).toContainText(/online/i);
  await expect(status).toContainText(/0 queued/i);
  await expect(page.getByText('No conversations yet')).toBeVisible();
  // The token is taken from the address bar once and not left there.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);

  const dir = path.join(testInfo.project.outputDir, '..', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main-window.png');
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('main-window', { path: file, contentType: 'image/png' });
});

test('navigation reaches every section, each with a real empty state, and back works', async ({ page }) => {
  await openApp(page);
  const nav = page.getByRole('navigation');
  for (const section of SECTIONS) {
    await nav.getByRole('link', { name: section.nav }).click();
    await expect(page.getByRole('heading', { level: 1, name: section.heading })).toBeVisible();
    await expect(page.getByText(section.empty, { exact: false }).first()).toBeVisible();
    await expect(page.locator('main')).not.toContainText(/TODO|lorem ipsum/i);
  }
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await page.keyboard.press('Tab');
});

test('axe-core finds no serious or critical violation on any section', async ({ page }) => {
  await openApp(page);
  const nav = page.getByRole('navigation');
  for (const section of SECTIONS) {
    await nav.getByRole('link', { name: section.nav }).click();
    await expect(page.getByRole('heading', { level: 1, name: section.heading })).toBeVisible();
    expect(await seriousViolations(page), section.nav).toEqual([]);
  }
});

test('SEC-IPC-05: the page sees only window.carerelay, frozen, with no Node objects', async ({ page }) => {
  await openApp(page);
  const surface = await page.evaluate(() => {
    const api = (window as unknown as { carerelay: Record<string, Record<string, unknown>> }).carerelay;
    return {
      keys: Object.keys(api).sort(),
      members: Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.keys(v).sort()])),
      frozen: Object.isFrozen(api) && Object.values(api).every((ns) => Object.isFrozen(ns)),
      allFunctions: Object.values(api).every((ns) => Object.values(ns).every((f) => typeof f === 'function')),
      process: typeof (window as unknown as { process?: unknown }).process,
      require: typeof (window as unknown as { require?: unknown }).require,
      module: typeof (window as unknown as { module?: unknown }).module,
    };
  });
  expect(surface).toEqual({
    keys: ['app', 'audit', 'desks', 'device', 'gateway', 'inbox', 'notifications', 'outbox', 'practiceDb', 'session', 'settings', 'setup', 'staff', 'suppression', 'training', 'updates', 'users'],
    members: {
      app: ['getDiagnostics', 'getInfo', 'openExternal', 'reportProblem'],
      audit: ['exportCsv', 'query', 'recordMessageViews', 'recordPhiOverride', 'recordView', 'verify', 'verifyDesks'],
      desks: ['approve', 'checkKeyEpoch', 'configureServer', 'confirmJoin', 'findRequest', 'freshStartDone', 'getStatus', 'list', 'pollJoin', 'remove', 'request', 'startJoin'],
      device: ['wipe'],
      gateway: ['getSettings', 'getStatus', 'onStatusChanged', 'recordBaa', 'resumeSending', 'testConnection', 'updateSettings'],
      inbox: ['ack', 'onAvailable', 'take'],
      notifications: ['onChanged', 'setUnread'],
      outbox: ['cancel', 'get', 'list', 'onChanged', 'queueCampaign', 'queueReminder', 'send', 'sendOptInConfirmation', 'withdraw'],
      practiceDb: ['releaseKeys', 'reportPurge'],
      session: ['beginEmergency', 'completeEnrolment', 'getState', 'lock', 'onStateChanged', 'reportActivity', 'signIn', 'signOut', 'unlock'],
      settings: ['get', 'update'],
      setup: ['createPractice', 'startEnrolment'],
      staff: ['directory'],
      suppression: ['set'],
      training: ['advanceClock', 'getState', 'setOutage', 'simulateInbound'],
      updates: ['checkNow', 'getStatus', 'restartToUpdate', 'setPaused'],
      users: ['create', 'list', 'resetAccess', 'update'],
    },
    frozen: true,
    allFunctions: true,
    process: 'undefined',
    require: 'undefined',
    module: 'undefined',
  });

  const answers = await page.evaluate(async () => {
    const api = (window as unknown as { carerelay: any }).carerelay;
    const info = await api.app.getInfo();
    const bad = await api.app.openExternal({ url: 42 });
    const extra = await api.gateway.getStatus({ sneaky: true });
    const huge = await api.app.openExternal({ url: 'https://x.test/' + 'a'.repeat(300_000) });
    return { info, bad, extra, huge, unsubscribeType: typeof api.gateway.onStatusChanged(() => undefined) };
  });
  expect(answers.info).toMatchObject({ ok: true, value: { name: 'CareRelay', host: 'browser', mode: 'training' } });
  expect(answers.bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(answers.extra).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  expect(answers.huge).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  expect(answers.unsubscribeType).toBe('function');
});

test('an unexpected error shows a calm notice whose support details hold no patient data; Settings shows updates are not set up', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  // A renderer error that quotes a (synthetic) patient: only its class reaches main.
  await page.evaluate(() => {
    setTimeout(() => {
      throw new TypeError('Synthetic Patient +12025550123 said: about my results');
    }, 0);
  });
  const notice = page.getByTestId('problem-notice');
  await expect(notice).toContainText('Something went wrong. What you typed is kept');
  await notice.getByRole('button', { name: 'Copy details for support' }).click();
  await expect(notice.getByRole('status')).toHaveText('Copied: paste it into your message to support.');
  await page.screenshot({ path: test.info().outputPath('problem-notice.png') });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('CareRelay diagnostic details (no patient information)');
  expect(copied).toMatch(/renderer\.uncaught TypeError/);
  expect(copied).not.toMatch(/Synthetic|2025550123|results/);

  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('update-status')).toContainText('Updates are not set up for this copy');
  await page.getByTestId('update-status').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-updates.png') });
});
