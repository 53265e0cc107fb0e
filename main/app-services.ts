/**
 * Composition root for main's services, shared by the Electron entry and the browser host:
 * vault (OS keychain, key tree), encrypted stores, audit trail, session and accounts, gateway
 * status, the event hub and the IPC router with every handler. Electron-free, so the browser
 * host runs it under plain Node. If the keychain or a store cannot open, it starts anyway in
 * the `unavailable` state with a plain reason, and nothing that holds PHI opens.
 */
import path from 'node:path';
import { channels, type AppInfo, type GatewayStatus, type Settings } from '../shared/ipc';
import { createEventHub, type EventHub } from './ipc/event-hub';
import { createIpcRouter, IpcFailure, type AppHandlers, type CallSender, type IpcRouter } from './ipc/ipc-router';
import { createGatewayStatus, type GatewayStatusService } from './gateway/gateway-status';
import { openVault, type Vault } from './vault/vault';
import type { Keychain } from './vault/keychain';
import { VaultUnavailableError } from './vault/vault-errors';
import { openAuditTrail, type AuditTrail } from './audit/audit-trail';
import { SYSTEM_ACTOR, type AuditEvent } from './audit/audit-record';
import { createConfigStore, type PracticeConfig } from './settings/settings-store';
import { createAccountsStore } from './accounts/account-store';
import { createAccountService, toStaffUser, type AccountService } from './accounts/account-service';
import { createSessionService, type SessionService } from './session/session-service';
import { StoreCorruptError, createEncryptedFileStore } from './store/encrypted-file-store';
import { createUpdateService, updatesOff, type UpdateService } from './updates/update-service';
import type { UpdaterPort } from './updates/updater-port';
import { z } from 'zod';
import type { EncryptedFileStore } from './store/encrypted-file-store';
import { auditQueryFromFilter, toAuditView } from './audit/audit-views';
import { auditRecordsToCsv } from './audit/audit-csv';
import { wrapKeysForRendererAndZero } from './vault/key-release';
import { createDeskService, DeskServiceError, type DeskService } from './desks/desk-service';
import { createSenderLeaseKeeper, type SenderLeaseKeeper } from './desks/sender-lease-keeper';
import { createKeyEpochKeeper, type KeyEpochKeeper } from './desks/key-epoch-keeper';
import { queueShareStateSchema, createQueueShare, type QueueShare, type QueueShareState } from './desks/queue-share';
import { createOutboxHandover, handoverStateSchema, type HandoverState, type OutboxHandover } from './desks/outbox-handover';
import { createStaffSync, type StaffSync } from './desks/staff-sync';
import { auditShareStateSchema, createAuditShare, type AuditShare, type AuditShareState } from './audit/audit-share';
import { matchesAuditQuery } from './audit/audit-trail';
import type { UserRecord } from './accounts/account-store';
import { formatUsPhone } from '../shared/phone/us-phone';
import { createSyncService, type SyncService } from './sync/sync-service';
import { createNotifier, type NotifierPort } from './notifications/notifier';

export interface AppServicesOptions {
  readonly host: AppInfo['host'];
  readonly version: string;
  readonly platform: string;
  /** Origin and frame check for the transport in use. */
  readonly isTrustedSender: (sender: CallSender) => boolean;
  /** Opens an allowlisted https URL outside the app; resolves false when refused. */
  readonly openExternal: (url: string) => Promise<boolean>;
  readonly onFailure?: (channel: string, code: string, cause?: unknown) => void;
  /** Receives renderer diagnostics (scope, error class, code: never free text); the caller logs them. */
  readonly onRendererProblem?: (scope: string, name: string, code?: string) => void;
  /** The app updater (electron-updater behind its port); null or absent: this build has no update feed. */
  readonly updater?: UpdaterPort | null;
  /** The PHI-free diagnostic text for support, given the live state's enums and counts. */
  readonly bundle?: (extra: Readonly<Record<string, string | number | boolean>>) => string;
  /** Where main keeps its encrypted stores and audit trail. */
  readonly dataDir: string;
  readonly keychain: Keychain;
  /** The practice secret's keychain entry (several desks); absent: shared keys come from the master. */
  readonly practiceKeychain?: Keychain;
  /** Extra local PHI locations removed by "wipe this computer" (the renderer's profile). */
  readonly extraWipePaths?: readonly string[];
  readonly systemIdleSeconds?: () => number;
  /** Browser-host tests only: an idle timeout shorter than the one-minute minimum. */
  readonly testIdleMs?: number;
  readonly now?: () => Date;
  /** Training mode's simulated patients: realistic delays (seconds) or fast ones for end-to-end tests. */
  readonly sandboxTiming?: 'realistic' | 'fast';
  /** Tests only: a production gateway may be a plain-http sandbox on 127.0.0.1. */
  readonly allowLoopbackHttpGateway?: boolean;
  /** The OS notification and badge (Electron); every host also gets the PHI-free `notifications.changed` event. */
  readonly notify?: NotifierPort;
}

