/**
 * Staff sign-in and account administration: first-run practice set-up with the first
 * administrator's MFA enrolment, password + TOTP (or recovery code) sign-in with lockout,
 * first-sign-in enrolment for accounts an administrator created or reset, unlock, emergency
 * access with the administrator-held code, and adding, disabling, re-roling and resetting
 * users. Every outcome is audited; failures answer typed errors written for the screen.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Enrolment, StaffAccount, StaffUser } from '../../shared/ipc';
import type { Role } from '../../shared/accounts/roles';
import { IpcFailure } from '../ipc/ipc-router';
import { SYSTEM_ACTOR, type AuditEvent } from '../audit/audit-record';
import type { EncryptedFileStore } from '../store/encrypted-file-store';
import type { SessionService } from '../session/session-service';
import {
  checkPassword,
  enrolTotp,
  generateRecoveryCodes,
  hashPassword,
  redeemRecoveryCode,
  verifyAgainstDummy,
  verifyPassword,
  verifyTotp,
  type PasswordProblem,
} from './credentials';
import { lockoutStatus, recordFailure, recordSuccess, UNLOCKED } from './lockout';
import { sameUsername, type AccountsDoc, type UserRecord } from './account-store';
import { stampStaffEdits } from '../../shared/replication/staff-merge';
import { newConfig, type PracticeConfig } from '../settings/settings-store';
import { normaliseUsPhone } from '../../shared/phone/us-phone';
import { isValidTimeZone } from '../../shared/sync/quiet-hours';

export const EMERGENCY_MINUTES = 60;
const ENROLMENT_TTL_MS = 15 * 60_000;

export interface AccountServiceDeps {
  readonly accounts: EncryptedFileStore<AccountsDoc>;
  readonly config: EncryptedFileStore<PracticeConfig>;
  readonly session: SessionService;
  readonly audit: (event: AuditEvent) => Promise<unknown>;
  /** Called after set-up with the new configuration. */
  readonly onPracticeCreated: (config: PracticeConfig) => void;
  /** This computer's id in the audit trail. */
  readonly deviceId: string;
  readonly now?: () => Date;
  /** The time edits are stamped with for merging across desks: the practice server's clock as this desk estimates it. */
  readonly editClock?: () => number;
  /** After every change to the accounts (several desks: share it now rather than at the next round). */
  readonly onAccountsChanged?: () => void;
}

interface PendingEnrolment {
  readonly secret: string;
  readonly userId: string | null;
  readonly username: string;
  readonly fullName: string;
  readonly expiresAt: number;
  readonly mustChangePassword: boolean;
}

const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  TOO_SHORT: 'at least 12 characters',
  TOO_LONG: 'at most 128 characters',
  COMMON: 'not a commonly used password',
  CONTAINS_USERNAME: 'not containing the username',
};

const invalid = () => new IpcFailure('INVALID_CREDENTIALS', 'The username, password or code is not right.');

export function toStaffUser(u: UserRecord): StaffUser {
  return { id: u.id, username: u.username, fullName: u.fullName, role: u.role };
}

export function toStaffAccount(u: UserRecord, now: number): StaffAccount {
  const lock = lockoutStatus(u.lockout, now);
  return {
    ...toStaffUser(u),
    disabled: u.disabled,
    mfaEnrolled: u.totp !== null,
    lockedUntil: lock.locked ? new Date(lock.until).toISOString() : null,
    lastSignInAt: u.lastSignInAt,
    createdAt: u.createdAt,
  };
}

function requireGoodPassword(password: string, username: string): void {
  const check = checkPassword(password, username);
  if (!check.ok) {
    throw new IpcFailure('WEAK_PASSWORD', `Choose a password that is ${check.problems.map((p) => PROBLEM_TEXT[p]).join(', ')}.`);
  }
}

