/**
 * Keeps this desk's view of the sender lease (issue 12: one desk answers the gateway's keywords
 * and sends what only one desk may). The lease document lives in the practice server's
 * coordination database; CouchDB's revisions make taking and renewing it a compare-and-swap, so
 * two desks taking it at once cannot both succeed — the rules in
 * shared/replication/sender-lease.ts decide when to take, renew or wait. A desk not connected to
 * a server is its own sender. A desk that cannot reach the server keeps the lease only until it
 * expires, then stops (another desk takes over within one lease period); shutting down releases
 * it at once. Lease times are the server's (from its Date header), so a desk whose own clock is
 * wrong neither takes a live lease early nor keeps an expired one.
 */
import { decideLease, NO_LEASE, releaseLease, SENDER_LEASE_MS, type SenderLease } from '../../shared/replication/sender-lease';
import type { DeskService } from './desk-service';

const LEASE_DOC = 'sender-lease';

export interface SenderLeaseKeeper {
  /** True when this desk may act as the practice's one sender now. */
  isSender(): boolean;
  /** One round: read, then take, renew or wait. */
  check(): Promise<void>;
  start(): void;
  /** Stops checking; releases the lease when this desk holds it. */
  stop(): Promise<void>;
}

function parse(doc: Record<string, unknown> | undefined): SenderLease {
  if (!doc) return NO_LEASE;
  const holder = typeof doc.holder === 'string' ? doc.holder : '';
  const term = typeof doc.term === 'number' && Number.isInteger(doc.term) ? doc.term : 0;
  const expiresAt = typeof doc.expiresAt === 'number' ? doc.expiresAt : 0;
  return { holder, term, expiresAt };
}

export function createSenderLeaseKeeper(options: {
  desk: Pick<DeskService, 'status' | 'readControl' | 'writeControl'> & Partial<Pick<DeskService, 'serverNow'>>;
  deskId: string;
  now: () => number;
  leaseMs?: number;
  checkMs?: number;
  /** Whether the desk was connected to a server when it started: until the first round, only a lone desk is the sender. */
  connected?: boolean;
}): SenderLeaseKeeper {
  const leaseMs = options.leaseMs ?? SENDER_LEASE_MS;
  const checkMs = options.checkMs ?? Math.floor(leaseMs / 3);
  let standalone = options.connected !== true;
  let holding: SenderLease | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;

  const clock = () => options.desk.serverNow?.() ?? options.now();
  const isSender = () => standalone || (holding !== null && holding.expiresAt > clock());

  async function round(): Promise<void> {
    const status = await options.desk.status().catch(() => null);
    if (!status?.configured) {
      standalone = true;
      holding = null;
      return;
    }
    standalone = false;
    let current: { doc: Record<string, unknown>; rev: string } | null;
    try {
      current = await options.desk.readControl(LEASE_DOC);
    } catch {
      return; // unreachable: keep what we hold until it expires
    }
    const lease = parse(current?.doc);
    const decision = decideLease(lease, options.deskId, clock(), leaseMs);
    if (decision.action === 'wait') {
      holding = null;
      return;
    }
    const next = decision.action === 'take' ? decision.lease : decision.renew;
    if (!next) {
      holding = lease;
      return;
    }
    try {
      holding = (await options.desk.writeControl(LEASE_DOC, { ...next }, current?.rev ?? null)) ? next : null;
    } catch {
      // keep what we hold until it expires
    }
  }

  const check = () => {
    running ??= round().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    isSender,
    check,
    start() {
      if (timer) return;
      void check();
      timer = setInterval(() => void check(), checkMs);
      timer.unref?.();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      if (standalone || !holding) return;
      try {
        const current = await options.desk.readControl(LEASE_DOC);
        const lease = parse(current?.doc);
        if (lease.holder === options.deskId && current) await options.desk.writeControl(LEASE_DOC, { ...releaseLease(lease, options.deskId, clock()) }, current.rev);
      } catch {
        // it expires by itself
      }
      holding = null;
    },
  };
}
