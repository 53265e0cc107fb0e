/**
 * Owns practice-wide staff accounts and settings (issue 12): every few seconds a member desk
 * reads the practice's staff documents from the server's coordination database, merges them with
 * its own encrypted stores by the written-down rules (shared/replication/staff-merge.ts), keeps
 * the result and sends back what the server lacks. So an account created at one desk signs in at
 * every desk, and one disabled (or reset) at one desk is signed out at every desk within a round.
 *
 * On the server each account is one document `staff-<user id>`, the practice settings
 * `staff-settings` and the emergency code `staff-emergency`; each holds only its id, a format
 * number and `sealed`: AES-256-GCM under the practice's staff key (HKDF of the practice secret,
 * which only enrolled desks hold), bound to the document id. A copy that does not open (changed
 * on the server, another practice's key) is refused and counted, never taken in. Only a desk
 * that is a member of the practice (holds its key) takes part; its CouchDB revisions make each
 * write a compare-and-swap, and a write that lost the race is merged again next round.
 */
import { accountsSchema, userRecordSchema, type AccountsDoc, type UserRecord } from '../accounts/account-store';
import type { EncryptedFileStore } from '../store/encrypted-file-store';
import { configSchema, type PracticeConfig } from '../settings/settings-store';
import { laterChange, mergeSettings, mergeStaff } from '../../shared/replication/staff-merge';
import { controlDocEpoch, openControlDoc, sealControlDoc } from './control-seal';
import type { DeskService } from './desk-service';
import { periodicRound } from './periodic-round';

export const STAFF_DOC_PREFIX = 'staff-';
const SETTINGS_ID = 'staff-settings';
const EMERGENCY_ID = 'staff-emergency';
export const STAFF_SYNC_MS = 5_000;

/** The settings every desk of a practice shares (device id and creation time stay per desk). */
const sharedSettingsSchema = configSchema.pick({ practice: true, idleMinutes: true, unlockCodeAfterMinutes: true, editedAt: true });
type SharedSettings = Pick<PracticeConfig, 'practice' | 'idleMinutes' | 'unlockCodeAfterMinutes' | 'editedAt'>;
const emergencySchema = accountsSchema.pick({ emergency: true, emergencyEditedAt: true });
type SharedEmergency = Pick<AccountsDoc, 'emergency' | 'emergencyEditedAt'>;

export interface StaffSyncReport {
  readonly ran: boolean;
  /** Accounts, settings or the emergency code this round took from the server. */
  readonly taken: number;
  readonly sent: number;
  /** Server copies that did not open or did not parse (by code only). */
  readonly refused: number;
}

export interface StaffSync {
  /** One round now (also after a local change to accounts or settings). */
  round(): Promise<StaffSyncReport>;
  start(): void;
  stop(): Promise<void>;
}

export interface StaffSyncOptions {
  readonly desk: Pick<DeskService, 'status' | 'listControl' | 'writeControl'>;
  readonly accounts: EncryptedFileStore<AccountsDoc>;
  readonly config: EncryptedFileStore<PracticeConfig>;
  /** The practice's staff key of a key epoch (vault.staffSealKey(epoch); default the current one; throws for an epoch not held); called per round, so a rotated key is picked up. */
  readonly key: (epoch?: number) => Uint8Array;
  /** The current key epoch: documents are written under it, and one under an older epoch is written again (re-sealed). Absent: 1. */
  readonly epoch?: () => number;
  /** Accounts changed by another desk: the session checks the person signed in here. */
  readonly onAccountsTaken?: (before: readonly UserRecord[], after: readonly UserRecord[]) => void;
  /** Settings changed by another desk (the idle lock and practice name apply at once). */
  readonly onSettingsTaken?: (config: PracticeConfig) => void;
  readonly onRefused?: (code: string) => void;
  readonly intervalMs?: number;
}

/** The key epoch a staff document says it is sealed under (-1: not a valid one). */
export const staffDocEpoch = controlDocEpoch;
export const sealStaffDoc = (key: Uint8Array, id: string, value: unknown, epoch = 1) => sealControlDoc('staff', key, id, value, epoch);
/** The plaintext of a staff document, or null when it does not open under this key and id. */
export const openStaffDoc = (key: Uint8Array, id: string, doc: Record<string, unknown>): unknown => openControlDoc('staff', key, id, doc);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sharedOf = (c: PracticeConfig): SharedSettings => ({ practice: c.practice, idleMinutes: c.idleMinutes, unlockCodeAfterMinutes: c.unlockCodeAfterMinutes, ...(c.editedAt !== undefined ? { editedAt: c.editedAt } : {}) });
const emergencyOf = (a: AccountsDoc): SharedEmergency => ({ emergency: a.emergency, ...(a.emergencyEditedAt !== undefined ? { emergencyEditedAt: a.emergencyEditedAt } : {}) });

