/**
 * A front-desk day in the Inbox, in training mode, as a receptionist does it: patients added
 * (training patients and one by hand), a templated reply seen through to Delivered, a patient's
 * answer reopening the closed conversation as unread, a draft that stays with its conversation
 * and survives a reload, a landline failure explaining itself, a text typed during an outage
 * sent when the connection returns, hostile inbound texts shown as inert text, the PHI guard,
 * search, and a second user seeing the first one's claim. One signed-in page is shared by the
 * steps (they build on each other). Screenshots: inbox.png, thread.png, patient.png,
 * hostile.png, claim.png in test-results/e2e/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { HOSTILE_SAMPLES } from '../../shared/text/hostile-samples';
import { addUser, firstSignIn, loadState, openApp, signIn, signOut } from './fixtures';

test.describe.configure({ mode: 'serial' });

let page: Page;
let dialogsOpened = 0;

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  // A context of our own (axe needs one), shared by the steps.
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  // A script in a message would open an alert: count any.
  page.on('dialog', (d) => {
    dialogsOpened += 1;
    void d.dismiss();
  });
});
test.afterAll(async () => {
  await page.context().close();
});
// eslint-disable-next-line no-empty-pattern -- Playwright needs the fixtures pattern
test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus) await page.screenshot({ path: info.outputPath('failure.png'), fullPage: true });
});

async function noSeriousAxeViolations(p: Page) {
  // Let MUI's colour transitions (≈250 ms, e.g. Send turning enabled) finish: axe reads colours as they are.
  await p.waitForTimeout(400);
  const results = await new AxeBuilder({ page: p }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`)).toEqual([]);
}

const shot = (name: string) => page.screenshot({ path: test.info().outputPath(name) });
const nav = (name: string) => page.getByRole('navigation').getByRole('link', { name }).click();
const row = (name: RegExp | string) => page.getByTestId('conversation').filter({ hasText: name });
const thread = () => page.getByTestId('thread');
const reply = () => thread().getByTestId('compose-text');

async function newText(to: string, pick: RegExp | null, body: string | null) {
  await page.getByTestId('new-text-button').click();
  const panel = page.getByTestId('new-text');
  await panel.getByTestId('new-text-to').fill(to);
  if (pick) await panel.getByRole('button', { name: pick }).click();
  if (body !== null) await panel.getByTestId('compose-text').fill(body);
}

test('patients: add the training patients and one by hand, with validation that clears as you edit', async () => {
  await openApp(page);
  await nav('Patients');
  await page.getByTestId('add-training-patients').click();
  await expect(page.getByTestId('patient-row').filter({ hasText: 'Testpatient, Alpha' })).toBeVisible();

  await page.getByRole('button', { name: 'Add patient' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('First name').fill('Mike');
  await form.getByLabel('Last name').fill('Testpatient');
  await form.getByLabel('Date of birth').fill('1970-02-14');
  await form.getByLabel('Mobile number for texts').fill('555-12');
  await form.getByRole('button', { name: 'Add patient' }).click();
  await expect(form.getByText(/10 digits/)).toBeVisible();
  await expect(form.getByText(/Say who gave the practice this number/)).toBeVisible();
  // A corrected number loses its stale error at once.
  await form.getByLabel('Mobile number for texts').fill('(202) 555-0150');
  await expect(form.getByText(/10 digits/)).toHaveCount(0);
  await form.getByLabel('Who gave the practice this number?').click();
  await page.getByRole('option', { name: 'The patient gave it to us' }).click();
  await form.getByRole('button', { name: 'Add patient' }).click();
  await expect(form).toBeHidden();

  const detail = page.getByTestId('patient-detail');
  await expect(detail.getByRole('heading', { name: 'Mike Testpatient' })).toBeVisible();
  await expect(detail.getByTestId('consent-summary')).toContainText('Appointment reminders');
  await expect(detail).toContainText('(202) 555-0150');
  await noSeriousAxeViolations(page);
  await shot('patient.png');
});

test('a templated reply is delivered; the patient answers and the closed conversation reopens as unread', async () => {
  await nav('Inbox');
  await newText('Mike', /Mike Testpatient/, null);
  const panel = page.getByTestId('new-text');
  await panel.getByRole('button', { name: 'Quick replies' }).click();
  await page.getByRole('menuitem', { name: 'We are running late' }).click();
  // The merge field is filled with the patient's first name.
  await expect(panel.getByTestId('compose-text')).toHaveValue(/Thank you for your patience, Mike;/);
  await expect(panel.getByTestId('segment-counter')).toContainText(/1 text|2 texts/);
  await panel.getByTestId('send').click();

  await expect(page.getByTestId('thread-title')).toHaveText('Mike Testpatient');
  const sent = thread().getByTestId('message').filter({ hasText: 'running a little behind' });
  await expect(sent.getByTestId('delivery-state')).toHaveText('Delivered', { timeout: 30_000 });
  await expect(sent).toContainText('You');

  await page.keyboard.press('Alt+c');
  await expect(page.getByTestId('thread-status')).toHaveText('Closed');
  // Leave the conversation, then the patient answers (simulated, as in training).
  await page.getByTestId('new-text-button').click();
  await page.evaluate(() => (window as any).carerelay.training.simulateInbound({ from: '+12025550150', body: 'Synthetic: no problem, thanks' }));
  const mike = row('Mike Testpatient');
  await expect(mike.getByTestId('unread-badge')).toHaveText('1 new', { timeout: 20_000 });
  await expect(mike).not.toContainText('Closed');
  await expect(page.getByTestId('filter-unread')).toContainText('Unread 1');
  await shot('inbox.png');

  await mike.click();
  await expect(thread().getByTestId('message').filter({ hasText: 'no problem, thanks' })).toBeVisible();
  await expect(mike.getByTestId('unread-badge')).toHaveCount(0);
  await expect(page.getByTestId('thread-status')).toHaveText('Open');
  await noSeriousAxeViolations(page);
  await shot('thread.png');
});

test('a draft stays with its conversation and survives a reload', async () => {
  await reply().fill('Synthetic draft for Mike only');
  await newText('Alpha', /Alpha Testpatient/, 'Synthetic reminder: your visit is tomorrow. Reply YES to confirm.');
  await page.getByTestId('new-text').getByTestId('send').click();
  await expect(page.getByTestId('thread-title')).toHaveText('Alpha Testpatient');
  // Mike's draft did not follow to Alpha.
  await expect(reply()).toHaveValue('');
  await expect(thread().getByTestId('message').filter({ hasText: 'Yes, I will be there' })).toBeVisible({ timeout: 30_000 });

  await page.reload();
  await openApp(page);
  await row('Mike Testpatient').click();
  await expect(reply()).toHaveValue('Synthetic draft for Mike only');
  await reply().fill('');
});

test('a landline failure explains itself and flags the conversation', async () => {
  await newText('Juliet', /Juliet Testpatient/, 'Synthetic: please call us about your visit.');
  await page.getByTestId('new-text').getByTestId('send').click();
  await expect(page.getByTestId('thread-title')).toHaveText('Juliet Testpatient');
  const reason = thread().getByTestId('failure-reason');
  await expect(reason).toContainText(/landline/i, { timeout: 30_000 });
  await expect(reason).toContainText(/call/i);
  await expect(row('Juliet Testpatient').getByTestId('failed-badge')).toBeVisible();
  await expect(page.getByTestId('filter-attention')).toContainText(/Needs attention [1-9]/);
});

test('a text typed during an outage is queued and sent when the connection returns', async () => {
  await page.getByLabel('Practise an outage').check();
  await expect(page.getByTestId('gateway-status')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
  await row('Mike Testpatient').click();
  await reply().fill('Synthetic: typed while offline');
  await page.keyboard.press('Control+Enter');
  const queued = thread().getByTestId('message').filter({ hasText: 'typed while offline' });
  await expect(queued.getByTestId('delivery-state')).toHaveText('Queued');
  await expect(queued.getByTestId('queued-offline')).toHaveText('Queued — will send when the connection returns.');
  await page.getByLabel('Practise an outage').uncheck();
  await expect(queued.getByTestId('delivery-state')).toHaveText(/Sent|Delivered/, { timeout: 40_000 });
});

test('the minimum-necessary guard stops probable health details', async () => {
  await reply().fill('Synthetic: your A1C was 9.2, please start metformin 500 mg');
  await thread().getByTestId('send').click();
  const guard = page.getByTestId('phi-guard');
  await expect(guard).toBeVisible();
  await expect(guard).toContainText(/no recorded acknowledgement/);
  await guard.getByRole('button', { name: 'Edit the message' }).click();
  await expect(thread().getByTestId('message').filter({ hasText: 'metformin' })).toHaveCount(0);
  // Empty text is explained, not silently disabled.
  await reply().fill('');
  await thread().getByTestId('send').click();
  await expect(thread().getByTestId('send-problem')).toContainText(/empty text cannot be sent/);
});

test('hostile inbound texts from an unknown number are shown as inert text', async () => {
  for (const sample of HOSTILE_SAMPLES) {
    const r = await page.evaluate((body) => (window as any).carerelay.training.simulateInbound({ from: '+12025550151', body }), sample.text);
    expect(r.ok, sample.label).toBe(true);
  }
  const unknown = row(/\(202\) 555-0151/);
  await expect(unknown).toContainText('Unmatched', { timeout: 20_000 });
  await unknown.click();
  await expect(thread().getByTestId('message')).toHaveCount(HOSTILE_SAMPLES.length, { timeout: 20_000 });
  const list = thread().getByRole('list', { name: 'Messages' });
  expect(await list.locator('script, img, a, iframe').count()).toBe(0);
  const bodies = await thread().getByTestId('message-body').allTextContents();
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  for (const body of bodies) expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u0000-\u0008\u000B\u001B\u007F\u200B]/u);
  // Smuggled tag text is gone (upper-case tag letters); emoji flag tag sequences are kept.
  for (const body of bodies) expect(body).not.toMatch(/[\u{E0041}-\u{E005A}]/u);
  expect(bodies.join('\n')).toContain('<script>alert("synthetic-xss-1")</script>');
  expect(dialogsOpened).toBe(0);
  // Layout intact: nothing wider than the thread.
  const overflow = await list.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await expect(thread().getByRole('button', { name: 'Link to patient' })).toBeVisible();
  await shot('hostile.png');
});

test('search finds conversations by name, number and message text', async () => {
  const search = page.getByLabel('Search name, number or text');
  await page.getByTestId('thread-title').click();
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await search.fill('Mike');
  await expect(page.getByTestId('conversation')).toHaveCount(1);
  await search.fill('555-0151');
  await expect(page.getByTestId('conversation')).toHaveCount(1);
  await search.fill('no problem, thanks');
  await expect(row('Mike Testpatient')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('conversation')).toHaveCount(1);
  await search.fill('');
});

test('a second user sees who is replying and is asked before sending', async () => {
  test.setTimeout(120_000);
  await addUser(page, 'Rita Testdesk', 'rita.desk', 'Temporary-Pass-2031');
  await nav('Inbox');
  await row('Alpha Testpatient').click();
  await reply().click();
  await reply().fill('Synthetic: Ada was writing this');
  await expect(row('Alpha Testpatient')).not.toContainText('is replying');
  await signOut(page);

  await firstSignIn(page, 'rita.desk', 'Temporary-Pass-2031', 'Rita-Own-Password-88');
  await nav('Inbox');
  const alpha = row('Alpha Testpatient');
  await expect(alpha.getByTestId('replying')).toHaveText('Ada Testadmin is replying');
  await alpha.click();
  await expect(thread().getByTestId('thread-replying')).toContainText('Ada Testadmin is replying');
  // Ada's draft is hers: Rita's reply box is empty.
  await expect(reply()).toHaveValue('');
  await reply().fill('Synthetic: Rita answering');
  await thread().getByTestId('send').click();
  const ask = page.getByRole('dialog', { name: 'A colleague is replying' });
  await expect(ask).toBeVisible();
  await shot('claim.png');
  await ask.getByRole('button', { name: 'Send anyway' }).click();
  await expect(thread().getByTestId('message').filter({ hasText: 'Rita answering' })).toBeVisible();
  await signOut(page, 'Rita Testdesk');
  const state = loadState();
  await signIn(page, state.adminUsername, state.adminPassword, state.totpSecret);
});

test('R22: "please stop texting me" is put in front of staff; once recorded, the next text is refused', async () => {
  await nav('Inbox');
  await page.evaluate(() => (window as any).carerelay.training.simulateInbound({ from: '+12025550150', body: 'Synthetic: please stop texting me' }));
  await row('Mike Testpatient').click();
  const flagged = thread().getByTestId('message').filter({ hasText: 'please stop texting me' });
  const prompt = flagged.getByTestId('review-prompt');
  await expect(prompt).toContainText('may be a request to stop texts', { timeout: 20_000 });
  await prompt.getByRole('button', { name: 'Record opt-out' }).click();
  await expect(flagged.getByTestId('review-done')).toBeVisible();
  await reply().fill('Synthetic: one more thing');
  await thread().getByTestId('send').click();
  await expect(thread().getByTestId('send-problem')).toContainText(/opted out/);
  // The patient page shows the revocation per purpose.
  await thread().getByRole('link', { name: 'Patient page' }).click();
  await expect(page.getByTestId('consent-summary')).toContainText('Withdrawn');
});

test('R31/R27: consent captured at the desk with a signature; a newly signed consent lifts the opt-out', async () => {
  // Still on Mike's patient page, opted out by the previous step.
  await page.getByRole('button', { name: 'Record consent to texts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Consent to be texted' });
  await expect(dialog.getByTestId('consent-disclosure')).toContainText('Msg & data rates may apply');
  await expect(dialog.getByRole('checkbox', { name: /appointment reminders/ })).not.toBeChecked();
  await dialog.getByRole('checkbox', { name: /appointment reminders/ }).check();
  await dialog.getByRole('checkbox', { name: 'The patient was shown or read this text' }).check();
  await dialog.getByRole('button', { name: 'Record consent' }).click();
  await expect(dialog.getByTestId('consent-problems')).toContainText('sign in the box');
  // Marketing needs writing: not offered for a verbal agreement.
  await dialog.getByLabel('How the patient agreed').click();
  await page.getByRole('option', { name: 'Said yes at the desk (not written)' }).click();
  await expect(dialog.getByRole('checkbox', { name: /marketing/ })).toBeDisabled();
  await dialog.getByLabel('How the patient agreed').click();
  await page.getByRole('option', { name: 'In person, signed here' }).click();
  // The menu's closing transition still takes the pointer: wait until it is gone.
  await expect(page.locator('.MuiMenu-root')).toHaveCount(0);
  const pad = dialog.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 30, box.y + box.height / 2 + (i % 2 ? 15 : -15));
  await page.mouse.up();
  await dialog.getByRole('button', { name: 'Record consent' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('consent-summary').getByRole('row', { name: /Appointment reminders/ })).toContainText('Given');
  await noSeriousAxeViolations(page);
});

test('R23: a request to stop made by phone 8 business days ago warns about the delay and takes effect at once', async () => {
  const d = new Date();
  for (let n = 0; n < 8; ) {
    d.setDate(d.getDate() - 1);
    if (d.getDay() !== 0 && d.getDay() !== 6) n++;
  }
  const received = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByRole('button', { name: 'Record a request to stop texts' }).click();
  const dialog = page.getByRole('dialog', { name: 'Record a request to stop texts' });
  await dialog.getByLabel('Date the patient asked').fill(received);
  await expect(dialog.getByTestId('revocation-lag')).toContainText('8 business days old');
  await dialog.getByLabel('What the patient said (optional)').fill('Synthetic: please no more texts, call me');
  await dialog.getByRole('button', { name: 'Record the request' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('consent-summary').getByRole('row', { name: /Appointment reminders/ })).toContainText('Withdrawn');
  // The manager's dashboard on the Patients page warns about the late entry (R23).
  const late = page.getByTestId('late-opt-outs');
  await expect(late).toContainText(/entered more than 5 business days after the patient asked/);
  await late.getByRole('button', { name: 'Show' }).click();
  const list = page.getByRole('dialog', { name: 'Requests to stop texts entered late' });
  await expect(list.getByTestId('late-opt-out-row')).toContainText(['8 (late)']);
  await expect(list.getByTestId('late-opt-out-row')).toContainText(['Phone call']);
  await expect(list.getByTestId('late-opt-out-row')).toContainText(['Every kind of text']);
  await page.waitForTimeout(400); // the dialog's fade-in, so the screenshot shows it
  await shot('late-opt-outs.png');
  await list.getByRole('button', { name: 'Close' }).click();
  await expect(list).toBeHidden();
});

test('R24/R25/R27: a STOP sent while the screens are locked cancels the waiting reminder; after unlock the ledger shows it, texting is refused, and START restores it', async () => {
  test.setTimeout(120_000);
  const depth = () => page.evaluate(async () => ((await (window as any).carerelay.gateway.getStatus()) as any).value.queueDepth as number);
  // November's appointment in three days, with its text reminder waiting in the outbox.
  await nav('Patients');
  await page.getByTestId('patient-row').filter({ hasText: 'Testpatient, November' }).click();
  const detail = page.getByTestId('patient-detail');
  await detail.getByRole('button', { name: 'Add an appointment' }).click();
  const add = page.getByRole('dialog', { name: 'Add an appointment' });
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await add.getByLabel('Date').fill(day);
  await add.getByLabel('Time').fill('10:00');
  await add.getByLabel('With (optional)').fill('Dr Synthetic');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add).toBeHidden();
  const appointment = detail.getByTestId('appointment-row').filter({ hasText: 'Dr Synthetic' });
  await appointment.getByRole('button', { name: 'Schedule a text reminder' }).click();
  await expect(appointment.getByTestId('reminder-state')).toContainText('Reminder waiting to go');

  // A text to November, who answers STOP after a pause; the screens are locked before it comes.
  await nav('Inbox');
  await newText('November', /November Testpatient/, 'Synthetic: your forms are ready at the front desk.');
  await page.getByTestId('new-text').getByTestId('send').click();
  await expect(page.getByTestId('thread-title')).toHaveText('November Testpatient');
  await page.getByRole('button', { name: /Ada Testadmin/ }).first().click();
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
  expect(await depth()).toBeGreaterThanOrEqual(1);
  // Main acts with nobody signed in: the reminder leaves the queue (cancelled, never sent).
  await expect.poll(depth, { timeout: 40_000, intervals: [500] }).toBe(0);
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(loadState().adminPassword);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: 'Unlock' })).toHaveCount(0);

  // The thread: STOP, then exactly one confirmation from CareRelay (R25).
  await nav('Inbox');
  await row('November Testpatient').click();
  await expect(thread().getByTestId('message').filter({ hasText: /^.*STOP/ }).first()).toBeVisible({ timeout: 20_000 });
  const confirmation = thread().getByTestId('message').filter({ hasText: 'you are unsubscribed' });
  await expect(confirmation).toHaveCount(1);
  await expect(confirmation).toContainText('CareRelay (automatic)');
  // R21: a reply is refused with a clear reason, before anything reaches the network.
  await reply().fill('Synthetic: are you sure?');
  await thread().getByTestId('send').click();
  await expect(thread().getByTestId('send-problem')).toContainText(/opted out of texts on .* by text “STOP”/);

  // The patient page: the revocation in the ledger, the reminder cancelled.
  await thread().getByRole('link', { name: 'Patient page' }).click();
  const history = page.getByTestId('consent-history');
  await expect(history.getByTestId('consent-event').filter({ hasText: 'Consent withdrawn' }).first()).toContainText('Keyword STOP');
  await expect(page.getByTestId('appointment-row').filter({ hasText: 'Dr Synthetic' }).getByTestId('reminder-state')).toHaveText('Reminder cancelled: the patient opted out');
  await expect(page.getByTestId('consent-summary').getByRole('row', { name: /Appointment reminders/ })).toContainText('Withdrawn');
  // The ledger leaves the screen only as a person asks: CSV and a printable record.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(csv).toMatch(/^Recorded,Request received,Number,Purpose,Event/);
  expect(csv).toContain('Consent withdrawn');
  expect(csv).toContain('(202) 555-0113');
  await page.getByRole('button', { name: 'Printable record' }).click();
  const printable = page.getByTestId('printable-ledger');
  await expect(printable).toContainText('November Testpatient');
  await expect(printable.getByTestId('consent-event').first()).toBeVisible();
  await shot('consent-record.png');
  await printable.getByRole('button', { name: 'Close' }).click();

  // R27: START from the patient restores texting, and is confirmed once.
  await page.evaluate(() => (window as any).carerelay.training.simulateInbound({ from: '+12025550113', body: 'START' }));
  await page.reload();
  await expect(page.getByTestId('consent-history').getByTestId('consent-event').filter({ hasText: 'Keyword START' }).first()).toContainText('Consent given', { timeout: 20_000 });
  await expect(page.getByTestId('consent-summary').getByRole('row', { name: /Care messages/ })).toContainText('Given');
  await nav('Inbox');
  await row('November Testpatient').click();
  await expect(thread().getByTestId('message').filter({ hasText: 'you are signed up' })).toHaveCount(1);
  await reply().fill('Synthetic: welcome back');
  await thread().getByTestId('send').click();
  await expect(thread().getByTestId('message').filter({ hasText: 'welcome back' })).toBeVisible();
  const audit = await page.evaluate(async () => (await (window as any).carerelay.audit.query({ action: 'record.export' })).value.records.length);
  expect(audit).toBeGreaterThanOrEqual(1);
});
