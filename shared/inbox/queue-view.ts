/**
 * Owns what the front desk's queue shows: which conversations a status view and the filter
 * chips (mine, unassigned, unread, needs attention, tasks) keep, in newest-activity order, each
 * person's unread count (a conversation's inbound messages beyond that person's read position),
 * and the counts on the chips. Needs attention: a failed delivery or a number not matched to a
 * patient. Tasks: a patient's reply left for staff (a reschedule request, a question, an
 * unclear answer to a reminder) not yet done. Pure: the renderer keeps the rows (plain workflow fields only, no PHI) in memory.
 */

export type StatusView = 'active' | 'open' | 'waiting' | 'closed' | 'all';
export type QueueFilter = 'mine' | 'unassigned' | 'unread' | 'attention' | 'tasks';

export const STATUS_VIEWS: readonly StatusView[] = ['active', 'open', 'waiting', 'closed', 'all'];
export const QUEUE_FILTERS: readonly QueueFilter[] = ['mine', 'unassigned', 'unread', 'attention', 'tasks'];

export interface QueueRow {
  readonly id: string;
  readonly patientId: string;
  readonly status: 'open' | 'waiting' | 'closed';
  readonly assignedTo: string;
  readonly claimedBy: string;
  readonly claimedAt: number;
  readonly inboundCount: number;
  readonly failedCount: number;
  /** invertTime(lastActivityAt): ascending is newest first. */
  readonly queueKey: number;
  readonly lastActivityAt: number;
}

export interface QueueViewer {
  readonly staffId: string;
  /** conversation id → the viewer's read position (inboundCount when last read). */
  readonly readPositions: ReadonlyMap<string, number>;
  /** Conversations holding an open staff task (shared by everyone, not per person). */
  readonly withTasks?: ReadonlySet<string>;
}

export function unreadFor(row: Pick<QueueRow, 'id' | 'inboundCount'>, viewer: QueueViewer): number {
  return Math.max(0, row.inboundCount - (viewer.readPositions.get(row.id) ?? 0));
}

export function needsAttention(row: Pick<QueueRow, 'failedCount' | 'patientId'>): boolean {
  return row.failedCount > 0 || row.patientId === '';
}

export function inStatusView(row: Pick<QueueRow, 'status'>, view: StatusView): boolean {
  switch (view) {
    case 'active':
      return row.status !== 'closed';
    case 'all':
      return true;
    default:
      return row.status === view;
  }
}

export function passesFilter(row: QueueRow, filter: QueueFilter, viewer: QueueViewer): boolean {
  switch (filter) {
    case 'mine':
      return row.assignedTo === viewer.staffId;
    case 'unassigned':
      return row.assignedTo === '';
    case 'unread':
      return unreadFor(row, viewer) > 0;
    case 'attention':
      return needsAttention(row);
    case 'tasks':
      return viewer.withTasks?.has(row.id) ?? false;
  }
}

export interface QueueSelection {
  readonly status: StatusView;
  readonly filters: ReadonlySet<QueueFilter>;
  /** When set, only these ids (a search), regardless of status and filters. */
  readonly only?: ReadonlySet<string> | null;
}

/** Newest first: rows must already be sorted by queueKey ascending. */
export function selectQueue(sorted: readonly QueueRow[], selection: QueueSelection, viewer: QueueViewer): string[] {
  const out: string[] = [];
  for (const row of sorted) {
    if (selection.only) {
      if (selection.only.has(row.id)) out.push(row.id);
      continue;
    }
    if (!inStatusView(row, selection.status)) continue;
    let keep = true;
    for (const f of selection.filters) if (!passesFilter(row, f, viewer)) keep = false;
    if (keep) out.push(row.id);
  }
  return out;
}

export type QueueCounts = Readonly<Record<QueueFilter | 'total', number>>;

/** For the chips: how many rows of the status view each filter keeps on its own. */
export function countQueue(rows: Iterable<QueueRow>, status: StatusView, viewer: QueueViewer): QueueCounts {
  const counts = { total: 0, mine: 0, unassigned: 0, unread: 0, attention: 0, tasks: 0 };
  for (const row of rows) {
    if (!inStatusView(row, status)) continue;
    counts.total++;
    for (const f of QUEUE_FILTERS) if (passesFilter(row, f, viewer)) counts[f]++;
  }
  return counts;
}

/** Keeps rows sorted by queueKey (then id) when one changes: returns a new array. */
export function upsertSorted(sorted: readonly QueueRow[], row: QueueRow): QueueRow[] {
  const without = sorted.filter((r) => r.id !== row.id);
  let lo = 0;
  let hi = without.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = without[mid]!;
    if (m.queueKey < row.queueKey || (m.queueKey === row.queueKey && m.id < row.id)) lo = mid + 1;
    else hi = mid;
  }
  without.splice(lo, 0, row);
  return without;
}

export function compareQueueRows(a: QueueRow, b: QueueRow): number {
  return a.queueKey - b.queueKey || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
