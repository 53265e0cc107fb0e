/**
 * Keeps this desk on the practice's current key epoch (issue 12, revocation). Every round (10 s,
 * and at once when asked) a member desk:
 *   1. publishes its own P-256 public key, with its proof, in its entry of the desk list;
 *   2. takes up a newer epoch the practice announced (`keyepoch` in `<prefix>-control`), by
 *      opening the grant sealed to its key (`epochgrant-<epoch>-<server user>`);
 *   3. applies the rule **no removed desk holds the current epoch**: when a desk in the list is
 *      marked removed and was in the practice when the current epoch began (every desk, for
 *      epoch 1), it starts a new epoch: a fresh secret sealed to each remaining desk
 *      (epoch-grant.ts), announced by a compare-and-swap on `keyepoch`. Several desks noticing
 *      the same removal race on that write; one wins, the others take its epoch next round,
 *      and the rule then holds. The secret is kept in this desk's keychain only after the
 *      announcement won; its own grant is written too, so a crash in between loses nothing;
 *   4. otherwise, on the current epoch, makes sure every desk the announcement names has a grant
 *      that matches it (a desk that had not published its key when the epoch began, or a grant
 *      overwritten by a rotation that lost the race).
 * Removing a desk asks for a round at once, so the rotation follows the removal.
 */
import { randomBytes } from 'node:crypto';
import { DESK_USER_PATTERN } from '../../shared/ipc/channels/desks';
import { practiceKeyId } from '../vault/key-tree';
import type { Vault } from '../vault/vault';
import type { DeskService } from './desk-service';
import { announce, deskProof, EpochGrantError, epochGrantId, openEpochGrant, readAnnouncement, sealEpochGrant, verifyDeskProof, type EpochAnnouncement } from './epoch-grant';

export const KEY_EPOCH_DOC = 'keyepoch';
const CHECK_MS = 10_000;

export type EpochVault = Pick<Vault, 'keyEpoch' | 'epochKeyId' | 'epochSecretsForGrant' | 'adoptEpochs' | 'deskKeyPair' | 'practiceSecretForGrant' | 'legacyPractice'>;

export interface KeyEpochState {
  /** The epoch this desk seals under. */
  readonly epoch: number;
  /** The practice announced a later epoch whose grant this desk has not received yet (its key was not published then). */
  readonly waitingForEpoch: number | null;
  /** The last epoch this desk started, with whom it reached. */
  readonly lastRotation: RotationResult | null;
}

export interface RotationResult {
  readonly epoch: number;
  /** Desks sealed the new epoch at once. */
  readonly granted: readonly string[];
  /** Desks in the practice that had not published a key: any desk on the new epoch grants them once they do. */
  readonly waiting: readonly string[];
}

export interface KeyEpochKeeper {
  check(): Promise<void>;
  state(): KeyEpochState;
  start(): void;
  stop(): Promise<void>;
}

interface Entry {
  readonly username: string;
  readonly removed: boolean;
  readonly publicKey: string | null;
  readonly proof: unknown;
}

