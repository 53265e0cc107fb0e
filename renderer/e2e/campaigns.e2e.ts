/**
 * Next week's reminders, run end to end in training mode as a practice manager does it: import
 * the schedule (a CSV export with one broken row, listed with its reason), build a two-touch
 * campaign, preview and approve it, lock the screens; the training clock moves to the first
 * touch and main sends it with nobody signed in; simulated patients confirm (in Spanish),
 * cancel, ask to reschedule and reply ALTO. After unlock: the confirm and cancel updated their
 * appointments and were acknowledged, the reschedule is a task in the Inbox (the Tasks chip, a
 * prompt naming the appointment), the opt-out is in the consent ledger, the results add up, and
 * stopping the campaign withdraws what still waits; then the receptionist moves the rescheduled
 * appointment from the task, which finishes it. Screenshots: campaign-preview.png,
 * campaign-results.png, reschedule-task.png.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadState, openApp } from './fixtures';

test.describe.configure({ mode: 'serial' });

const HOUR = 3_600_000;

/** The next whole hour that is 12:00 in `zone`, at least an hour from now. */
function nextLocalNoon(zone: string): number {
  const start = Math.ceil(Date.now() / HOUR) * HOUR + HOUR;
  for (let t = start; t < start + 48 * HOUR; t += HOUR) {
    const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(t));
    if (hour === 12) return t;
  }
  throw new Error('no noon found');
}
const localDate = (t: number, zone: string) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(t).map((x) => [x.type, x.value]));
  return `${p.month}/${p.day}/${p.year}`;
};
const depth = (page: Page) => page.evaluate(async () => ((await (window as any).carerelay.gateway.getStatus()) as any).value.queueDepth as number);

