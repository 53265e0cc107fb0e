/**
 * Gateway sync through the IPC router, as the renderer calls it, in training mode: an inbox
 * reply goes queued → sent → delivered with events, the simulated patient's reply waits in
 * `inbox.take` until acknowledged, STOP refuses later sends (typed, audited, no network), the
 * engine keeps working while locked, and an administrator switches to a "real" gateway (a
 * second sandbox standing in for it), which refuses to send until the BAA is recorded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTILE_SAMPLES } from '../../shared/text/hostile-samples';
import { createAppServices, type AppServices } from '../app-services';
import type { CallSender } from '../ipc/ipc-router';
import { createMemoryKeychain } from '../vault/memory-keychain';
import { totpCode } from '../accounts/totp';
import { startSandboxGateway, FAST_TIMING } from '../gateway/sandbox/sandbox-gateway';
import { waitUntil } from '../testing/sync-harness';

const sender: CallSender = { transport: 'test', frameUrl: 'app://carerelay/', isMainFrame: true };
const PASSWORD = 'Correct-Horse-Battery-41';
const open: AppServices[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
  for (const c of closers.splice(0)) await c();
});

async function signedInApp(options: { allowLoopbackHttpGateway?: boolean } = { allowLoopbackHttpGateway: true }) {
  let clock = Date.now();
  const services = createAppServices({
    host: 'browser', version: '0.0.0-test', platform: 'linux', isTrustedSender: () => true, openExternal: async () => false,
    dataDir: mkdtempSync(path.join(tmpdir(), 'carerelay-sync-app-')), keychain: createMemoryKeychain(), now: () => new Date(clock), sandboxTiming: 'fast',
    ...options,
  });
  open.push(services);
  const seen: Array<[string, any]> = [];
  services.events.attach((name, payload) => seen.push([name, payload]));
  const call = (channel: string, payload: unknown = {}) => services.router.dispatch(channel, payload, sender);
  const value = async (channel: string, payload: unknown = {}) => {
    const r = await call(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as any;
  };
  await services.ready;
  const enrolment = await value('setup.startEnrolment', { username: 'ada.admin', fullName: 'Ada Testadmin' });
  // The practice's zone is one where it is midday now, so quiet hours never interfere.
  await value('setup.createPractice', {
    practice: { name: 'Synthetic Family Clinic', timeZone: 'UTC', phone: '(555) 201-0100' },
    admin: { fullName: 'Ada Testadmin', username: 'ada.admin', password: PASSWORD },
    enrolmentId: enrolment.enrolmentId,
    code: totpCode(enrolment.secret, new Date(clock)),
  });
  clock += 30_000;
  await value('session.signIn', { username: 'ada.admin', password: PASSWORD, code: totpCode(enrolment.secret, new Date(clock)) });
  return { services, call, value, seen };
}

describe('gateway sync over IPC (training mode)', () => {
  it('sends queued → sent → delivered with events, and the reply waits in inbox.take until acknowledged', async () => {
    const { value, seen, services } = await signedInApp();
    expect(await value('app.getInfo')).toMatchObject({ mode: 'training' });
    const { entry } = await value('outbox.send', { to: '+12025550101', body: 'Your visit is tomorrow at 9:00. Reply YES to confirm.', conversationId: 'conv-1' });
    expect(entry).toMatchObject({ state: 'queued', origin: { kind: 'inbox-reply', refs: { conversation: 'conv-1' } } });
    const states = new Set<string>();
    expect(
      await waitUntil(() => {
        void value('outbox.get', { clientId: entry.clientId }).then((r) => states.add(r.entry.state));
        return states.has('delivered');
      }, 8_000, 40),
    ).toBe(true);
    expect(states).toContain('sent');
    expect(seen.some(([n, p]) => n === 'outbox.changed' && p.clientIds.includes(entry.clientId))).toBe(true);
    expect(seen.some(([n, p]) => n === 'gateway.statusChanged' && p.kind === 'sandbox' && p.lastContactAt !== null)).toBe(true);
    // Event payloads carry ids and counts only.
    expect(JSON.stringify(seen)).not.toContain('+12025550101');

    expect(await waitUntil(() => seen.some(([n]) => n === 'inbox.available'), 5_000)).toBe(true);
    const taken = await value('inbox.take', { limit: 10 });
    expect(taken.messages[0]).toMatchObject({ from: '+12025550101', keyword: null });
    expect((await value('inbox.ack', { sids: [taken.messages[0].sid] })).pending).toBe(0);
    expect((await value('inbox.take', {})).messages).toHaveLength(0);

    // Locked: PHI channels answer LOCKED, the engine goes on.
    await value('session.lock');
    expect(await services.router.dispatch('outbox.list', {}, sender)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  }, 20_000);

  it('after STOP, a send is refused with a typed, audited error and never reaches the gateway', async () => {
    const { value, call, services } = await signedInApp();
    await value('outbox.send', { to: '+12025550107', body: 'Reminder: visit on Monday.' });
    // The simulated patient replies STOP; main records it (even with nobody looking).
    let revoked = false;
    const deadline = Date.now() + 8_000;
    while (!revoked && Date.now() < deadline) {
      revoked = (await value('audit.query', { action: 'consent.revoke' })).records.length > 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(revoked).toBe(true);
    const answer: any = await call('outbox.send', { to: '+12025550107', body: 'One more reminder.' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'RECIPIENT_OPTED_OUT' } });
    expect(answer.error.message).toMatch(/opted out/);
    const creates = services.sync()!.sandbox()!.ledger.creates.filter((c) => c.body === 'One more reminder.');
    expect(creates).toHaveLength(0);
    const audit = await value('audit.query', { action: 'message.send', limit: 50 });
    expect(audit.records.some((r: any) => r.outcome === 'denied' && r.detail === 'RECIPIENT_OPTED_OUT')).toBe(true);
    expect((await value('audit.query', { action: 'consent.revoke' })).records[0]).toMatchObject({ actorId: 'system', detail: 'INBOUND_STOP' });
  }, 20_000);

  it('R24/R30: a reminder is queued once per appointment; a staff revocation cancels it; the opt-in confirmation carries every field', async () => {
    const { value, call, services } = await signedInApp();
    const to = '+12025550173';
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    const req = { to, body: 'Reminder: your visit on Monday at 9:00. Reply STOP to opt out.', appointmentId: 'a-test-1', patientId: 'p-test-1', notBefore: later(3_600_000), notAfter: later(7_200_000), recipientTimeZone: null };
    const first = await value('outbox.queueReminder', req);
    expect(first).toMatchObject({ created: true, entry: { state: 'queued', origin: { kind: 'appointment', refs: { appointment: 'a-test-1' } } } });
    expect(await value('outbox.queueReminder', req)).toMatchObject({ created: false, entry: { clientId: first.entry.clientId } });
    expect(await call('outbox.queueReminder', { ...req, appointmentId: 'a-test-2', notAfter: later(-1000) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call('outbox.queueReminder', { ...req, to: '555-0100' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    // A staff-recorded revocation reaches main: the reminder is cancelled before it ever leaves.
    expect(await value('suppression.set', { number: to, action: 'revoke', consentEventId: 'ce-test-1' })).toEqual({ changed: true, cancelled: 1 });
    expect((await value('outbox.get', { clientId: first.entry.clientId })).entry).toMatchObject({ state: 'cancelled', errorCode: 'CONSENT_REVOKED' });
    expect(await call('outbox.sendOptInConfirmation', { to, consentEventId: 'ce-test-2', purposes: ['appointment-reminders'], language: 'en' })).toMatchObject({ ok: false, error: { code: 'RECIPIENT_OPTED_OUT' } });
    expect(await value('suppression.set', { number: to, action: 'restore', consentEventId: 'ce-test-2' })).toEqual({ changed: true, cancelled: 0 });

    const { entry } = await value('outbox.sendOptInConfirmation', { to, consentEventId: 'ce-test-2', purposes: ['appointment-reminders', 'billing'], language: 'en' });
    expect(entry.origin).toEqual({ kind: 'auto-reply', refs: { reply: 'opt-in-confirmation', consent: 'ce-test-2' } });
    for (const part of ['Synthetic Family Clinic', 'appointment reminders', 'billing', 'Msg & data rates may apply', 'Reply HELP', 'STOP']) expect(entry.body).toContain(part);
    // One grant, one confirmation.
    expect((await value('outbox.sendOptInConfirmation', { to, consentEventId: 'ce-test-2', purposes: ['appointment-reminders'], language: 'en' })).entry.clientId).toBe(entry.clientId);
    const sandbox = services.sync()!.sandbox()!;
    expect(await waitUntil(() => sandbox.ledger.creates.some((c) => c.to === to), 5_000)).toBe(true);
    expect(sandbox.ledger.creates.filter((c) => c.to === to).map((c) => c.body)).toEqual([entry.body]);
    const audit = (await value('audit.query', { limit: 200 })).records;
    expect(JSON.stringify(audit)).not.toContain(to);
    expect(audit.some((r: any) => r.action === 'consent.revoke' && r.actorId !== 'system' && r.detail === 'STAFF_SUPPRESSED_CANCELLED_1')).toBe(true);
  }, 20_000);

  it('campaign sends wait for their time; the training clock brings them due; withdrawn ones never leave', async () => {
    const { value, call, services } = await signedInApp();
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    const DAY = 86_400_000;
    // A zone where it is about midday now, so quiet hours never hold the sends (Etc/GMT signs are inverted).
    const shift = 12 - new Date().getUTCHours();
    const zone = shift === 0 ? 'UTC' : `Etc/GMT${shift > 0 ? '-' : '+'}${Math.abs(shift)}`;
    const send = (n: number, appointmentId: string) => ({
      clientId: `cmp-c1-${appointmentId}-0`, to: `+120255501${60 + n}`, body: `Synthetic reminder ${n}: your visit is on Friday. Reply C to confirm.`, appointmentId, patientId: `p-${n}`, touch: 0,
      notBefore: later(2 * DAY), notAfter: later(3 * DAY), recipientTimeZone: zone, recipientStates: [], contactWindow: null,
    });
    const first = await value('outbox.queueCampaign', { campaignId: 'c1', sends: [send(1, 'a1'), send(2, 'a2'), send(3, 'a3')] });
    expect(first).toEqual({ queued: 3, existing: 0, refused: [] });
    // Approving again (or on another desk) queues nothing twice.
    expect(await value('outbox.queueCampaign', { campaignId: 'c1', sends: [send(1, 'a1')] })).toMatchObject({ queued: 0, existing: 1 });
    // An opted-out number is refused at once.
    await value('suppression.set', { number: '+12025550169', action: 'revoke', consentEventId: 'ce-x' });
    expect((await value('outbox.queueCampaign', { campaignId: 'c1', sends: [send(9, 'a9')] })).refused).toEqual([{ clientId: 'cmp-c1-a9-0', code: 'RECIPIENT_OPTED_OUT' }]);
    expect(await value('outbox.withdraw', { appointmentId: 'a2', reason: 'confirmed' })).toEqual({ withdrawn: 1 });
    expect(await call('outbox.withdraw', { reason: 'confirmed' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const sandbox = services.sync()!.sandbox()!;
    await new Promise((r) => setTimeout(r, 300));
    expect(sandbox.ledger.creates).toHaveLength(0);
    // Two days later (training clock), the two that remain go out.
    expect((await value('training.advanceClock', { minutes: 2 * 24 * 60 + 1 })).offsetMinutes).toBe(2 * 24 * 60 + 1);
    expect(await waitUntil(() => sandbox.ledger.creates.length === 2, 8_000)).toBe(true);
    expect(sandbox.ledger.creates.map((c) => c.to).sort()).toEqual(['+12025550161', '+12025550163']);
    expect((await value('training.getState')).clockOffsetMinutes).toBe(2 * 24 * 60 + 1);
  }, 20_000);

  it('a real gateway needs complete settings and a recorded BAA; the secret is never shown again', async () => {
    const { value, call } = await signedInApp();
    const real = await startSandboxGateway({ timing: FAST_TIMING });
    closers.push(() => real.close());
    expect(await value('gateway.getSettings')).toMatchObject({ mode: 'training', secretHint: null, baa: null });
    expect(await call('gateway.updateSettings', { mode: 'production' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const settings = await value('gateway.updateSettings', {
      mode: 'production', baseUrl: real.url, accountSid: real.accountSid, apiKeySid: real.username, secret: real.password, fromNumber: real.practiceNumber,
    });
    expect(settings).toMatchObject({ mode: 'production', secretHint: `••••${real.password.slice(-4)}` });
    expect(JSON.stringify(await value('gateway.getSettings'))).not.toContain(real.password);
    expect(await value('gateway.testConnection')).toMatchObject({ ok: true });
    expect(await value('app.getInfo')).toMatchObject({ mode: 'production' });
    // Training tools do not exist on a real gateway.
    expect(await value('training.getState')).toEqual({ available: false, offline: false, clockOffsetMinutes: 0 });
    expect(await call('training.simulateInbound', { from: '+12025550131', body: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_TRAINING' } });
    expect(await call('training.setOutage', { offline: true })).toMatchObject({ ok: false, error: { code: 'NOT_TRAINING' } });

    expect(await call('outbox.send', { to: '+12025550150', body: 'Hello from the real gateway.' })).toMatchObject({ ok: false, error: { code: 'GATEWAY_NOT_COVERED' } });
    expect(real.ledger.creates).toHaveLength(0);
    await value('gateway.recordBaa', { vendor: 'Synthetic Gateway Co', signedOn: '2026-01-15', signer: 'Pat Vendorperson', reference: 'BAA-TEST-001' });
    const { entry } = await value('outbox.send', { to: '+12025550150', body: 'Hello from the real gateway.' });
    expect(await waitUntil(() => real.ledger.creates.length === 1, 5_000)).toBe(true);
    expect(entry.state).toBe('queued');

    await value('gateway.updateSettings', { secret: 'a-wrong-secret-0000' });
    expect(await value('gateway.testConnection')).toMatchObject({ ok: false, code: '20003' });
  }, 20_000);
});

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('training tools', () => {
  it('every hostile inbound body reaches the inbox journal intact', async () => {
    const { value, call } = await signedInApp();
    for (const sample of HOSTILE_SAMPLES) await value('training.simulateInbound', { from: '+12025550132', body: sample.text });
    const bodies = new Set<string>();
    await eventually(async () => {
      const taken = await call('inbox.take', { limit: 100 });
      if (!taken.ok) throw new Error(`inbox.take: ${JSON.stringify(taken.error)}`);
      for (const m of (taken.value as { messages: { body: string }[] }).messages) bodies.add(m.body);
      return bodies.size >= HOSTILE_SAMPLES.length;
    }, 10_000);
    expect(HOSTILE_SAMPLES.filter((s) => !bodies.has(s.text)).map((s) => s.label)).toEqual([]);
  });

  it('a simulated patient texts in, and a simulated outage holds sends until it ends; neither exists on a real gateway', async () => {
    const { value, call, seen } = await signedInApp();
    expect(await value('training.getState')).toEqual({ available: true, offline: false, clockOffsetMinutes: 0 });
    await value('training.simulateInbound', { from: '+12025550131', body: 'Synthetic <b>hello</b> from training' });
    expect(await eventually(async () => (await value('inbox.take', { limit: 10 })).messages.some((m: any) => m.body === 'Synthetic <b>hello</b> from training'), 5_000)).toBe(true);
    expect(seen.some(([name, p]) => name === 'notifications.changed' && p.notice === 'New message')).toBe(true);
    expect(JSON.stringify(seen.filter(([name]) => name === 'notifications.changed'))).not.toContain('Synthetic');

    expect(await value('training.setOutage', { offline: true })).toEqual({ available: true, offline: true, clockOffsetMinutes: 0 });
    expect(await call('training.simulateInbound', { from: '+12025550131', body: 'x' })).toMatchObject({ ok: false, error: { code: 'TRAINING_OFFLINE' } });
    const { entry } = await value('outbox.send', { to: '+12025550101', body: 'Synthetic typed during the outage' });
    expect(await eventually(async () => (await value('gateway.getStatus')).state === 'offline', 10_000)).toBe(true);
    expect((await value('outbox.get', { clientId: entry.clientId })).entry.state).toBe('queued');
    await value('training.setOutage', { offline: false });
    expect(await eventually(async () => ['sent', 'delivered', 'accepted'].includes((await value('outbox.get', { clientId: entry.clientId })).entry.state), 15_000)).toBe(true);
    expect((await value('audit.query', { action: 'training.outage' })).records.map((r: any) => r.detail)).toEqual(['ONLINE', 'OFFLINE']);
  }, 40_000);
});

describe('a production gateway is https only', () => {
  it('refuses a plain http address, even on this computer, so the secret never travels unencrypted', async () => {
    const { call, value } = await signedInApp({});
    const real = await startSandboxGateway({ timing: FAST_TIMING });
    closers.push(() => real.close());
    const refused = await call('gateway.updateSettings', { mode: 'production', baseUrl: real.url, accountSid: real.accountSid, apiKeySid: real.username, secret: real.password, fromNumber: real.practiceNumber });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!refused.ok && refused.error.message).toMatch(/https/);
    expect(await value('gateway.getSettings')).toMatchObject({ mode: 'training', baseUrl: 'https://api.twilio.com', secretHint: null });
    expect(await value('gateway.testConnection', { baseUrl: real.url, accountSid: real.accountSid, apiKeySid: real.username, secret: real.password })).toMatchObject({ ok: false, code: 'BAD_ADDRESS' });
    expect(real.ledger.requests).toHaveLength(0);
  }, 20_000);
});

describe('gateway settings, holds and audit over IPC', () => {
  const redactions = (ledger: { requests: Array<{ method: string; form: Record<string, unknown> | null }> }) => ledger.requests.filter((r) => r.method === 'POST' && r.form?.Body === '');

  it('validates the address, persists and masks the secret, audits changes, tests typed credentials without saving', async () => {
    const { value, call, services } = await signedInApp();
    expect(await call('gateway.updateSettings', { baseUrl: 'http://gateway.example.com' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const secret = 'synthetic-secret-0123456789abcd';
    const saved = await value('gateway.updateSettings', { baseUrl: 'https://gateway.example.com', accountSid: `AC${'1'.repeat(32)}`, apiKeySid: `SK${'2'.repeat(32)}`, secret, redactAfterSync: false });
    expect(saved).toMatchObject({ mode: 'training', secretHint: '••••abcd', redactAfterSync: false, automatedHalt: null, suspendedNumbers: 0 });
    expect(JSON.stringify(saved)).not.toContain(secret);
    // Unreachable https address typed in the form: a plain failure, nothing saved.
    const test = await value('gateway.testConnection', { baseUrl: 'https://127.0.0.1:9' });
    expect(test).toMatchObject({ ok: false, code: 'REFUSED' });
    expect(test.message).toMatch(/could not reach the gateway/);
    expect(await value('gateway.testConnection', { baseUrl: 'http://10.0.0.1' })).toMatchObject({ ok: false, code: 'BAD_ADDRESS' });
    expect((await value('gateway.getSettings')).baseUrl).toBe('https://gateway.example.com');
    // Training mode without typed values tests the sandbox.
    expect(await value('gateway.testConnection')).toMatchObject({ ok: true });
    await value('gateway.recordBaa', { vendor: 'Synthetic Gateway Co', signedOn: '2026-01-15', signer: 'Pat Vendorperson', reference: 'BAA-TEST-002' });
    const audit = (await value('audit.query', { limit: 200 })).records as Array<{ action: string; outcome: string; detail?: string }>;
    expect(audit.filter((r) => r.action === 'gateway.settings-change').map((r) => r.detail)).toEqual(['TRAINING_CREDENTIALS_REDACT_OFF_KEYWORDS_APP']);
    expect(audit.filter((r) => r.action === 'gateway.test').map((r) => `${r.outcome}:${r.detail ?? ''}`).sort()).toEqual(['failure:BAD_ADDRESS', 'failure:REFUSED', 'success:']);
    expect(audit.some((r) => r.action === 'gateway.baa-record' && r.outcome === 'success')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('abcd');
    // Persisted through the vault-keyed store: a fresh read after restart of the sync service.
    await services.sync()!.dispose();
    await services.sync()!.start();
    expect(await value('gateway.getSettings')).toMatchObject({ redactAfterSync: false, secretHint: '••••abcd', baa: { reference: 'BAA-TEST-002' } });
  }, 20_000);

  it('audits inbound receipts and failed deliveries once, without numbers or bodies; training never redacts', async () => {
    const { value, services } = await signedInApp();
    await value('outbox.send', { to: '+12025550101', body: 'Synthetic reminder for Alpha.' });
    await value('outbox.send', { to: '+12025550110', body: 'Synthetic reminder for a landline.' });
    const records = async () => (await value('audit.query', { limit: 200 })).records as Array<{ action: string; objectType: string; objectId: string; detail?: string }>;
    let audit = await records();
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline && !(audit.some((r) => r.action === 'message.receive') && audit.some((r) => r.action === 'message.delivery'))) {
      await new Promise((r) => setTimeout(r, 100));
      audit = await records();
    }
    const receipts = audit.filter((r) => r.action === 'message.receive');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ objectType: 'phone-number', detail: 'SMS' });
    expect(receipts[0]!.objectId).toMatch(/^pn-[0-9a-f]{16}$/);
    expect(audit.filter((r) => r.action === 'message.delivery')).toEqual([expect.objectContaining({ objectType: 'message', detail: '30006' })]);
    expect(JSON.stringify(audit)).not.toMatch(/2025550|Synthetic/);
    const taken = await value('inbox.take', {});
    await value('inbox.ack', { sids: taken.messages.map((m: { sid: string }) => m.sid) });
    await new Promise((r) => setTimeout(r, 300));
    expect(redactions(services.sync()!.sandbox()!.ledger)).toHaveLength(0);
  }, 20_000);

  it('on a production gateway, synced text is removed at the gateway by default', async () => {
    const { value } = await signedInApp();
    const real = await startSandboxGateway({ timing: FAST_TIMING });
    closers.push(() => real.close());
    await value('gateway.updateSettings', { mode: 'production', baseUrl: real.url, accountSid: real.accountSid, apiKeySid: real.username, secret: real.password, fromNumber: real.practiceNumber });
    await value('gateway.recordBaa', { vendor: 'Synthetic Gateway Co', signedOn: '2026-01-15', signer: 'Pat Vendorperson', reference: 'BAA-TEST-003' });
    expect((await value('gateway.getSettings')).redactAfterSync).toBe(true);
    const { entry, warning } = await value('outbox.send', { to: '+12025550101', body: 'Synthetic production reminder.' });
    expect(warning).toBeNull();
    let sid: string | null = null;
    expect(await waitUntil(() => {
      void value('outbox.get', { clientId: entry.clientId }).then((r) => (sid = r.entry.state === 'delivered' ? r.entry.sid : null));
      return sid !== null;
    }, 20_000, 50)).toBe(true);
    expect(await waitUntil(() => redactions(real.ledger).length >= 1, 10_000)).toBe(true);
    // The patient's reply: redacted once the renderer acknowledges it.
    let taken: { messages: Array<{ sid: string }> } = { messages: [] };
    // Default production tuning polls inbound every 15 s.
    const until = Date.now() + 25_000;
    while (taken.messages.length === 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      taken = await value('inbox.take', {});
    }
    await value('inbox.ack', { sids: [taken.messages[0]!.sid] });
    expect(await waitUntil(() => redactions(real.ledger).length >= 2, 5_000)).toBe(true);
    let pending = 1;
    // The journal records each redaction after the gateway answers; allow for a loaded machine.
    const until3 = Date.now() + 20_000;
    while (pending > 0 && Date.now() < until3) {
      pending = (await value('gateway.getSettings')).pendingRedactions;
      if (pending > 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending).toBe(0);
  }, 90_000);

  it('three carrier failures suspend a number: a staff reply warns, an administrator lifts it (audited)', async () => {
    const { value } = await signedInApp();
    // Three landline failures suspend the number; a staff reply still goes, with a warning; an administrator lifts it.
    for (let i = 0; i < 3; i++) await value('outbox.send', { to: '+12025550110', body: `Synthetic landline reply ${i}.` });
    let suspended = 0;
    const until2 = Date.now() + 10_000;
    while (suspended === 0 && Date.now() < until2) {
      await new Promise((r) => setTimeout(r, 100));
      suspended = (await value('gateway.getSettings')).suspendedNumbers;
    }
    expect(suspended).toBe(1);
    expect((await value('outbox.send', { to: '+12025550110', body: 'One more synthetic reply.' })).warning).toMatch(/suspended/);
    expect((await value('gateway.resumeSending', { number: '+12025550110' })).suspendedNumbers).toBe(0);
    expect((await value('gateway.resumeSending', { automated: true })).automatedHalt).toBeNull();
    const audit = (await value('audit.query', { limit: 300 })).records as Array<{ action: string; detail?: string }>;
    expect(audit.filter((r) => r.action === 'message.number-suspend')).toHaveLength(1);
    expect(audit.find((r) => r.action === 'message.number-unsuspend')).toMatchObject({ detail: 'CLEARED' });
    expect(audit.find((r) => r.action === 'gateway.resume-automated')).toMatchObject({ detail: 'NOT_HALTED' });
  }, 20_000);
});
