/**
 * Main's services end to end through the IPC router (as the renderer would call them), on real
 * encrypted stores and a real audit trail with an in-memory keychain: first-run set-up (once
 * only), TOTP sign-in, lockout, recovery codes, enrolment of a new user, disabling, unlock,
 * emergency access, audit filters/export/verify, wipe, and the keychain-unavailable refusal.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServicesOptions, type AppServices } from './app-services';
import type { CallSender } from './ipc/ipc-router';
import type { UpdaterPort } from './updates/updater-port';
import { createMemoryKeychain, type MemoryKeychain } from './vault/memory-keychain';
import { totpCode } from './accounts/totp';
import type { Keychain } from './vault/keychain';
import { VaultUnavailableError } from './vault/vault-errors';

const sender: CallSender = { transport: 'test', frameUrl: 'app://carerelay/', isMainFrame: true };
const ADMIN_PASSWORD = 'Correct-Horse-Battery-41';
const CANARY = 'Zebra-Canary-Testpatient 555-0100';

let clock = Date.parse('2026-11-28T15:00:00Z');
const open: AppServices[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.dispose();
});

function start(dataDir = mkdtempSync(path.join(tmpdir(), 'carerelay-app-')), keychain: Keychain = createMemoryKeychain(), extra: Partial<AppServicesOptions> = {}) {
  const services = createAppServices({
    ...extra,
    host: 'browser',
    version: '0.0.0-test',
    platform: 'linux',
    isTrustedSender: () => true,
    openExternal: async () => false,
    dataDir,
    keychain,
    now: () => new Date(clock),
  });
  open.push(services);
  const call = async (channel: string, payload: unknown = {}) => services.router.dispatch(channel, payload, sender);
  const value = async (channel: string, payload: unknown = {}) => {
    const r = await call(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as any;
  };
  return { services, call, value, dataDir, keychain };
}

async function setUp(app: ReturnType<typeof start>) {
  await app.services.ready;
  const enrolment = await app.value('setup.startEnrolment', { username: 'ada.admin', fullName: 'Ada Testadmin' });
  const created = await app.value('setup.createPractice', {
    practice: { name: 'Synthetic Family Clinic', timeZone: 'America/Chicago', phone: '(555) 201-0100' },
    admin: { fullName: 'Ada Testadmin', username: 'ada.admin', password: ADMIN_PASSWORD },
    enrolmentId: enrolment.enrolmentId,
    code: totpCode(enrolment.secret, new Date(clock)),
  });
  return { secret: enrolment.secret as string, created };
}

const nextStep = () => {
  clock += 30_000;
};

describe('first run and sign-in', () => {
  it('sets up once, then signs in with password and TOTP', async () => {
    const app = start();
    expect((await app.value('session.getState')).state).toBe('no-practice');
    const { secret, created } = await setUp(app);
    expect(created.recoveryCodes).toHaveLength(10);
    expect(created.emergencyCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await app.value('session.getState')).toMatchObject({ state: 'signed-out', practiceName: 'Synthetic Family Clinic' });

    // Cannot be re-run over an existing practice.
    expect(await app.call('setup.startEnrolment', { username: 'eve.other', fullName: 'Eve Other' })).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });

    nextStep();
    expect(await app.call('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'CODE_REQUIRED' } });
    const signed = await app.value('session.signIn', { username: 'ADA.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    expect(signed).toMatchObject({ status: 'signed-in', user: { username: 'ada.admin', role: 'administrator' } });
    // The same code cannot be replayed.
    await app.value('session.signOut');
    expect(await app.call('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) })).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
  });

  it('refuses weak passwords, bad phones and wrong codes at set-up', async () => {
    const app = start();
    await app.services.ready;
    const e = await app.value('setup.startEnrolment', { username: 'ada.admin', fullName: 'Ada Testadmin' });
    const base = {
      practice: { name: 'Synthetic Family Clinic', timeZone: 'America/Chicago', phone: '(555) 201-0100' },
      admin: { fullName: 'Ada Testadmin', username: 'ada.admin', password: ADMIN_PASSWORD },
      enrolmentId: e.enrolmentId,
      code: totpCode(e.secret, new Date(clock)),
    };
    expect(await app.call('setup.createPractice', { ...base, admin: { ...base.admin, password: 'password1234' } })).toMatchObject({ error: { code: 'WEAK_PASSWORD' } });
    expect(await app.call('setup.createPractice', { ...base, practice: { ...base.practice, phone: '(555) 010-0000' } })).toMatchObject({ error: { code: 'BAD_PHONE' } });
    expect(await app.call('setup.createPractice', { ...base, practice: { ...base.practice, timeZone: 'Mars/Olympus' } })).toMatchObject({ error: { code: 'BAD_TIME_ZONE' } });
    expect(await app.call('setup.createPractice', { ...base, code: '000000' })).toMatchObject({ error: { code: 'WRONG_CODE' } });
    expect((await app.value('session.getState')).state).toBe('no-practice');
  });

  it('locks an account for 15 minutes after five wrong attempts (audited)', async () => {
    const app = start();
    const { secret } = await setUp(app);
    for (let i = 0; i < 4; i++) {
      expect(await app.call('session.signIn', { username: 'ada.admin', password: 'Wrong-password-000', code: '123456' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    }
    expect(await app.call('session.signIn', { username: 'ada.admin', password: 'Wrong-password-000', code: '123456' })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED' } });
    nextStep();
    expect(await app.call('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) })).toMatchObject({ error: { code: 'ACCOUNT_LOCKED', message: expect.stringMatching(/15 more minutes|14 more minutes/) } });
    clock += 15 * 60_000;
    expect(await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) })).toMatchObject({ status: 'signed-in' });
    const { records } = await app.value('audit.query', { action: 'auth.lockout' });
    expect(records).toHaveLength(1);
  });

  it('accepts each recovery code once', async () => {
    const app = start();
    const { created } = await setUp(app);
    const code = created.recoveryCodes[3];
    expect(await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code })).toMatchObject({ status: 'signed-in' });
    await app.value('session.signOut');
    expect(await app.call('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
  });
});

describe('administration', () => {
  it('adds a front-desk user who enrols at first sign-in; disabling signs them out at once', async () => {
    const app = start();
    const { secret } = await setUp(app);
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    const { user } = await app.value('users.create', { fullName: 'Bea Testdesk', username: 'bea.desk', role: 'front-desk', temporaryPassword: 'Temporary-Pass-2026' });
    expect(user).toMatchObject({ role: 'front-desk', mfaEnrolled: false, disabled: false });
    expect(await app.call('users.create', { fullName: 'Bea Again', username: 'BEA.desk', role: 'front-desk', temporaryPassword: 'Temporary-Pass-2026' })).toMatchObject({ error: { code: 'USERNAME_TAKEN' } });
    await app.value('session.signOut');

    const first = await app.value('session.signIn', { username: 'bea.desk', password: 'Temporary-Pass-2026' });
    expect(first).toMatchObject({ status: 'enrol', mustChangePassword: true });
    expect(await app.call('session.completeEnrolment', { enrolmentId: first.enrolment.enrolmentId, code: totpCode(first.enrolment.secret, new Date(clock)) })).toMatchObject({ error: { code: 'PASSWORD_REQUIRED' } });
    const done = await app.value('session.completeEnrolment', {
      enrolmentId: first.enrolment.enrolmentId,
      code: totpCode(first.enrolment.secret, new Date(clock)),
      newPassword: 'Bea-Own-Password-77',
    });
    expect(done.recoveryCodes).toHaveLength(10);
    expect(app.services.session.state()).toMatchObject({ state: 'unlocked', user: { username: 'bea.desk', role: 'front-desk' } });
    // Front desk cannot administer.
    expect(await app.call('users.list')).toMatchObject({ error: { code: 'FORBIDDEN' } });

    // The administrator disables her while she is signed in: she is signed out at once.
    const beaId = done.user.id;
    app.services.session.signOut();
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    const adminView = app.services.session.view().user!;
    app.services.session.signedIn(done.user); // simulate Bea's session on this desk
    const disabled = await (async () => {
      app.services.session.signedIn(adminView);
      return app.value('users.update', { userId: beaId, disabled: true });
    })();
    expect(disabled.user.disabled).toBe(true);
    app.services.session.signedIn(done.user);
    expect(app.services.session.state().state).toBe('unlocked');
    app.services.session.signOut();
    nextStep();
    expect(await app.call('session.signIn', { username: 'bea.desk', password: 'Bea-Own-Password-77', code: totpCode(first.enrolment.secret, new Date(clock)) })).toMatchObject({ error: { code: 'ACCOUNT_DISABLED' } });
  });

  it('keeps at least one administrator', async () => {
    const app = start();
    const { secret } = await setUp(app);
    nextStep();
    const { user } = await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    expect(await app.call('users.update', { userId: user.id, role: 'front-desk' })).toMatchObject({ error: { code: 'LAST_ADMINISTRATOR' } });
  });
});

describe('lock, unlock and emergency access', () => {
  it('PHI channels answer LOCKED while locked; unlock needs the same password', async () => {
    const app = start();
    const { secret } = await setUp(app);
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    await app.value('session.lock');
    expect(await app.call('audit.query', {})).toMatchObject({ error: { code: 'LOCKED' } });
    expect(await app.call('audit.recordView', { objectType: 'patient', objectId: 'p-1' })).toMatchObject({ error: { code: 'LOCKED' } });
    expect(await app.call('session.unlock', { password: 'Not-the-password-1' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(await app.value('session.unlock', { password: ADMIN_PASSWORD })).toMatchObject({ user: { username: 'ada.admin' } });
    expect((await app.call('audit.query', {})).ok).toBe(true);
  });

  it('emergency access needs the code and a reason, is bannered, time-limited and audited', async () => {
    const app = start();
    const { created } = await setUp(app);
    expect(await app.call('session.beginEmergency', { emergencyCode: 'AAAA-BBBB-CCCC', reason: 'Administrator is away and front desk locked out' })).toMatchObject({ error: { code: 'WRONG_CODE' } });
    expect(await app.call('session.beginEmergency', { emergencyCode: created.emergencyCode, reason: 'too short' })).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const { endsAt } = await app.value('session.beginEmergency', { emergencyCode: created.emergencyCode, reason: 'Administrator is away and front desk locked out' });
    expect(Date.parse(endsAt) - clock).toBe(60 * 60_000);
    expect(app.services.session.state()).toMatchObject({ state: 'unlocked', emergency: { reason: expect.stringMatching(/away/) } });
    const { records } = await app.value('audit.query', { action: 'emergency.begin' });
    expect(records.map((r: any) => r.outcome).sort()).toEqual(['failure', 'success']);
  });
});

describe('audit trail', () => {
  it('records who did what, never a null actor or a message body; filters, exports (audited) and verifies', async () => {
    const app = start();
    const { secret } = await setUp(app);
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    await app.value('audit.recordView', { objectType: 'patient', objectId: 'p-synthetic-7' });
    // A renderer cannot smuggle free text (or claim another actor) into the trail.
    expect(await app.call('audit.recordView', { objectType: 'patient', objectId: CANARY })).toMatchObject({ ok: false });
    expect(await app.call('audit.recordView', { objectType: 'patient', objectId: 'p-1', actorId: 'someone-else' })).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    const all = await app.value('audit.query', {});
    expect(all.records.length).toBeGreaterThan(4);
    for (const r of all.records) expect(r.actorId).toBeTruthy();
    const views = await app.value('audit.query', { objectId: 'p-synthetic-7' });
    expect(views.records).toEqual([expect.objectContaining({ action: 'record.view', actorRole: 'administrator', outcome: 'success' })]);

    const csv = await app.value('audit.exportCsv', { action: 'record.view' });
    expect(csv.csv.split('\n')[0]).toContain('seq');
    expect(csv.rows).toBe(1);
    expect((await app.value('audit.query', { action: 'audit.export' })).total).toBe(1);
    expect(await app.value('audit.verify')).toMatchObject({ ok: true });

    // No file main wrote holds the canary or the admin's password in the clear.
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const f = path.join(d, n);
        if (statSync(f).isDirectory()) walk(f);
        else files.push(f);
      }
    };
    walk(app.dataDir);
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      expect(text, f).not.toContain('Zebra-Canary');
      expect(text, f).not.toContain(ADMIN_PASSWORD);
      expect(text, f).not.toContain('Synthetic Family Clinic');
    }
  });
});

describe('keychain and wipe', () => {
  it('refuses to open anything when the keychain is unavailable (no plaintext fallback)', async () => {
    const broken: Keychain = {
      read: async () => {
        throw new VaultUnavailableError('KEYCHAIN_UNAVAILABLE');
      },
      write: async () => {
        throw new VaultUnavailableError('KEYCHAIN_UNAVAILABLE');
      },
      remove: async () => false,
      probe: async () => {
        throw new VaultUnavailableError('KEYCHAIN_UNAVAILABLE');
      },
    };
    const app = start(undefined, broken);
    await app.services.ready;
    expect(await app.value('session.getState')).toMatchObject({ state: 'unavailable', problem: expect.stringMatching(/keychain/) });
    expect(await app.call('setup.startEnrolment', { username: 'ada.admin', fullName: 'Ada Testadmin' })).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    expect(readdirSync(app.dataDir)).toEqual([]);
  });

  it('an administrator wipes this computer: key gone, stores gone, audited first', async () => {
    const keychain: MemoryKeychain = createMemoryKeychain();
    const app = start(undefined, keychain);
    const { secret } = await setUp(app);
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    expect(await app.call('device.wipe', { password: ADMIN_PASSWORD, confirm: 'wipe' })).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await app.call('device.wipe', { password: 'Wrong-password-000', confirm: 'WIPE THIS COMPUTER' })).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    expect(await app.value('device.wipe', { password: ADMIN_PASSWORD, confirm: 'WIPE THIS COMPUTER' })).toEqual({ wiped: true });
    expect(await keychain.read()).toBeNull();
    expect(readdirSync(app.dataDir)).not.toContain('stores');
    expect(app.services.session.state()).toMatchObject({ state: 'unavailable', problem: expect.stringMatching(/wiped/) });
  });

  it('reopens with the same key and data after a restart', async () => {
    const keychain = createMemoryKeychain();
    const first = start(undefined, keychain);
    await setUp(first);
    await first.services.dispose();
    const second = start(first.dataDir, keychain);
    await second.services.ready;
    expect(await second.value('session.getState')).toMatchObject({ state: 'signed-out', practiceName: 'Synthetic Family Clinic' });
  });
});

describe('renderer diagnostics', () => {
  it('reach the logger callback as scope, error class and code; free text and odd scopes are refused (review finding)', async () => {
    const seen: string[] = [];
    const services = createAppServices({
      host: 'browser', version: '0', platform: 'linux', isTrustedSender: () => true, openExternal: async () => false,
      dataDir: mkdtempSync(path.join(tmpdir(), 'carerelay-diag-')), keychain: createMemoryKeychain(),
      onRendererProblem: (scope, name, code) => seen.push(`${scope}|${name}|${code ?? ''}`),
      bundle: (extra) => `bundle ${JSON.stringify(extra)}`,
    });
    open.push(services);
    expect(await services.router.dispatch('app.reportProblem', { scope: 'uncaught', name: 'TypeError' }, sender)).toEqual({ ok: true, value: { logged: true } });
    expect(await services.router.dispatch('app.reportProblem', { scope: 'gateway-bridge', name: 'BridgeError', code: 'INBOX_ACK_LOCKED' }, sender)).toEqual({ ok: true, value: { logged: true } });
    for (const bad of [
      { scope: '../../etc', name: 'TypeError' },
      { scope: 'uncaught', message: 'Synthetic Patient said hello' },
      { scope: 'uncaught', name: 'TypeError', message: 'x' },
      { scope: 'uncaught', name: 'Patient Name Synthetic' },
      { scope: 'uncaught', name: 'TypeError', code: 'call me at 555' },
      { scope: 'uncaught', name: 'TypeError', code: 'x'.repeat(60) },
    ]) {
      expect(await services.router.dispatch('app.reportProblem', bad, sender)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(seen).toEqual(['uncaught|TypeError|', 'gateway-bridge|BridgeError|INBOX_ACK_LOCKED']);
    await services.ready;
    const bundle = await services.router.dispatch('app.getDiagnostics', {}, sender);
    expect(bundle).toMatchObject({ ok: true, value: { text: expect.stringMatching(/^bundle .*"gateway":"sandbox (online|offline|degraded)".*"queueDepth":0.*"session":"[a-z-]+"/) } });
  });
});

describe('updates through the channels (issue 13)', () => {
  it('a ready update is shown to anyone, restarts only on a person’s request, and an administrator’s pause is audited; without a feed updates say they are off', async () => {
    let installs = 0;
    let armed = false;
    const port: UpdaterPort = {
      check: async () => ({ version: '0.0.1' }),
      download: async () => ({ version: '0.0.1' }),
      setInstallOnQuit: (on) => void (armed = on),
      quitAndInstall: () => void installs++,
    };
    const app = start(undefined, undefined, { updater: port });
    const { secret } = await setUp(app);
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    for (let i = 0; i < 50 && (await app.value('updates.getStatus')).state !== 'ready'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await app.value('updates.getStatus')).toMatchObject({ state: 'ready', version: '0.0.1', currentVersion: '0.0.0-test', paused: false });
    expect(armed).toBe(true);
    expect(installs).toBe(0);
    expect(await app.value('updates.setPaused', { paused: true })).toMatchObject({ state: 'paused', paused: true });
    expect(armed).toBe(false);
    expect(await app.value('updates.restartToUpdate')).toEqual({ restarting: false });
    expect(await app.value('updates.setPaused', { paused: false })).toMatchObject({ state: 'ready' });
    expect(await app.value('updates.restartToUpdate')).toEqual({ restarting: true });
    expect(installs).toBe(1);
    const actions = (await app.value('audit.query', {})).records.map((r: { action: string }) => r.action);
    for (const a of ['updates.available', 'updates.downloaded', 'updates.paused', 'updates.resumed', 'updates.restart']) expect(actions).toContain(a);

    const plain = start();
    await plain.services.ready;
    expect(await plain.value('updates.getStatus')).toMatchObject({ state: 'disabled', disabledReason: 'NO_FEED' });
  });
});

describe('inbox support channels', () => {
  it('gives the staff directory, records each message viewed and a confirmed PHI override, and keeps the badge to a number', async () => {
    const app = start();
    const { secret } = await setUp(app);
    nextStep();
    await app.value('session.signIn', { username: 'ada.admin', password: ADMIN_PASSWORD, code: totpCode(secret, new Date(clock)) });
    const { staff } = await app.value('staff.directory');
    expect(staff).toEqual([expect.objectContaining({ fullName: 'Ada Testadmin', role: 'administrator', active: true })]);
    expect(JSON.stringify(staff)).not.toMatch(/password|totp|hash/i);

    expect(await app.value('audit.recordMessageViews', { messageIds: ['m-SM1', 'm-SM2', 'm-SM1'] })).toEqual({ recorded: 2 });
    const views = await app.value('audit.query', { action: 'message.view' });
    expect(views.records.map((r: any) => r.objectId).sort()).toEqual(['m-SM1', 'm-SM2']);
    expect(await app.call('audit.recordMessageViews', { messageIds: ['a patient name'] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    await app.value('audit.recordPhiOverride', { conversationId: 'c-1', acknowledgementId: 'ce-7', kinds: ['diagnosis', 'lab-value'], identityVerified: true });
    expect((await app.value('audit.query', { action: 'message.phi-override' })).records[0]).toMatchObject({ objectId: 'c-1', detail: 'ID_VERIFIED_DIAGNOSIS_LAB_VALUE' });
    expect((await app.value('audit.query', { action: 'message.phi-override-basis' })).records[0]).toMatchObject({ objectType: 'consent-event', objectId: 'ce-7' });
    expect(await app.call('audit.recordPhiOverride', { conversationId: 'c-1', acknowledgementId: 'ce-7', kinds: ['diagnosis'], identityVerified: false })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    expect(await app.value('notifications.setUnread', { count: 4 })).toEqual({ badge: 4 });
    await app.value('session.signOut');
    expect(await app.call('notifications.setUnread', { count: 9 })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