export function createAccountService(deps: AccountServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const enrolments = new Map<string, PendingEnrolment>();

  /** Read-modify-write of the accounts document, in turn with the store's other reads and writes. */
  async function mutate<R>(change: (doc: AccountsDoc) => R): Promise<R> {
    let result!: R;
    await deps.accounts.update((snapshot) => {
      if (!snapshot) throw new IpcFailure('NO_PRACTICE', 'This practice is not set up yet.');
      const doc = structuredClone(snapshot.data);
      result = change(doc);
      // Each changed group of each account carries the time of its change, for merging across desks.
      const at = deps.editClock?.() ?? now().getTime();
      const users = stampStaffEdits(snapshot.data.users, doc.users, at);
      const emergencyChanged = JSON.stringify(doc.emergency) !== JSON.stringify(snapshot.data.emergency);
      return { ...doc, users, ...(emergencyChanged ? { emergencyEditedAt: at } : {}) };
    });
    deps.onAccountsChanged?.();
    return result;
  }

  async function readDoc(): Promise<AccountsDoc> {
    const snapshot = await deps.accounts.read();
    if (!snapshot) throw new IpcFailure('NO_PRACTICE', 'This practice is not set up yet.');
    return snapshot.data;
  }

  const actor = (): Pick<AuditEvent, 'actorId' | 'actorRole'> => {
    const user = deps.session.view().user;
    return user ? { actorId: user.id, actorRole: user.role } : SYSTEM_ACTOR;
  };
  const audit = (e: Omit<AuditEvent, 'actorId' | 'actorRole'> & Partial<Pick<AuditEvent, 'actorId' | 'actorRole'>>) =>
    deps.audit({ ...actor(), ...e } as AuditEvent);

  async function newEnrolment(p: Omit<PendingEnrolment, 'secret' | 'expiresAt'>): Promise<Enrolment> {
    for (const [id, e] of enrolments) if (e.expiresAt < Date.now()) enrolments.delete(id);
    const totp = await enrolTotp(p.username);
    const enrolmentId = randomBytes(24).toString('base64url');
    enrolments.set(enrolmentId, { ...p, secret: totp.secret, expiresAt: Date.now() + ENROLMENT_TTL_MS });
    return { enrolmentId, secret: totp.secret, otpauthUri: totp.uri, qrDataUrl: totp.qrDataUrl };
  }

  function takeEnrolment(id: string): PendingEnrolment {
    const e = enrolments.get(id);
    if (!e || e.expiresAt < Date.now()) {
      enrolments.delete(id);
      throw new IpcFailure('ENROLMENT_EXPIRED', 'This set-up step has expired. Start again to get a new QR code.');
    }
    return e;
  }

  function checkCode(secret: string, code: string, lastTimeStep: number | null): number | null {
    const result = verifyTotp(secret, code, now(), lastTimeStep ?? undefined);
    return result.valid ? result.timeStep : null;
  }

  async function failedAttempt(userId: string, reason: string): Promise<never> {
    const lockedNow = await mutate((doc) => {
      const u = doc.users.find((x) => x.id === userId);
      if (!u) return false;
      const next = recordFailure(u.lockout, now().getTime());
      u.lockout = next.state;
      return next.lockedNow;
    });
    const u = (await readDoc()).users.find((x) => x.id === userId);
    const role = u?.role ?? 'front-desk';
    await audit({ actorId: userId, actorRole: role, action: 'auth.sign-in', objectType: 'user', objectId: userId, outcome: 'failure', detail: reason });
    if (lockedNow) {
      await audit({ ...SYSTEM_ACTOR, action: 'auth.lockout', objectType: 'user', objectId: userId, outcome: 'success', detail: 'FIVE_FAILURES' });
      throw new IpcFailure('ACCOUNT_LOCKED', 'Too many wrong attempts. This account is locked for 15 minutes.');
    }
    throw invalid();
  }

  function lockedMessage(until: number): IpcFailure {
    const minutes = Math.max(1, Math.ceil((until - now().getTime()) / 60_000));
    return new IpcFailure('ACCOUNT_LOCKED', `Too many wrong attempts. This account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`);
  }

  /** Password, then TOTP or a recovery code. Returns the updated record fields on success. */
  async function verifySecondFactor(u: UserRecord, code: string | undefined): Promise<void> {
    if (!code) throw new IpcFailure('CODE_REQUIRED', 'Enter the 6-digit code from your authenticator app.');
    if (!u.totp) throw new IpcFailure('ENROLMENT_REQUIRED', 'Set up your authenticator app first.');
    const compact = code.replace(/\s+/g, '');
    if (/^\d{6}$/.test(compact)) {
      const step = checkCode(u.totp.secret, compact, u.totp.lastTimeStep);
      if (step === null) return failedAttempt(u.id, 'WRONG_CODE');
      await mutate((doc) => {
        const rec = doc.users.find((x) => x.id === u.id);
        if (rec?.totp) rec.totp.lastTimeStep = step;
      });
      return;
    }
    if (!u.recovery) return failedAttempt(u.id, 'WRONG_CODE');
    const redeemed = redeemRecoveryCode(u.recovery, compact, now());
    if (!redeemed.ok) return failedAttempt(u.id, 'WRONG_RECOVERY_CODE');
    await mutate((doc) => {
      const rec = doc.users.find((x) => x.id === u.id);
      if (rec) rec.recovery = redeemed.stored;
    });
    await audit({ actorId: u.id, actorRole: u.role, action: 'auth.recovery-code', objectType: 'user', objectId: u.id, outcome: 'success' });
  }

  async function completeSignIn(u: UserRecord): Promise<StaffUser> {
    const at = now().toISOString();
    await mutate((doc) => {
      const rec = doc.users.find((x) => x.id === u.id);
      if (rec) {
        rec.lockout = recordSuccess();
        rec.lastSignInAt = at;
      }
    });
    const user = toStaffUser(u);
    deps.session.signedIn(user);
    await audit({ actorId: u.id, actorRole: u.role, action: 'auth.sign-in', objectType: 'user', objectId: u.id, outcome: 'success' });
    return user;
  }

  return {
    async startSetupEnrolment(username: string, fullName: string): Promise<Enrolment> {
      if ((await deps.config.read()) !== null) throw new IpcFailure('ALREADY_SET_UP', 'This practice is already set up. Sign in instead.');
      return newEnrolment({ userId: null, username, fullName, mustChangePassword: false });
    },

    async createPractice(input: {
      practice: PracticeConfig['practice'];
      admin: { fullName: string; username: string; password: string };
      enrolmentId: string;
      code: string;
    }) {
      if ((await deps.config.read()) !== null || (await deps.accounts.read()) !== null) {
        throw new IpcFailure('ALREADY_SET_UP', 'This practice is already set up. Set-up cannot run again over it.');
      }
      const phone = normaliseUsPhone(input.practice.phone);
      if (!phone) throw new IpcFailure('BAD_PHONE', 'Enter the practice phone number as a 10-digit US number, for example (555) 201-0100.');
      if (!isValidTimeZone(input.practice.timeZone)) throw new IpcFailure('BAD_TIME_ZONE', 'Choose the practice time zone from the list.');
      requireGoodPassword(input.admin.password, input.admin.username);
      const enrolment = takeEnrolment(input.enrolmentId);
      if (!sameUsername(enrolment.username, input.admin.username)) {
        throw new IpcFailure('ENROLMENT_MISMATCH', 'The username changed after the QR code was made. Go back and scan the new code.');
      }
      const step = checkCode(enrolment.secret, input.code, null);
      if (step === null) throw new IpcFailure('WRONG_CODE', 'That code does not match. Check the time on your phone and enter the current 6-digit code.');

      const recovery = generateRecoveryCodes();
      const emergency = generateRecoveryCodes();
      const createdAt = now().toISOString();
      const admin: UserRecord = {
        id: `u-${randomUUID()}`,
        username: input.admin.username.trim(),
        fullName: input.admin.fullName.trim(),
        role: 'administrator',
        disabled: false,
        createdAt,
        lastSignInAt: null,
        passwordHash: await hashPassword(input.admin.password),
        mustChangePassword: false,
        totp: { secret: enrolment.secret, lastTimeStep: step },
        recovery: recovery.stored,
        lockout: { ...UNLOCKED },
      };
      const config = { ...newConfig({ name: input.practice.name.trim(), timeZone: input.practice.timeZone, phone }, now()), deviceId: deps.deviceId };
      // Accounts first: a crash between the two writes leaves no config, so set-up can run again.
      await deps.accounts.write({
        users: [admin],
        emergency: { salt: emergency.stored.salt, codes: emergency.stored.codes.slice(0, 1) },
        emergencyLog: [],
      });
      await deps.config.write(config);
      enrolments.delete(input.enrolmentId);
      deps.onPracticeCreated(config);
      await audit({ actorId: admin.id, actorRole: 'administrator', action: 'practice.set-up', objectType: 'practice', objectId: config.deviceId, outcome: 'success' });
      await audit({ actorId: admin.id, actorRole: 'administrator', action: 'user.create', objectType: 'user', objectId: admin.id, outcome: 'success', detail: 'ADMINISTRATOR' });
      return { user: toStaffUser(admin), recoveryCodes: recovery.plain, emergencyCode: emergency.plain[0] ?? '' };
    },

    async signIn(input: { username: string; password: string; code?: string }) {
      const doc = await readDoc();
      const u = doc.users.find((x) => sameUsername(x.username, input.username));
      if (!u) {
        await verifyAgainstDummy(input.password);
        await audit({ ...SYSTEM_ACTOR, action: 'auth.sign-in', objectType: 'user', objectId: 'unknown', outcome: 'failure', detail: 'UNKNOWN_USER' });
        throw invalid();
      }
      const lock = lockoutStatus(u.lockout, now().getTime());
      if (lock.locked) {
        await audit({ actorId: u.id, actorRole: u.role, action: 'auth.sign-in', objectType: 'user', objectId: u.id, outcome: 'denied', detail: 'LOCKED_OUT' });
        throw lockedMessage(lock.until);
      }
      if (!(await verifyPassword(input.password, u.passwordHash))) return failedAttempt(u.id, 'WRONG_PASSWORD');
      if (u.disabled) {
        await audit({ actorId: u.id, actorRole: u.role, action: 'auth.sign-in', objectType: 'user', objectId: u.id, outcome: 'denied', detail: 'DISABLED' });
        throw new IpcFailure('ACCOUNT_DISABLED', 'This account is disabled. Ask an administrator.');
      }
      if (!u.totp) {
        const enrolment = await newEnrolment({ userId: u.id, username: u.username, fullName: u.fullName, mustChangePassword: u.mustChangePassword });
        await audit({ actorId: u.id, actorRole: u.role, action: 'auth.sign-in', objectType: 'user', objectId: u.id, outcome: 'success', detail: 'ENROLMENT_STARTED' });
        return { status: 'enrol' as const, enrolment, mustChangePassword: u.mustChangePassword };
      }
      await verifySecondFactor(u, input.code);
      return { status: 'signed-in' as const, user: await completeSignIn(u) };
    },

    async completeEnrolment(input: { enrolmentId: string; code: string; newPassword?: string }) {
      const enrolment = takeEnrolment(input.enrolmentId);
      if (!enrolment.userId) throw new IpcFailure('ENROLMENT_EXPIRED', 'This set-up step has expired. Sign in again.');
      if (enrolment.mustChangePassword) {
        if (!input.newPassword) throw new IpcFailure('PASSWORD_REQUIRED', 'Choose your own password to replace the temporary one.');
        requireGoodPassword(input.newPassword, enrolment.username);
      }
      const step = checkCode(enrolment.secret, input.code, null);
      if (step === null) throw new IpcFailure('WRONG_CODE', 'That code does not match. Check the time on your phone and enter the current 6-digit code.');
      const recovery = generateRecoveryCodes();
      const passwordHash = enrolment.mustChangePassword && input.newPassword ? await hashPassword(input.newPassword) : null;
      const u = await mutate((doc) => {
        const rec = doc.users.find((x) => x.id === enrolment.userId);
        if (!rec || rec.disabled) throw new IpcFailure('ACCOUNT_DISABLED', 'This account is disabled. Ask an administrator.');
        rec.totp = { secret: enrolment.secret, lastTimeStep: step };
        rec.recovery = recovery.stored;
        if (passwordHash) {
          rec.passwordHash = passwordHash;
          rec.mustChangePassword = false;
        }
        return structuredClone(rec);
      });
      enrolments.delete(input.enrolmentId);
      await audit({ actorId: u.id, actorRole: u.role, action: 'auth.mfa-enrol', objectType: 'user', objectId: u.id, outcome: 'success' });
      return { user: await completeSignIn(u), recoveryCodes: recovery.plain };
    },

    async unlock(input: { password: string; code?: string }) {
      const view = deps.session.view();
      const current = deps.session.state();
      if (current.state !== 'locked' || !view.user) throw new IpcFailure('NOT_LOCKED', 'CareRelay is not locked.');
      if (view.user.id === 'emergency') throw new IpcFailure('EMERGENCY_ENDED', 'Emergency sessions cannot be unlocked. Start a new one.');
      const u = (await readDoc()).users.find((x) => x.id === view.user!.id);
      if (!u || u.disabled) {
        deps.session.signOut();
        throw new IpcFailure('ACCOUNT_DISABLED', 'This account is disabled. Ask an administrator.');
      }
      const lock = lockoutStatus(u.lockout, now().getTime());
      if (lock.locked) {
        deps.session.signOut();
        throw lockedMessage(lock.until);
      }
      try {
        if (!(await verifyPassword(input.password, u.passwordHash))) await failedAttempt(u.id, 'WRONG_PASSWORD');
        if (deps.session.unlockNeedsCode()) await verifySecondFactor(u, input.code);
      } catch (error) {
        if (error instanceof IpcFailure && error.code === 'ACCOUNT_LOCKED') deps.session.signOut();
        throw error;
      }
      await mutate((doc) => {
        const rec = doc.users.find((x) => x.id === u.id);
        if (rec) rec.lockout = recordSuccess();
      });
      deps.session.unlocked();
      await audit({ actorId: u.id, actorRole: u.role, action: 'auth.unlock', objectType: 'user', objectId: u.id, outcome: 'success' });
      return { user: toStaffUser(u) };
    },

    async beginEmergency(input: { emergencyCode: string; reason: string }) {
      const doc = await readDoc();
      if (!doc.emergency) throw new IpcFailure('NO_EMERGENCY_CODE', 'No emergency code is set for this practice.');
      const redeemed = redeemRecoveryCode(doc.emergency, input.emergencyCode, now());
      if (!redeemed.ok) {
        await audit({ ...SYSTEM_ACTOR, action: 'emergency.begin', objectType: 'session', objectId: 'emergency', outcome: 'failure', detail: 'WRONG_CODE' });
        throw new IpcFailure('WRONG_CODE', 'That emergency code is not right, or it was already used.');
      }
      const endsAt = now().getTime() + EMERGENCY_MINUTES * 60_000;
      await mutate((d) => {
        d.emergency = redeemed.stored;
        d.emergencyLog.push({ at: now().toISOString(), reason: input.reason.trim(), endsAt: new Date(endsAt).toISOString() });
      });
      deps.session.signedIn(
        { id: 'emergency', username: 'emergency', fullName: 'Emergency access', role: 'administrator' },
        { endsAt, reason: input.reason.trim() },
      );
      await audit({ actorId: 'emergency', actorRole: 'administrator', action: 'emergency.begin', objectType: 'session', objectId: 'emergency', outcome: 'success', detail: 'REASON_RECORDED' });
      return { endsAt: new Date(endsAt).toISOString() };
    },

    async verifyCurrentPassword(password: string): Promise<boolean> {
      const user = deps.session.view().user;
      if (!user) return false;
      const u = (await readDoc()).users.find((x) => x.id === user.id);
      return u ? verifyPassword(password, u.passwordHash) : false;
    },

    async listUsers(): Promise<StaffAccount[]> {
      const t = now().getTime();
      return (await readDoc()).users.map((u) => toStaffAccount(u, t));
    },

    async createUser(input: { fullName: string; username: string; role: Role; temporaryPassword: string }) {
      requireGoodPassword(input.temporaryPassword, input.username);
      const passwordHash = await hashPassword(input.temporaryPassword);
      const u = await mutate((doc) => {
        if (doc.users.some((x) => sameUsername(x.username, input.username))) {
          throw new IpcFailure('USERNAME_TAKEN', 'That username is already in use. Every person needs their own username.');
        }
        const rec: UserRecord = {
          id: `u-${randomUUID()}`,
          username: input.username.trim(),
          fullName: input.fullName.trim(),
          role: input.role,
          disabled: false,
          createdAt: now().toISOString(),
          lastSignInAt: null,
          passwordHash,
          mustChangePassword: true,
          totp: null,
          recovery: null,
          lockout: { ...UNLOCKED },
        };
        doc.users.push(rec);
        return rec;
      });
      await audit({ action: 'user.create', objectType: 'user', objectId: u.id, outcome: 'success', detail: u.role.toUpperCase().replace('-', '_') });
      return { user: toStaffAccount(u, now().getTime()) };
    },

    async updateUser(input: { userId: string; role?: Role; disabled?: boolean }) {
      const me = deps.session.view().user;
      const u = await mutate((doc) => {
        const rec = doc.users.find((x) => x.id === input.userId);
        if (!rec) throw new IpcFailure('NO_SUCH_USER', 'That staff account does not exist.');
        const admins = doc.users.filter((x) => x.role === 'administrator' && !x.disabled);
        const losesAdmin = rec.role === 'administrator' && ((input.role && input.role !== 'administrator') || input.disabled === true);
        if (losesAdmin && admins.length <= 1) {
          throw new IpcFailure('LAST_ADMINISTRATOR', 'The practice needs at least one active administrator.');
        }
        if (me && rec.id === me.id && input.disabled === true) throw new IpcFailure('CANNOT_DISABLE_SELF', 'You cannot disable your own account.');
        if (input.role) rec.role = input.role;
        if (input.disabled !== undefined) rec.disabled = input.disabled;
        return structuredClone(rec);
      });
      if (input.role) await audit({ action: 'user.role-change', objectType: 'user', objectId: u.id, outcome: 'success', detail: u.role.toUpperCase().replace('-', '_') });
      if (input.disabled !== undefined) await audit({ action: input.disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: u.id, outcome: 'success' });
      // A disabled user is signed out at once; a changed role takes effect at once.
      const current = deps.session.view().user;
      if (current && current.id === u.id) deps.session.userChanged(u.disabled ? null : toStaffUser(u));
      return { user: toStaffAccount(u, now().getTime()) };
    },

    async resetAccess(input: { userId: string; temporaryPassword: string }) {
      const target = (await readDoc()).users.find((x) => x.id === input.userId);
      if (!target) throw new IpcFailure('NO_SUCH_USER', 'That staff account does not exist.');
      requireGoodPassword(input.temporaryPassword, target.username);
      const passwordHash = await hashPassword(input.temporaryPassword);
      const u = await mutate((doc) => {
        const rec = doc.users.find((x) => x.id === input.userId)!;
        rec.passwordHash = passwordHash;
        rec.mustChangePassword = true;
        rec.totp = null;
        rec.recovery = null;
        rec.lockout = { ...UNLOCKED };
        return structuredClone(rec);
      });
      await audit({ action: 'user.reset-access', objectType: 'user', objectId: u.id, outcome: 'success' });
      const current = deps.session.view().user;
      if (current && current.id === u.id) deps.session.userChanged(null);
      return { user: toStaffAccount(u, now().getTime()) };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