test('a practice manager runs next week’s reminders: import, plan, approve, send while locked, replies acted on', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const zone = await page.evaluate(async () => ((await (window as any).carerelay.settings.get()) as any).value.practice.timeZone as string);
  const firstTouch = nextLocalNoon(zone);
  const day = localDate(firstTouch + 48 * HOUR, zone);

  // 1. Import the schedule.
  await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'Import appointments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import appointments' });
  const csv = [
    'Appt ID,Patient ID,First Name,Last Name,DOB,Mobile Phone,Appt Date,Appt Time,Provider,Language',
    `SYN-1,MRN-SYN-2,Bravo,Testpatient,01/02/1970,(202) 555-0102,${day},12:00 PM,Dr Synthetic,English`,
    `SYN-2,MRN-SYN-3,Charlie,Testpatient,01/03/1970,(202) 555-0103,${day},12:00 PM,Dr Synthetic,English`,
    `SYN-3,MRN-SYN-6,Foxtrot,Pacienteprueba,01/06/1970,(202) 555-0106,${day},12:00 PM,Dr Synthetic,Spanish`,
    `SYN-4,MRN-SYN-8,Hotel,Pacienteprueba,01/08/1970,(202) 555-0108,${day},12:00 PM,Dr Synthetic,Spanish`,
    'SYN-5,MRN-SYN-9,India,Testpatient,01/09/1970,(202) 555-0109,02/30/2026,12:00 PM,Dr Synthetic,English',
  ].join('\r\n');
  await dialog.getByTestId('import-file').setInputFiles({ name: 'schedule.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(dialog.getByTestId('column-mapping')).toBeVisible();
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await expect(dialog.getByTestId('import-check')).toContainText('4 appointment(s) ready');
  await expect(dialog.getByTestId('import-rejected')).toContainText('Line 6');
  await dialog.getByRole('checkbox', { name: /given by the patients themselves/ }).check();
  await dialog.getByRole('button', { name: 'Import 4' }).click();
  await expect(page.getByTestId('campaign-notice')).toContainText('Imported: 4 new appointment(s)');

  // 2. A two-touch campaign: 2 days and 1 day before.
  await page.getByRole('button', { name: 'New campaign' }).click();
  const editor = page.getByRole('dialog', { name: 'New reminder campaign' });
  await editor.getByLabel('Name').fill('Synthetic week');
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  await editor.getByLabel('Appointments from').fill(iso(Date.now() - 24 * HOUR));
  await editor.getByLabel('Appointments until').fill(iso(Date.now() + 9 * 24 * HOUR));
  const touches = editor.getByTestId('campaign-touch');
  await touches.nth(0).getByLabel('Reminder 1').click();
  await page.getByRole('option', { name: '2 days before' }).click();
  await expect(page.locator('.MuiMenu-root')).toHaveCount(0);
  await editor.getByRole('button', { name: 'Save draft' }).click();

  // 3. Preview and approve.
  const preview = page.getByRole('dialog', { name: /Preview: Synthetic week/ });
  await expect(preview.getByTestId('plan-summary')).toContainText('8 text(s) to 4 patient(s)');
  await expect(preview.getByTestId('plan-sends')).toContainText('Hola, Foxtrot');
  await page.screenshot({ path: test.info().outputPath('campaign-preview.png') });
  await preview.getByRole('button', { name: 'Approve and schedule' }).click();
  await expect(page.getByTestId('campaign-notice')).toContainText('8 reminder(s) scheduled');

  // 4. Lock; the training clock moves to the first touch; main sends and hears back with nobody signed in.
  const minutes = Math.ceil((firstTouch - Date.now()) / 60_000) + 1;
  await page.evaluate(async (m) => {
    const api = (window as any).carerelay;
    await api.training.advanceClock({ minutes: m });
    await api.session.lock();
  }, minutes);
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
  // Four first touches leave, Hotel's ALTO cancels her second at once: three second touches wait.
  await expect.poll(() => depth(page), { timeout: 60_000, intervals: [500] }).toBe(3);
  await page.waitForTimeout(4_000);
  await page.getByLabel('Password', { exact: true }).fill(loadState().adminPassword);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: 'Unlock' })).toHaveCount(0);

  // 5. After unlock: the replies were read and acted on.
  await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  const row = (name: string) => page.getByTestId('conversation').filter({ hasText: name });
  const thread = page.getByTestId('thread');
  await row('Foxtrot Pacienteprueba').click();
  await expect(thread.getByTestId('message').filter({ hasText: 'Su cita queda confirmada' })).toHaveCount(1, { timeout: 20_000 });
  await row('Bravo Testpatient').click();
  await expect(thread.getByTestId('message').filter({ hasText: 'is cancelled' })).toHaveCount(1, { timeout: 20_000 });
  // The reschedule request is a task for staff: the Tasks chip finds it, the prompt names the appointment.
  await expect(page.getByTestId('filter-tasks')).toHaveText('Tasks 1');
  await page.getByTestId('filter-tasks').click();
  await expect(page.getByTestId('conversation')).toHaveCount(1);
  await row('Charlie Testpatient').click();
  await expect(thread.getByTestId('message').filter({ hasText: 'next week' })).toBeVisible();
  await expect(thread.getByTestId('task-prompt')).toContainText('The patient asks to move their appointment');
  await expect(thread.getByTestId('task-prompt')).toContainText('12:00 PM with Dr Synthetic');
  await expect(page.getByTestId('thread-status')).toHaveText('Open');
  await page.getByTestId('filter-tasks').click();
  await row('Hotel Pacienteprueba').click();
  await expect(thread.getByTestId('message').filter({ hasText: 'se dio de baja' })).toHaveCount(1);
  await thread.getByRole('link', { name: 'Patient page' }).click();
  await expect(page.getByTestId('consent-history').getByTestId('consent-event').filter({ hasText: 'Keyword ALTO' }).first()).toContainText('Consent withdrawn');

  // 6. Results.
  await page.getByRole('navigation').getByRole('link', { name: 'Campaigns' }).click();
  await page.getByTestId('campaign-row').filter({ hasText: 'Synthetic week' }).getByRole('button', { name: 'Results' }).click();
  const results = page.getByTestId('campaign-results');
  const count = (label: string) => results.getByRole('row').filter({ hasText: new RegExp(`^${label}`) }).getByRole('cell').last();
  await expect(count('Delivered')).toHaveText('4', { timeout: 20_000 });
  await expect(count('Confirmed')).toHaveText('1');
  await expect(count('Cancelled')).toHaveText('1');
  await expect(count('Opted out')).toHaveText('1');
  await expect(count('Withdrawn')).toHaveText('2');
  await expect(count('Waiting to go')).toHaveText('1');
  await expect(count('Reschedule requests')).toHaveText('1');
  await expect(page.getByTestId('confirmation-chart')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('campaign-results.png') });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // 7. The manager stops the campaign: Charlie's second reminder is withdrawn before it leaves.
  await page.getByTestId('campaign-row').filter({ hasText: 'Synthetic week' }).getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('campaign-notice')).toContainText('1 waiting text(s) withdrawn');
  await expect(page.getByTestId('campaign-row').filter({ hasText: 'Synthetic week' })).toContainText('Stopped');
  await expect.poll(() => depth(page)).toBe(0);

  // 8. The receptionist calls Charlie back and moves the appointment from the task, which finishes it.
  await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
  await page.getByTestId('filter-tasks').click();
  await row('Charlie Testpatient').click();
  const task = thread.getByTestId('task-prompt');
  await task.getByRole('button', { name: 'Move appointment' }).click();
  const later = firstTouch + 7 * 24 * HOUR;
  const [mm, dd, yyyy] = localDate(later, zone).split('/');
  await task.getByLabel('New day').fill(`${yyyy}-${mm}-${dd}`);
  await task.getByLabel('New time').fill('09:30');
  await page.screenshot({ path: test.info().outputPath('reschedule-task.png') });
  await task.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(thread.getByTestId('task-done')).toContainText('Task done by you: appointment moved');
  await expect(page.getByTestId('filter-tasks')).toHaveText('Tasks 0');
  await thread.getByRole('link', { name: 'Patient page' }).click();
  await expect(page.getByTestId('appointment-row').filter({ hasText: '9:30 AM' })).toContainText('Dr Synthetic');
});
