/**
 * Retention purge: an administrator previews how many messages are past the policy, then purges
 * them. Deleted documents keep no PHI (the storage seals nothing into tombstones and RxDB's
 * cleanup drops them), and each purge is reported to main's audit trail through
 * `practiceDb.reportPurge` (counts and cut-off only, no PHI). Conversations left without
 * messages are kept (they hold the claim and status history).
 */
import type { PracticeDb } from '../database/open-practice-db';
import { messageCutoff, type RetentionPolicy } from './retention-policy';

export interface PurgePreview {
  readonly cutoff: number;
  readonly messages: number;
  /** Oldest message's send time, or null when there are none past retention. */
  readonly oldest: number | null;
}

export async function previewPurge(db: PracticeDb, policy: RetentionPolicy, now = Date.now()): Promise<PurgePreview> {
  const cutoff = messageCutoff(policy, now);
  const messages = await db.collections.messages.count({ selector: { sentAt: { $lt: cutoff } } }).exec();
  const oldestDoc = messages > 0 ? await db.collections.messages.findOne({ selector: { sentAt: { $gte: 0 } }, sort: [{ sentAt: 'asc' }] }).exec() : null;
  return { cutoff, messages, oldest: oldestDoc ? oldestDoc.sentAt : null };
}

export interface PurgeReport {
  readonly cutoff: number;
  readonly messagesDeleted: number;
}

/** Reports a finished purge to main's audit trail; resolves false when main refused it. */
export type ReportPurge = (report: PurgeReport & { readonly policyYears: number }) => Promise<boolean>;

const BATCH = 1000;

export async function purgeMessages(db: PracticeDb, policy: RetentionPolicy, report: ReportPurge, now = Date.now()): Promise<PurgeReport> {
  const cutoff = messageCutoff(policy, now);
  let deleted = 0;
  for (;;) {
    const batch = await db.collections.messages.find({ selector: { sentAt: { $lt: cutoff } }, sort: [{ sentAt: 'asc' }], limit: BATCH }).exec();
    if (batch.length === 0) break;
    const result = await db.collections.messages.bulkRemove(batch.map((d) => d.id));
    deleted += batch.length - result.error.length;
    if (result.error.length === batch.length) break;
  }
  // Drop the tombstones now rather than at RxDB's next idle cleanup.
  await db.collections.messages.storageInstance.cleanup(0).catch(() => false);
  const summary = { cutoff, messagesDeleted: deleted };
  await report({ ...summary, policyYears: policy.messageYears });
  return summary;
}