export function createStaffSync(options: StaffSyncOptions): StaffSync {
  let running: Promise<StaffSyncReport> | null = null;
  let again = false;

  async function once(): Promise<StaffSyncReport> {
    const status = await options.desk.status().catch(() => null);
    if (!status?.configured || !status.member) return { ran: false, taken: 0, sent: 0, refused: 0 };
    const epoch = options.epoch?.() ?? 1;
    const key = options.key(epoch);
    const listed = await options.desk.listControl(STAFF_DOC_PREFIX);
    let refused = 0;
    const refuse = (code: string) => {
      refused += 1;
      options.onRefused?.(code);
    };
    const remote = new Map<string, { value: unknown; rev: string; epoch: number }>();
    /** Sealed under a later epoch this desk has not been granted yet: neither taken nor overwritten. */
    const ahead = new Set<string>();
    for (const row of listed) {
      const docEpoch = staffDocEpoch(row.doc);
      let docKey: Uint8Array | null = null;
      try {
        docKey = docEpoch === epoch ? key : docEpoch >= 1 ? options.key(docEpoch) : null;
      } catch {
        if (docEpoch > epoch) ahead.add(row.id);
      }
      if (ahead.has(row.id)) continue;
      const value = docKey ? openStaffDoc(docKey, row.id, row.doc) : null;
      if (value === null) refuse('STAFF_DOC_REFUSED');
      else remote.set(row.id, { value, rev: row.rev, epoch: docEpoch });
    }
    const remoteUsers: UserRecord[] = [];
    for (const [id, { value }] of remote) {
      if (!id.startsWith(`${STAFF_DOC_PREFIX}u-`)) continue;
      const parsed = userRecordSchema.safeParse(value);
      if (parsed.success && `${STAFF_DOC_PREFIX}${parsed.data.id}` === id) remoteUsers.push(parsed.data);
      else refuse('STAFF_DOC_INVALID');
    }
    const remoteSettings = remote.has(SETTINGS_ID) ? sharedSettingsSchema.safeParse(remote.get(SETTINGS_ID)!.value) : null;
    if (remoteSettings && !remoteSettings.success) refuse('STAFF_DOC_INVALID');
    const remoteEmergency = remote.has(EMERGENCY_ID) ? emergencySchema.safeParse(remote.get(EMERGENCY_ID)!.value) : null;
    if (remoteEmergency && !remoteEmergency.success) refuse('STAFF_DOC_INVALID');

    let taken = 0;
    // Accounts and the emergency code: merged into the store in one read-modify-write.
    let mergedUsers: UserRecord[] = [];
    let mergedEmergency: SharedEmergency | null = null;
    let before: UserRecord[] = [];
    const current = await options.accounts.read();
    if (current) {
      const next = (doc: AccountsDoc): AccountsDoc => {
        const users = mergeStaff(doc.users, remoteUsers);
        const emergency = remoteEmergency?.success ? laterChange(emergencyOf(doc), remoteEmergency.data as SharedEmergency, (e) => e.emergencyEditedAt) : emergencyOf(doc);
        return { ...doc, users, emergency: emergency.emergency, ...(emergency.emergencyEditedAt !== undefined ? { emergencyEditedAt: emergency.emergencyEditedAt } : {}) };
      };
      if (!same(next(current.data), current.data)) {
        const written = await options.accounts.update((snapshot) => {
          before = snapshot?.data.users ?? [];
          return next(snapshot!.data);
        });
        mergedUsers = written.data.users;
        mergedEmergency = emergencyOf(written.data);
        taken += mergedUsers.filter((u) => !same(u, before.find((b) => b.id === u.id))).length;
        if (!same(mergedEmergency, emergencyOf(current.data))) taken += 1;
        options.onAccountsTaken?.(before, mergedUsers);
      } else {
        mergedUsers = current.data.users;
        mergedEmergency = emergencyOf(current.data);
      }
    }
    // Settings.
    let mergedSettings: SharedSettings | null = null;
    const config = await options.config.read();
    if (config) {
      const mine = sharedOf(config.data);
      mergedSettings = remoteSettings?.success ? mergeSettings(mine, remoteSettings.data as SharedSettings) : mine;
      if (!same(mergedSettings, mine)) {
        const chosen = mergedSettings;
        const written = await options.config.update((snapshot) => ({ ...snapshot!.data, ...chosen }));
        taken += 1;
        options.onSettingsTaken?.(written.data);
      }
    }
    // What the server lacks or holds older.
    let sent = 0;
    const put = async (id: string, value: unknown) => {
      const there = remote.get(id);
      // Unchanged and under the current epoch: nothing to do. Under an older one: sealed again.
      if (ahead.has(id) || (there && same(there.value, value) && there.epoch === epoch)) return;
      const rev = there?.rev ?? (listed.find((r) => r.id === id)?.rev ?? null);
      if (await options.desk.writeControl(id, sealStaffDoc(key, id, value, epoch), rev)) sent += 1;
      else again = true; // another desk wrote first: merge again next round
    };
    for (const u of mergedUsers) await put(`${STAFF_DOC_PREFIX}${u.id}`, u);
    if (mergedEmergency) await put(EMERGENCY_ID, mergedEmergency);
    if (mergedSettings) await put(SETTINGS_ID, mergedSettings);
    return { ran: true, taken, sent, refused };
  }

  const round = (): Promise<StaffSyncReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let report = await once();
        // A write that lost the race, or a local change meanwhile: again, a few times at most.
        for (let i = 0; again && i < 3; i++) {
          again = false;
          report = await once();
        }
        return report;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    round,
    ...periodicRound(round, options.intervalMs ?? STAFF_SYNC_MS, () => running),
  };
}
