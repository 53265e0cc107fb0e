/**
 * The front desk's queue in memory for one signed-in person: every conversation's workflow
 * fields (status, assignment, claim, counts, order; no PHI) read once with one plain read, then
 * kept current from the collection's changes; the person's read positions and which
 * conversations hold their draft; which conversations hold an open staff task; and a small cache of the decrypted details (number, preview)
 * of the rows on screen. Filtering, counting and ordering are the pure rules in
 * shared/inbox/queue-view.ts, so switching a filter never touches the database. Dropped at lock.
 */
import type { Subscription } from 'rxjs';
import { compareQueueRows, upsertSorted, type QueueRow, type QueueViewer } from '../../../shared/inbox/queue-view';
import type { PracticeDb } from '../database/open-practice-db';
import { getConversations } from '../repositories/conversations';
import { observeStaffStates } from '../repositories/staff-state';
import { observeOpenTasks } from '../repositories/tasks';
import type { ConversationDoc } from '../schema';
import { readPlainRows } from '../storage/dexie-plain-read';

export interface RowDetails {
  readonly phone: string | null;
  readonly preview: string;
  readonly updatedAt: number;
}

export interface QueueSnapshot {
  readonly version: number;
  readonly loaded: boolean;
  /** Newest first. */
  readonly rows: readonly QueueRow[];
  readonly viewer: QueueViewer;
  /** Conversations holding this person's unsent draft. */
  readonly drafts: ReadonlySet<string>;
}

const toRow = (d: Partial<ConversationDoc>): QueueRow => ({
  id: d.id ?? '',
  patientId: d.patientId ?? '',
  status: d.status ?? 'open',
  assignedTo: d.assignedTo ?? '',
  claimedBy: d.claimedBy ?? '',
  claimedAt: d.claimedAt ?? 0,
  inboundCount: d.inboundCount ?? 0,
  failedCount: d.failedCount ?? 0,
  queueKey: d.queueKey ?? 0,
  lastActivityAt: d.lastActivityAt ?? 0,
});

const DETAIL_CACHE = 2_000;

export class QueueStore {
  private snapshot: QueueSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly detailListeners = new Set<() => void>();
  private detailVersion = 0;
  private readonly details = new Map<string, RowDetails>();
  private readonly loadingDetails = new Set<string>();
  private subscriptions: Subscription[] = [];
  private stopped = false;
  readonly ready: Promise<void>;

  constructor(
    private readonly db: PracticeDb,
    readonly staffId: string,
  ) {
    this.snapshot = { version: 0, loaded: false, rows: [], viewer: { staffId, readPositions: new Map() }, drafts: new Set() };
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    // Follow changes first, so nothing written during the read is missed (upserts are idempotent).
    const pending: ConversationDoc[] = [];
    let loaded = false;
    this.subscriptions.push(
      this.db.collections.conversations.$.subscribe((event) => {
        if (event.operation === 'DELETE') {
          if (loaded) this.remove(event.documentId);
          return;
        }
        const doc = event.documentData as ConversationDoc;
        this.rememberDetails(doc);
        if (loaded) this.upsert(doc);
        else pending.push(doc);
      }),
      observeStaffStates(this.db, this.staffId).subscribe((states) => {
        const readPositions = new Map<string, number>();
        const drafts = new Set<string>();
        for (const s of states) {
          if (s.readInboundCount > 0) readPositions.set(s.conversationId, s.readInboundCount);
          if (s.draft) drafts.add(s.conversationId);
        }
        this.publish({ viewer: { ...this.snapshot.viewer, staffId: this.staffId, readPositions }, drafts });
      }),
      observeOpenTasks(this.db).subscribe((tasks) => {
        this.publish({ viewer: { ...this.snapshot.viewer, withTasks: new Set(tasks.map((t) => t.conversationId)) } });
      }),
    );
    const plain = await readPlainRows(this.db.collections.conversations);
    if (this.stopped) return;
    const byId = new Map(plain.map((d) => [d.id!, toRow(d)]));
    for (const doc of pending) byId.set(doc.id, toRow(doc));
    loaded = true;
    this.publish({ rows: [...byId.values()].sort(compareQueueRows), loaded: true });
  }

  private publish(change: Partial<Omit<QueueSnapshot, 'version'>>): void {
    this.snapshot = { ...this.snapshot, ...change, version: this.snapshot.version + 1 };
    for (const listener of this.listeners) listener();
  }

  private upsert(doc: ConversationDoc): void {
    this.publish({ rows: upsertSorted(this.snapshot.rows, toRow(doc)) });
  }

  private remove(id: string): void {
    this.details.delete(id);
    this.publish({ rows: this.snapshot.rows.filter((r) => r.id !== id) });
  }

  private rememberDetails(doc: ConversationDoc): void {
    this.details.delete(doc.id);
    this.details.set(doc.id, { phone: doc.phone ?? null, preview: doc.lastMessagePreview ?? '', updatedAt: doc.updatedAt });
    if (this.details.size > DETAIL_CACHE) this.details.delete(this.details.keys().next().value!);
  }

  getSnapshot = (): QueueSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes when decrypted details (number, preview) were read for rows on screen. */
  getDetailVersion = (): number => this.detailVersion;

  subscribeDetails = (listener: () => void): (() => void) => {
    this.detailListeners.add(listener);
    return () => this.detailListeners.delete(listener);
  };

  row(id: string): QueueRow | undefined {
    return this.snapshot.rows.find((r) => r.id === id);
  }

  /** The decrypted number and preview of a row, if read already. */
  detailsOf(id: string): RowDetails | undefined {
    return this.details.get(id);
  }

  /** Reads and decrypts the details of these rows (the ones on screen) if not cached. */
  async loadDetails(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.details.has(id) && !this.loadingDetails.has(id));
    if (missing.length === 0 || this.stopped) return;
    for (const id of missing) this.loadingDetails.add(id);
    try {
      const docs = await getConversations(this.db, missing);
      if (this.stopped) return;
      for (const doc of docs.values()) this.rememberDetails(doc as ConversationDoc);
      // Only the rows showing details need to know: the queue's snapshot is unchanged.
      this.detailVersion++;
      for (const listener of this.detailListeners) listener();
    } finally {
      for (const id of missing) this.loadingDetails.delete(id);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    this.details.clear();
    this.listeners.clear();
    this.detailListeners.clear();
  }
}