export function createKeyEpochKeeper(options: {
  desk: Pick<DeskService, 'status' | 'readControl' | 'writeControl' | 'listControl' | 'ownUser'>;
  vault: EpochVault;
  now: () => number;
  /** This desk took up epoch `epoch` (by grant or by rotating): the screens need its keys. */
  onAdopted?: (epoch: number, how: 'granted' | 'rotated') => void | Promise<void>;
  checkMs?: number;
}): KeyEpochKeeper {
  const { desk, vault } = options;
  let waitingForEpoch: number | null = null;
  let lastRotation: RotationResult | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<unknown> = Promise.resolve();

  /** One at a time: a rotation and a round never interleave. */
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = running.then(step, step);
    running = next.catch(() => undefined);
    return next;
  };

  async function entries(): Promise<Entry[]> {
    const rows = await desk.listControl('desk-', { limit: 200 });
    return rows
      .filter((r) => r.doc.type === 'desk' && typeof r.doc.username === 'string' && DESK_USER_PATTERN.test(r.doc.username) && r.id === `desk-${r.doc.username}`)
      .map((r) => ({
        username: r.doc.username as string,
        removed: typeof r.doc.removedAt === 'string',
        publicKey: typeof r.doc.publicKey === 'string' ? r.doc.publicKey : null,
        proof: r.doc.proof,
      }));
  }

  /** Writes (or rewrites) one desk's grant of the given epochs. */
  async function writeGrant(root: Buffer, secrets: { epoch: number; secret: Buffer }[], to: string, publicKey: string): Promise<void> {
    const epoch = secrets.at(-1)!.epoch;
    const doc = sealEpochGrant({ secrets, desk: to, deskPublicKey: publicKey, root });
    const current = await desk.readControl(epochGrantId(epoch, to));
    await desk.writeControl(epochGrantId(epoch, to), { ...doc }, current?.rev ?? null);
  }

  async function withKeys<T>(step: (root: Buffer, me: string, pair: { publicKey: Buffer; privateKey: Buffer }) => Promise<T>): Promise<T | null> {
    if (vault.legacyPractice) return null;
    const status = await desk.status();
    const me = await desk.ownUser();
    if (!status.configured || !status.member || !me) return null;
    const root = vault.practiceSecretForGrant();
    const pair = await vault.deskKeyPair();
    try {
      return await step(root, me, pair);
    } finally {
      root.fill(0);
      pair.privateKey.fill(0);
    }
  }

  async function publishOwnKey(root: Buffer, me: string, publicKey: string): Promise<void> {
    const entry = await desk.readControl(`desk-${me}`);
    if (!entry || typeof entry.doc.removedAt === 'string') return; // registered by the desk service; a removed desk publishes nothing
    if (entry.doc.publicKey === publicKey && verifyDeskProof(root, me, publicKey, entry.doc.proof)) return;
    const { _id: _i, _rev: _r, ...rest } = entry.doc;
    await desk.writeControl(`desk-${me}`, { ...rest, publicKey, proof: deskProof(root, me, publicKey) }, entry.rev);
  }

  async function adopt(root: Buffer, me: string, pair: { publicKey: Buffer; privateKey: Buffer }, announced: EpochAnnouncement): Promise<boolean> {
    const grant = await desk.readControl(epochGrantId(announced.epoch, me));
    if (!grant) return false;
    let secrets;
    try {
      secrets = openEpochGrant(grant.doc, { desk: me, publicKey: pair.publicKey, privateKey: pair.privateKey, root, epoch: announced.epoch, epochKeyId: announced.epochKeyId });
    } catch (error) {
      if (error instanceof EpochGrantError) return false; // not (yet) a grant that matches: another desk rewrites it
      throw error;
    }
    try {
      await vault.adoptEpochs(secrets);
    } finally {
      for (const s of secrets) s.secret.fill(0);
    }
    await options.onAdopted?.(announced.epoch, 'granted');
    return true;
  }

  /** Grants the current epoch to every desk the announcement names whose grant is missing or does not match. */
  async function catchUp(root: Buffer, me: string, announced: EpochAnnouncement): Promise<void> {
    const grants = new Map((await desk.listControl(`epochgrant-${announced.epoch}-`, { limit: 200 })).map((g) => [g.id, g.doc]));
    const missing = announced.recipients.filter((r) => r !== me && grants.get(epochGrantId(announced.epoch, r))?.epochKeyId !== announced.epochKeyId);
    if (missing.length === 0) return;
    const byUser = new Map((await entries()).map((e) => [e.username, e]));
    const secrets = vault.epochSecretsForGrant();
    try {
      for (const to of missing) {
        const e = byUser.get(to);
        if (!e || e.removed || !e.publicKey || !verifyDeskProof(root, to, e.publicKey, e.proof)) continue;
        await writeGrant(root, secrets, to, e.publicKey);
      }
    } finally {
      for (const s of secrets) s.secret.fill(0);
    }
  }

  /** Removed desks the current epoch was granted to (every desk in the list, before any rotation). */
  const shutOutNeeded = (list: readonly Entry[], announced: EpochAnnouncement | null): string[] =>
    list.filter((e) => e.removed && (!announced || announced.recipients.includes(e.username))).map((e) => e.username);

  async function rotate(root: Buffer, me: string, pair: { publicKey: Buffer }, list: readonly Entry[], current: { rev: string } | null, announced: EpochAnnouncement | null): Promise<RotationResult | null> {
    const epoch = Math.max(vault.keyEpoch(), announced?.epoch ?? 1) + 1;
    const fresh = { epoch, secret: randomBytes(32) };
    const secrets = [...vault.epochSecretsForGrant(), fresh];
    try {
      const removed = list.filter((e) => e.removed).map((e) => e.username).sort();
      const remaining = list.filter((e) => !e.removed);
      const recipients = [...new Set([me, ...remaining.map((e) => e.username)])].sort();
      const granted: string[] = [];
      const waiting: string[] = [];
      for (const to of recipients) {
        const e = remaining.find((x) => x.username === to);
        const publicKey = to === me ? pair.publicKey.toString('base64') : e?.publicKey;
        if (!publicKey || (to !== me && !verifyDeskProof(root, to, publicKey, e?.proof))) {
          waiting.push(to);
          continue;
        }
        await writeGrant(root, secrets, to, publicKey);
        if (to !== me) granted.push(to);
      }
      const announcement = announce(root, { epoch, epochKeyId: practiceKeyId(fresh.secret), rotatedAt: new Date(options.now()).toISOString(), removed, recipients });
      if (!(await desk.writeControl(KEY_EPOCH_DOC, { ...announcement }, current?.rev ?? null))) return null; // another desk rotated first
      await vault.adoptEpochs([fresh]);
      lastRotation = { epoch, granted, waiting };
      await options.onAdopted?.(epoch, 'rotated');
      return lastRotation;
    } finally {
      for (const s of secrets) s.secret.fill(0);
    }
  }

  async function round(): Promise<void> {
    await withKeys(async (root, me, pair) => {
      await publishOwnKey(root, me, pair.publicKey.toString('base64'));
      const current = await desk.readControl(KEY_EPOCH_DOC);
      const announced = readAnnouncement(root, current?.doc);
      if (announced && announced.epoch > vault.keyEpoch()) {
        waitingForEpoch = (await adopt(root, me, pair, announced)) ? null : announced.epoch;
        if (waitingForEpoch !== null) return;
      }
      waitingForEpoch = null;
      const onIt = announced ? announced.epoch === vault.keyEpoch() && vault.epochKeyId(announced.epoch) === announced.epochKeyId : vault.keyEpoch() === 1;
      if (!onIt) return; // an announcement this desk cannot follow (ahead of it without a grant, or not matching its keys)
      const list = await entries();
      if (list.find((e) => e.username === me)?.removed) return; // a removed desk changes nothing
      if (shutOutNeeded(list, announced).length > 0) await rotate(root, me, pair, list, current, announced);
      else if (announced) await catchUp(root, me, announced);
    });
  }

  return {
    check: () => serial(round),
    state: () => ({ epoch: vault.keyEpoch(), waitingForEpoch, lastRotation }),
    start() {
      if (timer) return;
      void serial(round).catch(() => undefined);
      timer = setInterval(() => void serial(round).catch(() => undefined), options.checkMs ?? CHECK_MS);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