export interface AppServices {
  readonly router: IpcRouter;
  readonly events: EventHub;
  readonly gateway: GatewayStatusService;
  readonly session: SessionService;
  /** Gateway sync (null until storage is open, or when it could not open). */
  readonly sync: () => SyncService | null;
  /** Resolves once the vault, stores and audit trail are open (or have failed closed). */
  readonly ready: Promise<void>;
  dispose(): Promise<void>;
}

interface Opened {
  vault: Vault;
  audit: AuditTrail;
  config: EncryptedFileStore<PracticeConfig>;
  accounts: AccountService;
}

export const deviceIdFor = (keyId: string) => `desk-${keyId.slice(0, 8)}`;

const UNAVAILABLE = (message: string) => new IpcFailure('UNAVAILABLE', message);

export function createAppServices(options: AppServicesOptions): AppServices {
  const now = options.now ?? (() => new Date());
  const events = createEventHub();
  const gateway = createGatewayStatus((status: GatewayStatus) => events.publish('gateway.statusChanged', status));
  let auditRef: AuditTrail | null = null;
  const auditEvent = async (event: AuditEvent) => {
    if (!auditRef) throw UNAVAILABLE('The audit trail is not open.');
    return auditRef.append(event);
  };

  // R2: "New message" and a count, never a name or text; nothing while signed out.
  const notifier = createNotifier({
    port: {
      show: (title, body) => {
        options.notify?.show(title, body);
        events.publish('notifications.changed', { badge: notifier.badge(), notice: body });
      },
      setBadge: (count) => {
        options.notify?.setBadge(count);
        events.publish('notifications.changed', { badge: count, notice: null });
      },
    },
    session: () => session.state().state,
  });

  const session = createSessionService({
    idleMs: (options.testIdleMs ?? 10 * 60_000),
    unlockCodeAfterMs: 60 * 60_000,
    allowShortTimeoutForTests: options.testIdleMs !== undefined,
    systemIdleSeconds: options.systemIdleSeconds,
    publish: (state) => {
      events.publish('session.stateChanged', state);
      notifier.sessionChanged();
    },
    onLocked: (user, reason) =>
      void auditEvent({ actorId: user.id, actorRole: user.role, action: 'auth.lock', objectType: 'user', objectId: user.id, outcome: 'success', detail: reason.toUpperCase().replace(/-/g, '_') }).catch(() => undefined),
    onEmergencyEnded: () =>
      void auditEvent({ actorId: 'emergency', actorRole: 'administrator', action: 'emergency.end', objectType: 'session', objectId: 'emergency', outcome: 'success', detail: 'TIME_LIMIT' }).catch(() => undefined),
  });

  let opened: Opened | null = null;
  let sync: SyncService | null = null;
  let desks: DeskService | null = null;
  let senderLease: SenderLeaseKeeper | null = null;
  let staffSync: StaffSync | null = null;
  let auditShare: AuditShare | null = null;
  let keyEpochs: KeyEpochKeeper | null = null;
  let queueShare: QueueShare | null = null;
  let handover: OutboxHandover | null = null;
  let practiceTimeZone = 'America/New_York';
  let practiceIdentity: { name: string; phone: string } | null = null;
  let auditStartupProblem: string | null = null;
  let updates: UpdateService | null = null;

  const senderAndEpoch = () => ({ sender: senderLease?.isSender() ?? true, keyEpoch: keyEpochs?.state().epoch ?? 1, waitingForKeyEpoch: keyEpochs?.state().waitingForEpoch ?? null });

  const applyConfig = (config: PracticeConfig) => {
    session.configure(options.testIdleMs ?? config.idleMinutes * 60_000, config.unlockCodeAfterMinutes * 60_000);
    session.setPractice(config.practice.name);
    practiceTimeZone = config.practice.timeZone;
    practiceIdentity = { name: config.practice.name, phone: formatUsPhone(config.practice.phone) };
  };

  /** Another desk disabled, reset or changed the account signed in here: it signs out (or takes the new role) at once. */
  const signOutIfChangedElsewhere = (before: readonly UserRecord[], after: readonly UserRecord[]) => {
    const current = session.view().user;
    if (!current) return;
    const was = before.find((u) => u.id === current.id);
    const is = after.find((u) => u.id === current.id);
    const credentials = (u: UserRecord | undefined) => JSON.stringify([u?.passwordHash, u?.totp?.secret ?? null, u?.recovery ?? null]);
    if (!is || is.disabled || credentials(was) !== credentials(is)) {
      session.userChanged(null);
      void auditEvent({ actorId: current.id, actorRole: current.role, action: 'auth.sign-out', objectType: 'user', objectId: current.id, outcome: 'success', detail: 'CHANGED_AT_ANOTHER_DESK' }).catch(() => undefined);
    } else if (is.role !== current.role || is.fullName !== current.fullName || is.username !== current.username) {
      session.userChanged(toStaffUser(is));
    }
  };

  const ready = (async () => {
    const storeDir = path.join(options.dataDir, 'stores');
    try {
      const vault = await openVault({ keychain: options.keychain, ...(options.practiceKeychain ? { practiceKeychain: options.practiceKeychain } : {}), storeDir, extraWipePaths: options.extraWipePaths });
      const config = createConfigStore(storeDir, vault.mainStoresKey(), vault.keyId);
      const accountsStore = createAccountsStore(storeDir, vault.mainStoresKey(), vault.keyId);
      const existing = await config.read();
      const audit = await openAuditTrail({
        dir: path.join(storeDir, 'audit'),
        keys: { enc: vault.auditEncKey(), mac: vault.auditMacKey() },
        // Stable per computer from the first start, before any practice exists: the key's public fingerprint.
        device: deviceIdFor(vault.keyId),
        now,
      });
      auditRef = audit;
      const report = await audit.verify();
      if (!report.ok) auditStartupProblem = report.message;
      await audit.append({ ...SYSTEM_ACTOR, action: 'app.start', objectType: 'device', objectId: 'this-desk', outcome: report.ok ? 'success' : 'failure', detail: report.ok ? undefined : 'AUDIT_VERIFY_FAILED' });
      desks = createDeskService({ storeDir, key: vault.mainStoresKey(), keyId: vault.keyId, vault, now: () => now().getTime() });
      const deskService = desks;
      const accounts = createAccountService({
        accounts: accountsStore,
        config,
        session,
        audit: auditEvent,
        onPracticeCreated: applyConfig,
        deviceId: deviceIdFor(vault.keyId),
        now,
        editClock: () => deskService.serverNow(),
        onAccountsChanged: () => void staffSync?.round().catch(() => undefined),
      });
      opened = { vault, audit, config, accounts };
      // Several desks: staff accounts and settings are the practice's, merged every few seconds.
      staffSync = createStaffSync({
        desk: deskService,
        accounts: accountsStore,
        config,
        key: (epoch) => vault.staffSealKey(epoch),
        epoch: () => vault.keyEpoch(),
        onAccountsTaken: (before, after) => signOutIfChangedElsewhere(before, after),
        onSettingsTaken: (next) => applyConfig(next),
        onRefused: (code) => options.onFailure?.('staff-sync', code),
      });
      staffSync.start();
      // Several desks: this desk's audit records, shared as its own chain for every administrator to verify.
      auditShare = createAuditShare({
        trail: audit,
        desk: deskService,
        state: createEncryptedFileStore<AuditShareState>({ dir: storeDir, name: 'audit-share', key: vault.mainStoresKey(), keyId: vault.keyId, schema: 1, parse: (d) => auditShareStateSchema.parse(d) }),
        key: (epoch) => vault.auditShareKey(epoch),
        epoch: () => vault.keyEpoch(),
        device: deviceIdFor(vault.keyId),
      });
      auditShare.start();
      // Several desks: no removed desk holds the current key epoch (a removal moves the practice to a new one).
      keyEpochs = createKeyEpochKeeper({
        desk: deskService,
        vault,
        now: () => now().getTime(),
        onAdopted: async (epoch, how) => {
          await auditEvent({ ...SYSTEM_ACTOR, action: 'desks.key-epoch', objectType: 'device', objectId: 'this-desk', outcome: 'success', detail: `EPOCH_${epoch}_${how.toUpperCase()}` } as AuditEvent).catch(() => undefined);
          // What this desk shares is sealed again under the new epoch.
          void staffSync?.round().catch(() => undefined);
        },
      });
      keyEpochs.start();
      // One desk of a practice answers keywords (one confirmation, R25); a lone desk always does.
      const deskStatus = await desks.status().catch(() => null);
      const connected = deskStatus?.configured === true;
      senderLease = createSenderLeaseKeeper({ desk: desks, deskId: deviceIdFor(vault.keyId), now: () => now().getTime(), connected });
      senderLease.start();
      // A desk enrolled before the practice's desk list existed adds itself to it.
      void desks.registerIfMember().catch(() => undefined);
      if (existing) applyConfig(existing.data);
      else session.setPractice(null);
      // Several desks: what is queued at a desk without the sender lease goes out from the desk that holds it.
      const leaseNow = senderLease;
      handover = createOutboxHandover({
        desk: deskService,
        queue: () => sync?.queue() ?? null,
        isSender: () => leaseNow.isSender(),
        key: (epoch) => vault.consentShareKey(epoch),
        epoch: () => vault.keyEpoch(),
        state: createEncryptedFileStore<HandoverState>({ dir: storeDir, name: 'outbox-handover', key: vault.mainStoresKey(), keyId: vault.keyId, schema: 1, parse: (d) => handoverStateSchema.parse(d) }),
        now: () => now().getTime(),
        member: deskStatus?.member === true,
        onProblem: (code) => options.onFailure?.('outbox-handover', code),
      });
      // The handed set is read before the send loop starts, so nothing handed is sent from here.
      await handover.load();
      const handoverNow = handover;
      // Gateway sync runs from start-up, signed in or not, locked or not.
      sync = createSyncService({
        storeDir,
        key: vault.mainStoresKey(),
        keyId: vault.keyId,
        status: gateway,
        publish: (name, payload) => {
          events.publish(name, payload);
          // A new or changed entry: hand it over (or report its progress) without waiting for the round.
          if (name === 'outbox.changed') void handoverNow.round().catch(() => undefined);
        },
        audit: auditEvent,
        practiceTimeZone: () => practiceTimeZone,
        practice: () => practiceIdentity,
        isSender: () => senderLease?.isSender() ?? true,
        // Several desks: consent actions and withdrawals recorded here reach every desk's queue, stamped by the server's clock.
        shareAction: (action) => void queueShare?.publish(action).catch(() => undefined),
        actionClock: () => deskService.serverNow(),
        holdsBack: (entry, mode) => handoverNow.holdsBack(entry, mode),
        sandboxTiming: options.sandboxTiming,
        onInbound: (count) => notifier.inbound(count),
        allowLoopbackHttpGateway: options.allowLoopbackHttpGateway,
      });
      await sync.start();
      const syncNow = sync;
      queueShare = createQueueShare({
        desk: deskService,
        state: createEncryptedFileStore<QueueShareState>({ dir: storeDir, name: 'queue-share', key: vault.mainStoresKey(), keyId: vault.keyId, schema: 1, parse: (d) => queueShareStateSchema.parse(d) }),
        key: (epoch) => vault.consentShareKey(epoch),
        epoch: () => vault.keyEpoch(),
        apply: (actions) => syncNow.applyQueueActions(actions),
        onRefused: (code) => options.onFailure?.('queue-share', code),
      });
      queueShare.start();
      handover.start();
      // Updates: checked at start and daily; installed on quit or at a person's request (issue 13).
      const pauseStore = createEncryptedFileStore<{ paused: boolean }>({ dir: storeDir, name: 'updates', key: vault.mainStoresKey(), keyId: vault.keyId, schema: 1, parse: (d) => z.object({ paused: z.boolean() }).strict().parse(d) });
      updates = createUpdateService({
        port: options.updater ?? null,
        currentVersion: options.version,
        audit: (e) => auditEvent({ ...(e.actor ? { actorId: e.actor.id, actorRole: e.actor.role } : SYSTEM_ACTOR), action: e.action, objectType: 'device', objectId: 'this-desk', outcome: e.outcome, ...(e.detail ? { detail: e.detail } : {}) } as AuditEvent),
        pause: { read: async () => (await pauseStore.read())?.data.paused ?? false, write: async (paused) => void (await pauseStore.write({ paused })) },
      });
      void updates.start().catch(() => undefined);
    } catch (error) {
      const message =
        error instanceof VaultUnavailableError || error instanceof StoreCorruptError
          ? error.message
          : 'CareRelay could not open its encrypted storage on this computer, so it will not open patient data. Restart CareRelay; if this keeps happening, contact support.';
      options.onFailure?.('startup', error instanceof VaultUnavailableError ? error.code : 'STORAGE_UNAVAILABLE', error);
      session.setUnavailable(message);
    }
  })();

  const need = async (): Promise<Opened> => {
    await ready;
    if (!opened) throw UNAVAILABLE(session.state().problem ?? 'CareRelay storage is not available.');
    return opened;
  };
  const me = () => {
    const user = session.view().user;
    if (!user) throw new IpcFailure('UNAUTHENTICATED', 'Sign in to continue.');
    return user;
  };
  const audit = (e: Omit<AuditEvent, 'actorId' | 'actorRole'>) => {
    const user = me();
    return auditEvent({ actorId: user.id, actorRole: user.role, ...e } as AuditEvent);
  };
  const readSettings = async (): Promise<Settings> => {
    const o = await need();
    const snapshot = await o.config.read();
    if (!snapshot) throw new IpcFailure('NO_PRACTICE', 'This practice is not set up yet.');
    const { practice, idleMinutes, unlockCodeAfterMinutes } = snapshot.data;
    return { practice, idleMinutes, unlockCodeAfterMinutes };
  };

  /** Several desks: the desk service, its refusals as IPC failures with their own codes. */
  const desk = async <T>(run: (d: DeskService) => Promise<T>): Promise<T> => {
    await need();
    if (!desks) throw UNAVAILABLE('Several desks are not available on this computer.');
    try {
      return await run(desks);
    } catch (error) {
      if (error instanceof DeskServiceError) throw new IpcFailure(error.code, error.message);
      throw error;
    }
  };

  const syncHandlers = (): ReturnType<SyncService['handlers']> => {
    if (!sync) throw UNAVAILABLE(session.state().problem ?? 'Gateway sync is not available.');
    return sync.handlers(() => me());
  };
  const handlers: AppHandlers = {
    'outbox.send': async (req, ctx) => (await ready, syncHandlers()['outbox.send'](req, ctx)),
    'outbox.list': async (req, ctx) => (await ready, syncHandlers()['outbox.list'](req, ctx)),
    'outbox.queueReminder': async (req, ctx) => (await ready, syncHandlers()['outbox.queueReminder'](req, ctx)),
    'outbox.sendOptInConfirmation': async (req, ctx) => (await ready, syncHandlers()['outbox.sendOptInConfirmation'](req, ctx)),
    'suppression.set': async (req, ctx) => (await ready, syncHandlers()['suppression.set'](req, ctx)),
    'outbox.queueCampaign': async (req, ctx) => (await ready, syncHandlers()['outbox.queueCampaign'](req, ctx)),
    'outbox.withdraw': async (req, ctx) => (await ready, syncHandlers()['outbox.withdraw'](req, ctx)),
    'training.advanceClock': async (req, ctx) => (await ready, syncHandlers()['training.advanceClock'](req, ctx)),
    'outbox.get': async (req, ctx) => (await ready, syncHandlers()['outbox.get'](req, ctx)),
    'outbox.cancel': async (req, ctx) => (await ready, syncHandlers()['outbox.cancel'](req, ctx)),
    'inbox.take': async (req, ctx) => (await ready, syncHandlers()['inbox.take'](req, ctx)),
    'inbox.ack': async (req, ctx) => (await ready, syncHandlers()['inbox.ack'](req, ctx)),
    'gateway.getSettings': async (req, ctx) => (await ready, syncHandlers()['gateway.getSettings'](req, ctx)),
    'gateway.updateSettings': async (req, ctx) => (await ready, syncHandlers()['gateway.updateSettings'](req, ctx)),
    'gateway.testConnection': async (req, ctx) => (await ready, syncHandlers()['gateway.testConnection'](req, ctx)),
    'gateway.recordBaa': async (req, ctx) => (await ready, syncHandlers()['gateway.recordBaa'](req, ctx)),
    'gateway.resumeSending': async (req, ctx) => (await ready, syncHandlers()['gateway.resumeSending'](req, ctx)),
    'training.getState': async (req, ctx) => (await ready, syncHandlers()['training.getState'](req, ctx)),
    'training.simulateInbound': async (req, ctx) => (await ready, syncHandlers()['training.simulateInbound'](req, ctx)),
    'training.setOutage': async (req, ctx) => (await ready, syncHandlers()['training.setOutage'](req, ctx)),
    'staff.directory': async () => ({
      staff: (await (await need()).accounts.listUsers()).map((u) => ({ id: u.id, fullName: u.fullName, role: u.role, active: !u.disabled })),
    }),
    'audit.recordMessageViews': async ({ messageIds }) => {
      await need();
      // One record per message on screen (R39); appends made together share one durable write.
      const unique = [...new Set(messageIds)];
      await Promise.all(unique.map((id) => audit({ action: 'message.view', objectType: 'message', objectId: id, outcome: 'success', detail: 'IN_THREAD' })));
      return { recorded: unique.length };
    },
    'audit.recordPhiOverride': async ({ conversationId, acknowledgementId, kinds }) => {
      await need();
      const detail = `ID_VERIFIED_${kinds.map((k) => k.toUpperCase().replace(/-/g, '_')).join('_')}`.slice(0, 48);
      // R16: the override and the acknowledgement it rests on, each as its own record.
      await audit({ action: 'message.phi-override', objectType: 'conversation', objectId: conversationId, outcome: 'success', detail });
      await audit({ action: 'message.phi-override-basis', objectType: 'consent-event', objectId: acknowledgementId, outcome: 'success', detail: 'SMS_RISK_ACKNOWLEDGED' });
      return { recorded: true };
    },
    'notifications.setUnread': ({ count }) => {
      notifier.setUnread(count);
      return { badge: notifier.badge() };
    },
    'app.getInfo': () => ({
      name: 'CareRelay',
      version: options.version,
      mode: gateway.current().kind === 'sandbox' ? 'training' : 'production',
      host: options.host,
      platform: options.platform,
    }),
    'app.openExternal': async ({ url }) => ({ opened: await options.openExternal(url) }), // eng-disable OPEN_EXTERNAL_JS_CHECK @preserve -- options.openExternal is openExternalSafely (https allowlist, SEC-EXT-01) or, in the browser host, always false
    'practiceDb.releaseKeys': async ({ clientPublicKey }) => {
      const o = await need();
      let release;
      try {
        const epoch = o.vault.keyEpoch();
        const olderWire = o.vault
          .knownEpochs()
          .filter((e) => e !== epoch)
          .map((e) => ({ epoch: e, sealKey: o.vault.wireSealKey(e), ivKey: o.vault.wireIvKey(e) }));
        const keys = { dbKey: o.vault.practiceDbKey(), indexKey: o.vault.blindIndexKey(), wireSealKey: o.vault.wireSealKey(epoch), wireIvKey: o.vault.wireIvKey(epoch), wireEpoch: epoch, olderWire };
        release = wrapKeysForRendererAndZero(clientPublicKey, keys);
      } catch {
        throw new IpcFailure('BAD_REQUEST', 'The screen sent a key CareRelay cannot use.');
      }
      await audit({ action: 'practice-db.key-release', objectType: 'device', objectId: 'this-desk', outcome: 'success' });
      return { ...release, keyId: o.vault.practiceKeyId() };
    },
    'desks.getStatus': () => desk(async (d) => ({ ...(await d.status()), ...senderAndEpoch() })),
    'desks.freshStartDone': () => desk(async (d) => (await d.freshStartDone(), { done: true as const })),
    'desks.configureServer': (req) =>
      desk(async (d) => {
        const result = { ...(await d.configureServer(req)), ...senderAndEpoch() };
        void senderLease?.check();
        void keyEpochs?.check().catch(() => undefined);
        await audit({ action: 'desks.configure-server', objectType: 'device', objectId: 'this-desk', outcome: 'success' });
        return result;
      }),
    'desks.request': ({ method, path: requestPath, body }) => desk((d) => d.request(method, requestPath, body)),
    'desks.startJoin': () =>
      desk(async (d) => {
        const started = await d.startJoin();
        await audit({ action: 'desks.join-requested', objectType: 'device', objectId: 'this-desk', outcome: 'success' });
        return started;
      }),
    'desks.pollJoin': () =>
      desk(async (d) => {
        const result = await d.pollJoin();
        if (result.state === 'refused') await audit({ action: 'desks.joined', objectType: 'device', objectId: 'this-desk', outcome: 'failure' });
        return result;
      }),
    'desks.confirmJoin': ({ practiceKeyId }) =>
      desk(async (d) => {
        const result = await d.confirmJoin(practiceKeyId);
        await audit({ action: 'desks.joined', objectType: 'device', objectId: 'this-desk', outcome: 'success' });
        return result;
      }),
    'desks.findRequest': ({ code }) => desk((d) => d.findRequest(code)),
    'desks.approve': ({ code, safetyNumber }) =>
      desk(async (d) => {
        await d.approve(code, safetyNumber);
        await audit({ action: 'desks.enrolled', objectType: 'device', objectId: `desk-${code.replace('-', '').toLowerCase()}`, outcome: 'success' });
        return { approved: true as const };
      }),
    'desks.list': () => desk(async (d) => ({ desks: await d.listDesks() })),
    'desks.remove': ({ username, serverAdmin }) =>
      desk(async (d) => {
        const user = me();
        const removed = await d.removeDesk(username, serverAdmin, user.fullName ?? user.username);
        // The account is disabled once removeDesk returns: audited even if the list could not be marked.
        await audit({ action: 'desks.removed', objectType: 'device', objectId: `desk-${username}`.slice(0, 64), outcome: 'success', ...(removed.listUpdated ? {} : { detail: 'LIST_NOT_UPDATED' }) });
        // The practice moves to a new key epoch at once (the keeper retries every few seconds if this fails).
        const before = keyEpochs?.state().lastRotation ?? null;
        await keyEpochs?.check().catch(() => undefined);
        const rotation = keyEpochs?.state().lastRotation ?? null;
        const changed = rotation !== null && rotation !== before;
        return { desk: removed.desk, keyEpoch: changed ? rotation.epoch : null, keyWaiting: changed ? [...rotation.waiting].slice(0, 50) : [] };
      }),
    'desks.checkKeyEpoch': async () => {
      await need();
      await keyEpochs?.check().catch(() => undefined);
      return { keyEpoch: keyEpochs?.state().epoch ?? 1, waitingForKeyEpoch: keyEpochs?.state().waitingForEpoch ?? null };
    },
    'practiceDb.reportPurge': async ({ cutoff, policyYears, messagesDeleted }) => {
      await need();
      await audit({ action: 'practice-db.purge', objectType: 'practice-db', objectId: 'messages', outcome: 'success', detail: `CUTOFF_${cutoff.slice(0, 10).replace(/-/g, "")}_Y${policyYears}_DELETED_${messagesDeleted}` });
      return { recorded: true };
    },
    'app.reportProblem': ({ scope, name, code }) => {
      options.onRendererProblem?.(scope, name, code);
      return { logged: options.onRendererProblem !== undefined };
    },
    'updates.getStatus': async () => {
      await ready;
      return updates?.status() ?? updatesOff(options.version);
    },
    'updates.checkNow': async () => {
      await need();
      if (!updates) throw UNAVAILABLE('Updates are not available.');
      return updates.checkNow();
    },
    'updates.setPaused': async ({ paused }) => {
      await need();
      if (!updates) throw UNAVAILABLE('Updates are not available.');
      const user = me();
      return updates.setPaused(paused, { id: user.id, role: user.role });
    },
    'updates.restartToUpdate': async () => {
      await need();
      const user = me();
      return { restarting: (await updates?.restartToUpdate({ id: user.id, role: user.role })) ?? false };
    },
    'app.getDiagnostics': () => {
      const g = gateway.current();
      const extra = { gateway: `${g.kind} ${g.state}`, queueDepth: g.queueDepth, session: session.state().state };
      return { text: options.bundle ? options.bundle(extra) : Object.entries(extra).map(([k, v]) => `${k}: ${v}`).join('\n') };
    },
    'gateway.getStatus': () => gateway.current(),
    'session.getState': async () => {
      await ready;
      return session.state();
    },
    'session.reportActivity': () => {
      session.activity();
      return { accepted: session.state().state === 'unlocked' };
    },
    'session.signIn': async (req) => (await need()).accounts.signIn(req),
    'session.completeEnrolment': async (req) => (await need()).accounts.completeEnrolment(req),
    'session.unlock': async (req) => (await need()).accounts.unlock(req),
    'session.lock': () => ({ locked: session.lock('manual') }),
    'session.signOut': async () => {
      const user = session.view().user;
      const done = session.signOut();
      if (done && user) await auditEvent({ actorId: user.id, actorRole: user.role, action: 'auth.sign-out', objectType: 'user', objectId: user.id, outcome: 'success' });
      return { signedOut: done };
    },
    'session.beginEmergency': async (req) => (await need()).accounts.beginEmergency(req),
    'setup.startEnrolment': async ({ username, fullName }) => (await need()).accounts.startSetupEnrolment(username, fullName),
    'setup.createPractice': async (req) => (await need()).accounts.createPractice(req),
    'settings.get': () => readSettings(),
    'settings.update': async (req) => {
      const o = await need();
      const { data: next } = await o.config.update((snapshot) => {
        if (!snapshot) throw new IpcFailure('NO_PRACTICE', 'This practice is not set up yet.');
        return {
          ...snapshot.data,
          practice: { ...snapshot.data.practice, ...(req.practice ?? {}) },
          idleMinutes: req.idleMinutes ?? snapshot.data.idleMinutes,
          unlockCodeAfterMinutes: req.unlockCodeAfterMinutes ?? snapshot.data.unlockCodeAfterMinutes,
          // Several desks: the later change to the shared settings wins (staff-merge.ts rule 6).
          editedAt: desks?.serverNow() ?? now().getTime(),
        } satisfies PracticeConfig;
      });
      applyConfig(next);
      void staffSync?.round().catch(() => undefined);
      await audit({ action: 'settings.change', objectType: 'settings', objectId: 'practice', outcome: 'success' });
      const { practice, idleMinutes, unlockCodeAfterMinutes } = next;
      return { practice, idleMinutes, unlockCodeAfterMinutes };
    },
    'users.list': async () => ({ users: await (await need()).accounts.listUsers() }),
    'users.create': async (req) => (await need()).accounts.createUser(req),
    'users.update': async (req) => (await need()).accounts.updateUser(req),
    'users.resetAccess': async (req) => (await need()).accounts.resetAccess(req),
    'audit.query': async (req) => {
      const o = await need();
      const query = auditQueryFromFilter(req);
      const mine = await o.audit.query(query);
      // Every desk: this desk's own trail, and the other desks' records from their shared chains.
      const others = req.scope === 'practice' && auditShare ? (await auditShare.verifyAll()).records.filter((r) => r.device !== deviceIdFor(o.vault.keyId) && matchesAuditQuery(r, query)) : [];
      const all = others.length ? [...mine, ...others].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.device < b.device ? -1 : 1)) : mine;
      const newestFirst = all.reverse();
      const page = newestFirst.slice(req.offset, req.offset + req.limit);
      return { records: page.map(toAuditView), total: newestFirst.length };
    },
    'audit.verify': async () => {
      const o = await need();
      const report = await o.audit.verify();
      await audit({ action: 'audit.verify', objectType: 'audit', objectId: 'trail', outcome: report.ok ? 'success' : 'failure' });
      return report.ok
        ? { ok: true, checked: report.records, problem: auditStartupProblem }
        : { ok: false, checked: report.verifiedRecords, problem: report.message };
    },
    'audit.verifyDesks': async () => {
      const o = await need();
      if (!auditShare) throw UNAVAILABLE('Several desks are not available on this computer.');
      const status = await desks?.status().catch(() => null);
      if (!status?.configured || !status.member) throw new IpcFailure('NOT_CONFIGURED', 'This desk is not part of a practice of several desks.');
      const { desks: reports } = await auditShare.verifyAll();
      const me = deviceIdFor(o.vault.keyId);
      await audit({ action: 'audit.verify', objectType: 'audit', objectId: 'practice', outcome: reports.every((d) => d.ok) ? 'success' : 'failure', detail: 'EVERY_DESK' });
      return { desks: reports.slice(0, 50).map((d) => ({ ...d, thisDesk: d.desk === me })) };
    },
    'audit.exportCsv': async (req) => {
      const o = await need();
      const records = await o.audit.query(auditQueryFromFilter(req));
      await audit({ action: 'audit.export', objectType: 'audit', objectId: 'trail', outcome: 'success' });
      const csv = auditRecordsToCsv(records);
      const stamp = now().toISOString().slice(0, 10);
      return { fileName: `carerelay-audit-${stamp}.csv`, csv, rows: records.length };
    },
    'audit.recordView': async ({ objectType, objectId, use }) => {
      await need();
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(objectId)) throw new IpcFailure('BAD_REQUEST', 'Record ids are opaque identifiers.');
      await audit({ action: `record.${use ?? 'view'}`, objectType, objectId, outcome: 'success' });
      return { recorded: true };
    },
    'device.wipe': async ({ password }) => {
      const o = await need();
      if (!(await o.accounts.verifyCurrentPassword(password))) {
        await audit({ action: 'device.wipe', objectType: 'device', objectId: 'this-desk', outcome: 'denied', detail: 'WRONG_PASSWORD' });
        throw new IpcFailure('INVALID_CREDENTIALS', 'That password is not right. Nothing was wiped.');
      }
      await audit({ action: 'device.wipe', objectType: 'device', objectId: 'this-desk', outcome: 'success' });
      updates?.stop();
      updates = null;
      const running = sync;
      sync = null;
      await running?.dispose().catch(() => undefined);
      await o.audit.close();
      auditRef = null;
      opened = null;
      await o.vault.wipe();
      session.setUnavailable('This computer was wiped: its key and local records are gone. Close CareRelay. To use it here again, set it up as a new computer.');
      return { wiped: true };
    },
  };

  const router = createIpcRouter({
    contract: channels,
    handlers,
    isTrustedSender: options.isTrustedSender,
    getSession: () => session.view(),
    onFailure: options.onFailure,
  });

  return {
    router,
    events,
    gateway,
    session,
    sync: () => sync,
    ready,
    async dispose() {
      await ready.catch(() => undefined);
      updates?.stop();
      await senderLease?.stop().catch(() => undefined);
      await staffSync?.stop().catch(() => undefined);
      await auditShare?.stop().catch(() => undefined);
      await keyEpochs?.stop().catch(() => undefined);
      await queueShare?.stop().catch(() => undefined);
      await handover?.stop().catch(() => undefined);
      senderLease = null;
      const running = sync;
      sync = null;
      await running?.dispose().catch(() => undefined);
      gateway.dispose();
      session.dispose();
      const current = opened;
      opened = null;
      auditRef = null;
      if (current) {
        await current.audit.close();
        current.vault.close();
      }
    },
  };
}
