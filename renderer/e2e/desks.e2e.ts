/**
 * Two desks, one inbox (issue 12), as administrators do it: pouchdb-server stands in for the
 * practice's CouchDB (on disk, one account per desk, the databases made beforehand as its
 * administrator would). Desk A connects to it; desk B connects and asks to join, showing a code
 * and a safety number; on desk A the administrator types the code, sees the same number and
 * approves; desk B starts afresh with the practice's key. A patient's text filed on desk A
 * appears on desk B; desk B's reply appears on desk A; the server's files hold no name, number
 * or text. Each desk is its own browser host with its own data folder and keychain entries.
 * Screenshot: desk-enrolment.png.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../build/chromium.mjs';
import { DESK_PASSWORD, deskAdminSecrets, deskApi, enrolDeskByApi, openDesk, startCouch, type CouchStandIn } from '../../build/desks-rig';
import { totpCode } from '../../main/accounts/totp';
import { addUser, firstSignIn, signOut } from './fixtures';
import type { RunningHost } from '../../build/e2e-host';

test.describe.configure({ mode: 'serial' });

const PREFIX = 'synthclinic';
const TEXT = 'Synthetic canary: is my lab result back yet?';
const PASSWORD = DESK_PASSWORD;

let couch: CouchStandIn;
let couchUrl: string;
const hosts: RunningHost[] = [];
let browser: Browser;
let deskA: Page;
let deskB: Page;

async function connect(page: Page, desk: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByTestId('desks-panel');
  await expect(panel.getByTestId('desks-status')).toContainText('Not connected');
  const form = panel.getByRole('form', { name: 'Practice server' });
  await form.getByLabel('Practice server address').fill(couchUrl);
  await form.getByLabel('Database prefix').fill(PREFIX);
  await form.getByLabel('This desk’s name').fill(`Front desk ${desk}`);
  await form.getByLabel('This desk’s server user').fill(`desk-${desk}`);
  await form.getByLabel('This desk’s server password').fill(`desk-${desk}-Password-1`);
  await form.getByRole('button', { name: 'Connect this desk' }).click();
  await expect(panel.getByTestId('desks-status')).toContainText(`as “Front desk ${desk}”`);
  return panel;
}

test.beforeAll(async () => {
  couch = await startCouch(PREFIX, ['a', 'b', 'c']);
  couchUrl = couch.url;
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
});

test.afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.stop();
  await couch?.stop();
});

test('two desks: enrol the second with matching safety numbers, then one inbox on both, and only ciphertext on the server', async () => {
  test.setTimeout(180_000);
  deskA = await openDesk(browser, 'a', hosts);
  deskB = await openDesk(browser, 'b', hosts);

  // Desk A joins the server; desk B joins it and asks to join the practice.
  const panelA = await connect(deskA, 'a');
  const panelB = await connect(deskB, 'b');
  const keyA = (await panelA.getByTestId('practice-key-id').innerText()).trim();
  expect((await panelB.getByTestId('practice-key-id').innerText()).trim()).not.toBe(keyA);
  await panelB.getByRole('button', { name: 'Ask to join' }).click();
  const code = (await panelB.getByTestId('join-code').innerText()).trim();
  const numberOnB = (await panelB.getByTestId('join-number').innerText()).trim();

  // The administrator on desk A types the code and compares the numbers.
  const add = panelA.getByTestId('add-desk');
  await add.getByLabel('Code on the new desk').fill(code.toLowerCase());
  await add.getByRole('button', { name: 'Look up' }).click();
  await expect(add.getByTestId('desk-request')).toContainText('“Front desk b” asks to join');
  await expect(add.getByTestId('desk-request-number')).toHaveText(numberOnB);
  await add.getByTestId('desk-request').scrollIntoViewIfNeeded();
  await deskA.screenshot({ path: test.info().outputPath('desk-enrolment.png') });
  await add.getByRole('button', { name: 'The numbers match: add it' }).click();
  await expect(add).toContainText('“Front desk b” was added');

  // Desk B shows the fingerprint of the key it received; it matches desk A's; B joins, locks and
  // opens afresh with the practice's records.
  await expect(panelB.getByTestId('join-fingerprint')).toHaveText(keyA, { timeout: 20_000 });
  await panelB.getByRole('button', { name: 'It matches: join' }).click();
  await expect(deskB.getByRole('button', { name: 'Unlock' })).toBeVisible({ timeout: 20_000 });
  await deskB.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await deskB.getByRole('button', { name: 'Unlock' }).click();
  await expect(deskB.getByRole('button', { name: 'Unlock' })).toHaveCount(0);
  await deskB.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(deskB.getByTestId('practice-key-id')).toHaveText(keyA);

  // A patient texts; desk A files it; desk B shows it.
  await deskA.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  await deskA.getByRole('button', { name: 'Simulate a patient text' }).click();
  const simulate = deskA.getByRole('dialog');
  await simulate.getByLabel('From (patient’s number)').fill('(202) 555-0177');
  await simulate.getByLabel('What the patient texts').fill(TEXT);
  await simulate.getByRole('button', { name: 'Send as the patient' }).click();
  await expect(deskA.getByTestId('conversation').filter({ hasText: '(202) 555-0177' })).toBeVisible({ timeout: 20_000 });
  await deskB.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  const onB = deskB.getByTestId('conversation').filter({ hasText: '(202) 555-0177' });
  await expect(onB).toBeVisible({ timeout: 20_000 });
  await onB.click();
  await expect(deskB.getByTestId('thread').getByTestId('message-body').filter({ hasText: TEXT })).toBeVisible();

  // Desk B replies; desk A shows the reply in the same conversation.
  await deskB.getByTestId('thread').getByTestId('compose-text').fill('Synthetic reply from desk B: we will call you today.');
  await deskB.getByTestId('thread').getByTestId('send').click();
  await deskA.getByTestId('conversation').filter({ hasText: '(202) 555-0177' }).click();
  await expect(deskA.getByTestId('thread').getByTestId('message-body').filter({ hasText: 'Synthetic reply from desk B' })).toBeVisible({ timeout: 20_000 });
  // One sender: the desk holding the lease sent it; desk B's own entry follows it to the same outcome (the same SID).
  const replyAtB = async () => ((await deskApi(deskB, 'c.outbox.list({ limit: 20, offset: 0 })')).value.entries as { clientId: string; body: string; state: string; sid: string | null }[]).find((e) => e.body.startsWith('Synthetic reply from desk B'));
  await expect.poll(async () => (await replyAtB())?.sid ?? null, { timeout: 30_000, intervals: [500] }).not.toBeNull();
  const reply = (await replyAtB())!;
  const bSends = (await deskApi(deskB, 'c.desks.getStatus({})')).value.sender as boolean;
  const atA = (await deskApi(deskA, `c.outbox.get({ clientId: '${reply.clientId}' })`)) as { ok: boolean; value?: { entry: { sid: string | null } } };
  if (bSends) expect(atA.ok).toBe(false); // desk B holds the lease: it sent its own reply, nothing went to desk A's queue
  else expect(atA.value?.entry.sid).toBe(reply.sid); // desk A sent it, once; desk B holds its outcome

  // Settings says the desk is sharing, with its last exchange.
  await deskA.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  await expect(deskA.getByTestId('replication-status')).toContainText('Sharing with the other desks · last exchange');

  // The server at rest: no text, no number; the scan does find plaintext written there.
  await fetch(`${couchUrl}scan-control`, { method: 'PUT' });
  await fetch(`${couchUrl}scan-control/control`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'Controlcanary platypus' }) });
  await expect.poll(() => couch.contains('Controlcanary platypus'), { timeout: 10_000 }).toBe(true);
  expect(couch.contains(TEXT)).toBe(false);
  expect(couch.contains('2025550177')).toBe(false);
  expect(couch.contains('Synthetic reply from desk B')).toBe(false);
});

test('a third desk: desks A and C claim one conversation at the same moment, and all three screens show the same single owner', async () => {
  test.setTimeout(180_000);
  // Desk C joins through the same channels the Desks settings use.
  const deskC = await openDesk(browser, 'c', hosts);
  await enrolDeskByApi(deskA, deskC, 'c', couchUrl, PREFIX);

  // A new patient text reaches all three desks.
  await deskA.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  await deskApi(deskA, "c.training.simulateInbound({ from: '+12025550178', body: 'Synthetic: can someone call me back about parking?' })");
  const open = async (page: Page) => {
    await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
    const row = page.getByTestId('conversation').filter({ hasText: '(202) 555-0178' });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.click();
    await expect(page.getByTestId('thread').getByTestId('message-body').filter({ hasText: 'call me back about parking' })).toBeVisible({ timeout: 30_000 });
  };
  for (const page of [deskA, deskB, deskC]) await open(page);

  // A and C start a reply at the same moment: each claims it on its own desk first.
  await Promise.all([deskA.getByTestId('thread').getByTestId('compose-text').focus(), deskC.getByTestId('thread').getByTestId('compose-text').focus()]);
  const replying = (page: Page) => page.getByTestId('thread').getByTestId('thread-replying');
  // After replication: exactly one of A and C sees the other replying, and B sees someone replying.
  await expect
    .poll(async () => (await replying(deskA).count()) + (await replying(deskC).count()), { timeout: 30_000 })
    .toBe(1);
  await expect(replying(deskB)).toBeVisible({ timeout: 30_000 });
  // It stays that way: one owner on every screen.
  await deskA.waitForTimeout(2_000);
  expect((await replying(deskA).count()) + (await replying(deskC).count())).toBe(1);
  await expect(replying(deskB)).toBeVisible();
});

test('a lost desk is removed: its server account stops working and the practice lists it as removed', async () => {
  // The practice server gets an administrator (pouchdb-server, like a fresh CouchDB, starts without one).
  expect((await fetch(`${couchUrl}_config/admins/couch-admin`, { method: 'PUT', body: JSON.stringify('Couch-Admin-Password-1') })).ok).toBe(true);
  const auth = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  expect((await fetch(`${couchUrl}${PREFIX}-control`, { headers: auth('desk-c', 'desk-c-Password-1') })).status).toBe(200);

  await deskA.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const list = deskA.getByTestId('practice-desks');
  await expect(list.getByTestId('practice-desk')).toHaveCount(3);
  await expect(list.getByTestId('practice-desk').filter({ hasText: 'Front desk a (this desk)' })).toContainText('Active');
  await list.getByTestId('practice-desk').filter({ hasText: 'Front desk c' }).getByRole('button', { name: 'Remove' }).click();
  const dialog = deskA.getByRole('dialog', { name: 'Remove “Front desk c”' });
  await dialog.getByLabel('Server administrator name').fill('couch-admin');
  await dialog.getByLabel('Server administrator password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Remove this desk' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'did not accept that administrator name and password' })).toBeVisible();
  await dialog.getByLabel('Server administrator password').fill('Couch-Admin-Password-1');
  // Typing again clears the refusal of the earlier attempt.
  await expect(dialog.getByRole('alert').filter({ hasText: 'did not accept' })).toHaveCount(0);
  await deskA.waitForTimeout(400); // MUI's transitions, so the screenshot shows the settled dialog
  await deskA.screenshot({ path: test.info().outputPath('desk-removal.png') });
  await dialog.getByRole('button', { name: 'Remove this desk' }).click();
  await expect(dialog).toBeHidden();
  await expect(list.getByTestId('practice-desk').filter({ hasText: 'Front desk c' })).toContainText('Removed');
  await expect(list.getByRole('alert').filter({ hasText: 'was removed: its server account no longer works' })).toBeVisible();
  // The practice moved to a new key epoch that desk C never gets; desk B takes it up within a round.
  await expect(list.getByRole('alert')).toContainText('The practice key changed to epoch 2');
  await expect(deskA.getByTestId('key-epoch')).toContainText('Key epoch 2', { timeout: 15_000 });
  await expect.poll(async () => (await deskApi(deskB, 'c.desks.getStatus({})')).value.keyEpoch, { timeout: 30_000, intervals: [1_000] }).toBe(2);
  // Desk C's saved credentials open nothing any more.
  expect((await fetch(`${couchUrl}${PREFIX}-control`, { headers: auth('desk-c', 'desk-c-Password-1') })).status).toBe(401);
  const records = (await deskApi(deskA, "c.audit.query({ action: 'desks.removed' })")).value.records;
  expect(records).toHaveLength(1);
  expect((await deskApi(deskA, "c.audit.query({ action: 'desks.key-epoch' })")).value.records.map((r: { detail?: string }) => r.detail)).toEqual(['EPOCH_2_ROTATED']);
  // What desk A files now is sealed under epoch 2 on the server, and desk B reads it.
  const couchAdmin = auth('couch-admin', 'Couch-Admin-Password-1');
  const keyDoc = (await (await fetch(`${couchUrl}${PREFIX}-control/keyepoch`, { headers: couchAdmin })).json()) as { epoch: number; recipients: string[]; removed: string[] };
  expect(keyDoc).toMatchObject({ epoch: 2, removed: ['desk-c'] });
  expect(keyDoc.recipients).not.toContain('desk-c');
  expect((await fetch(`${couchUrl}${PREFIX}-control/epochgrant-2-desk-c`, { headers: couchAdmin })).status).toBe(404);
});

test('staff accounts are the practice’s: one added at desk A signs in at desk B; disabled at desk A, it is signed out at desk B', async () => {
  test.setTimeout(150_000);
  await addUser(deskA, 'Synthetic Sharedstaff', 'shared.staff', 'Temporary-Pass-2026');
  await signOut(deskB, 'b Testadmin');
  // One staff round (5 s) carries the account to desk B; the first sign-in there sets the person's own password and authenticator.
  await expect.poll(async () => (await deskApi(deskB, "c.session.signIn({ username: 'shared.staff', password: 'Temporary-Pass-2026' })")).value?.status, { timeout: 30_000, intervals: [1_000] }).toBe('enrol');
  await deskB.reload();
  await firstSignIn(deskB, 'shared.staff', 'Temporary-Pass-2026', 'Shared-Own-Password-77');
  await expect(deskB.getByRole('button', { name: /Synthetic Sharedstaff/ })).toBeVisible();
  // Desk A sees that she has set up her authenticator (done at desk B): the staff list, opened again, says so.
  const row = deskA.getByTestId('user-row-shared.staff');
  await expect
    .poll(
      async () => {
        await deskA.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
        await deskA.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
        return (await row.textContent()) ?? '';
      },
      { timeout: 30_000, intervals: [2_000] },
    )
    .toContain('Set up');
  // The administrator at desk A disables her: desk B signs her out within a round.
  await row.getByRole('button', { name: 'Disable' }).click();
  await deskA.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText(/Disabled/i);
  await expect(deskB.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 20_000 });
  await deskB.screenshot({ path: test.info().outputPath('desk-staff-signed-out.png') });
  // Desk B's own administrator signs back in.
  await deskB.getByLabel('Username').fill('b.admin');
  await deskB.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await deskB.getByLabel('Authenticator code').fill(totpCode(deskAdminSecrets.get('b')!, new Date()));
  await deskB.getByRole('button', { name: 'Sign in' }).click();
  await expect(deskB.getByRole('button', { name: /b Testadmin/ })).toBeVisible({ timeout: 20_000 });
});

test('a revocation and a confirmation dealt with at desk B reach the reminders waiting at desk A', async () => {
  test.setTimeout(90_000);
  // Desk A approved two reminders for the day after tomorrow; they wait in desk A's outbox.
  const reminder = (n: number) => ({
    clientId: `cmp-ce2e-a-e2e-${n}-0`, to: `+120255501${90 + n}`, body: `Synthetic reminder ${n}: your visit is on Friday. Reply C to confirm.`, appointmentId: `a-e2e-${n}`, patientId: `p-e2e-${n}`, touch: 0,
    notBefore: new Date(Date.now() + 2 * 86_400_000).toISOString(), notAfter: new Date(Date.now() + 3 * 86_400_000).toISOString(), recipientTimeZone: 'UTC', recipientStates: [], contactWindow: null,
  });
  const queued = await deskApi(deskA, `c.outbox.queueCampaign({ campaignId: 'ce2e', sends: ${JSON.stringify([reminder(1), reminder(2)])} })`);
  expect(queued.value).toMatchObject({ queued: 2 });
  // At desk B, staff record the first patient's opt-out, and the second patient's "C" confirms the visit.
  expect((await deskApi(deskB, "c.suppression.set({ number: '+12025550191', action: 'revoke', consentEventId: 'ce-e2e-revoke-1' })")).ok).toBe(true);
  expect((await deskApi(deskB, "c.outbox.withdraw({ appointmentId: 'a-e2e-2', reason: 'confirmed' })")).ok).toBe(true);
  // Desk A's queue takes both within a round: neither reminder will leave.
  const stateAtA = async (n: number) => (await deskApi(deskA, `c.outbox.get({ clientId: 'cmp-ce2e-a-e2e-${n}-0' })`)).value.entry;
  await expect.poll(async () => (await stateAtA(1)).errorCode, { timeout: 30_000, intervals: [1_000] }).toBe('CONSENT_REVOKED');
  await expect.poll(async () => (await stateAtA(2)).errorCode, { timeout: 30_000, intervals: [1_000] }).toBe('WITHDRAWN_CONFIRMED');
  expect((await stateAtA(1)).state).toBe('cancelled');
  // Desk A's own queue took the revocation (not only the sender's outcome): it now refuses a new text to that number itself.
  await expect
    .poll(async () => (await deskApi(deskA, "c.audit.query({ action: 'consent.revoke' })")).value.records.some((r: { detail?: string }) => (r.detail ?? '').startsWith('ANOTHER_DESK')), { timeout: 30_000, intervals: [1_000] })
    .toBe(true);
  expect((await deskApi(deskA, "c.outbox.send({ to: '+12025550191', body: 'Synthetic follow-up.', conversationId: 'conv-e2e' })")).error?.code).toBe('RECIPIENT_OPTED_OUT');
  // Nothing readable about it is on the server.
  expect(couch.contains('2025550191')).toBe(false);
});

test('the administrator’s audit screen verifies every desk’s chain and shows every desk’s records', async () => {
  test.setTimeout(90_000);
  await deskA.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
  const chains = deskA.getByTestId('practice-chains');
  // Each desk publishes its chain every 10 s: desks A and B are there and verify (desk C's too, if it
  // published before it was removed: a removed desk's credentials no longer reach the server).
  await expect
    .poll(
      async () => {
        await chains.getByRole('button', { name: 'Verify every desk' }).click();
        await expect(chains.getByRole('status')).toHaveCount(0, { timeout: 30_000 });
        return chains.locator('[data-testid^="chain-"]').count();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThanOrEqual(2);
  await expect(chains.getByRole('alert').or(chains.locator('.MuiAlert-root')).first()).toContainText('Every desk’s chain verified');
  await expect(chains.locator('[data-testid^="chain-"]').filter({ hasText: '(this desk)' })).toContainText('Verified');
  // The records list, switched to every desk, names the desk of each record: desk B's sign-out of the disabled account is among them.
  await chains.getByLabel('Show records from every desk of the practice').check();
  await expect(deskA.getByRole('table', { name: 'Records' }).getByRole('columnheader', { name: 'Desk' })).toBeVisible();
  await deskA.getByLabel('Action').fill('auth.sign-out');
  await deskA.getByRole('button', { name: 'Apply filters' }).click();
  const mine = ((await chains.locator('[data-testid^="chain-"]').filter({ hasText: '(this desk)' }).getAttribute('data-testid')) ?? '').slice('chain-'.length);
  expect(mine).toMatch(/^desk-/);
  // Desk B publishes every 10 s: the list, asked again, shows its sign-out once it has.
  const fromAnotherDesk = deskA.getByRole('row').filter({ hasText: 'auth.sign-out' }).filter({ hasNotText: mine });
  await expect
    .poll(
      async () => {
        await deskA.getByRole('button', { name: 'Apply filters' }).click();
        await expect(deskA.getByText('Loading records…')).toHaveCount(0, { timeout: 20_000 });
        return fromAnotherDesk.count();
      },
      { timeout: 45_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  await deskA.screenshot({ path: test.info().outputPath('audit-every-desk.png'), fullPage: true });
});

test('the desk answering for the practice dies: another desk takes over within one lease period', async () => {
  test.setTimeout(150_000);
  for (const page of [deskA, deskB]) await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
  const answers = async (page: Page) => ((await page.getByTestId('sender-status').textContent().catch(() => '')) ?? '').startsWith('This desk answers');
  // Exactly one of A and B answers (desk C was removed: once its lease lapses it cannot take it back).
  await expect.poll(async () => Number(await answers(deskA)) + Number(await answers(deskB)), { timeout: 60_000, intervals: [1_000] }).toBe(1);
  const aHolds = await answers(deskA);
  const holder = aHolds ? hosts[0]! : hosts[1]!;
  const other = aHolds ? deskB : deskA;
  // The holder's process is killed: no shutdown, no hand-over.
  await holder.kill();
  await expect(other.getByTestId('sender-status')).toHaveText('This desk answers patients’ STOP, HELP and START for the practice.', { timeout: 60_000 });
  await other.screenshot({ path: test.info().outputPath('desk-takeover.png') });
});
