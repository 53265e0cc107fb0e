/**
 * What this desk's replication is doing, for the Desks settings: whether it runs, when it last
 * sent or received, and its recent refusals by code (never a document). Written by
 * desk-replication.ts, read by the screens; kept apart so reading it loads no replication code.
 */
export interface ReplicationStatus {
  readonly running: boolean;
  /** Caught up with the server once since replication started (a new desk has the practice's records). */
  readonly caughtUp: boolean;
  readonly lastActivityAt: number | null;
  /** Records a new desk's first load has taken in so far. */
  readonly loaded: number;
  /** Recent problems, newest last, as "<collection>: <code>". */
  readonly problems: readonly string[];
}

let current: ReplicationStatus = { running: false, caughtUp: false, lastActivityAt: null, loaded: 0, problems: [] };
const listeners = new Set<() => void>();

export function replicationStatus(): ReplicationStatus {
  return current;
}

export function setReplicationStatus(change: Partial<ReplicationStatus>): void {
  current = { ...current, ...change };
  for (const l of listeners) l();
}

export function subscribeReplicationStatus(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
