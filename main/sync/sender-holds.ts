/**
 * Owns the durable sending holds of R28, kept in an encrypted store beside the outbox (one per
 * mode folder): the automated-send halt after 30034/30032 (the practice number is not
 * registered), which survives restarts until an administrator resumes, and each number's run of
 * permanent carrier failures, which suspends automated sends to it after
 * `SUSPEND_AFTER_FAILURES` in a row until a delivery or an administrator clears it. Numbers are
 * kept only while they have failures; the meaning of codes lives in shared/sync/number-suspension.
 * Also R19: a number whose reply said "wrong number" is held — nothing is sent to it — until
 * staff review the reply (confirm: it becomes an opt-out; dismiss: the hold is lifted).
 */
import { HEALTHY, nextNumberHealth, type NumberEvent, type NumberHealth } from '../../shared/sync/number-suspension';
import { createEncryptedFileStore } from '../store/encrypted-file-store';

export interface AutomatedHalt {
  readonly code: number;
  readonly since: string;
}

interface Doc {
  automatedHalt: AutomatedHalt | null;
  numbers: Record<string, NumberHealth>;
  /** R19: numbers held pending a wrong-number review, with when. */
  reviews: Record<string, string>;
}

export interface SenderHolds {
  automatedHalt(): AutomatedHalt | null;
  /** True when this call started the halt (it was not halted already). */
  haltAutomated(code: number, at: string): Promise<boolean>;
  /** True when a halt was lifted. */
  resumeAutomated(): Promise<boolean>;
  health(number: string): NumberHealth;
  isSuspended(number: string): boolean;
  /** Applies an event to the number; `suspended` is true when this event suspended it. */
  record(number: string, event: NumberEvent): Promise<{ readonly health: NumberHealth; readonly suspended: boolean }>;
  suspendedCount(): number;
  /** R19: true when this call started the hold. */
  holdForReview(number: string, at: string): Promise<boolean>;
  /** True when a hold was lifted. */
  releaseReview(number: string): Promise<boolean>;
  underReview(number: string): boolean;
}

export async function openSenderHolds(options: { dir: string; key: Uint8Array; keyId: string }): Promise<SenderHolds> {
  const store = createEncryptedFileStore<Doc>({
    dir: options.dir,
    name: 'sender-holds',
    key: options.key,
    keyId: options.keyId,
    parse: (d) => {
      const doc = d as Doc;
      if (!doc || typeof doc.numbers !== 'object' || doc.numbers === null) throw new Error('bad sender holds');
      return { automatedHalt: doc.automatedHalt ?? null, numbers: doc.numbers, reviews: doc.reviews ?? {} };
    },
  });
  let doc: Doc = (await store.read())?.data ?? { automatedHalt: null, numbers: {}, reviews: {} };
  let queue: Promise<unknown> = Promise.resolve();
  /** Serialised read-modify-write; `change` returns null when nothing changes (no write). */
  const mutate = <R>(change: (current: Doc) => { next: Doc | null; result: R }): Promise<R> => {
    const op = queue.then(async () => {
      const { next, result } = change(doc);
      if (next) {
        await store.write(next);
        doc = next;
      }
      return result;
    });
    queue = op.catch(() => undefined);
    return op;
  };

  return {
    automatedHalt: () => doc.automatedHalt,
    haltAutomated: (code, at) => mutate((cur) => (cur.automatedHalt ? { next: null, result: false } : { next: { ...cur, automatedHalt: { code, since: at } }, result: true })),
    resumeAutomated: () => mutate((cur) => (cur.automatedHalt ? { next: { ...cur, automatedHalt: null }, result: true } : { next: null, result: false })),
    health: (n) => doc.numbers[n] ?? HEALTHY,
    isSuspended: (n) => (doc.numbers[n]?.suspendedSince ?? null) !== null,
    record: (n, event) =>
      mutate((cur) => {
        const before = cur.numbers[n] ?? HEALTHY;
        const after = nextNumberHealth(before, event);
        if (after === before) return { next: null, result: { health: before, suspended: false } };
        const numbers = { ...cur.numbers };
        if (after.consecutiveFailures === 0 && after.suspendedSince === null) delete numbers[n];
        else numbers[n] = after;
        return { next: { ...cur, numbers }, result: { health: after, suspended: before.suspendedSince === null && after.suspendedSince !== null } };
      }),
    suspendedCount: () => Object.values(doc.numbers).filter((h) => h.suspendedSince !== null).length,
    holdForReview: (n, at) => mutate((cur) => (cur.reviews[n] ? { next: null, result: false } : { next: { ...cur, reviews: { ...cur.reviews, [n]: at } }, result: true })),
    releaseReview: (n) =>
      mutate((cur) => {
        if (!cur.reviews[n]) return { next: null, result: false };
        const reviews = { ...cur.reviews };
        delete reviews[n];
        return { next: { ...cur, reviews }, result: true };
      }),
    underReview: (n) => doc.reviews[n] !== undefined,
  };
}

/** Holds kept only in memory (engine tests and benches that do not exercise persistence). */
export function createMemorySenderHolds(): SenderHolds {
  let halt: AutomatedHalt | null = null;
  const numbers = new Map<string, NumberHealth>();
  const reviews = new Set<string>();
  return {
    automatedHalt: () => halt,
    async haltAutomated(code, at) {
      if (halt) return false;
      halt = { code, since: at };
      return true;
    },
    async resumeAutomated() {
      const was = halt !== null;
      halt = null;
      return was;
    },
    health: (n) => numbers.get(n) ?? HEALTHY,
    isSuspended: (n) => (numbers.get(n)?.suspendedSince ?? null) !== null,
    async record(n, event) {
      const before = numbers.get(n) ?? HEALTHY;
      const after = nextNumberHealth(before, event);
      numbers.set(n, after);
      return { health: after, suspended: before.suspendedSince === null && after.suspendedSince !== null };
    },
    suspendedCount: () => [...numbers.values()].filter((h) => h.suspendedSince !== null).length,
    async holdForReview(n) {
      if (reviews.has(n)) return false;
      reviews.add(n);
      return true;
    },
    releaseReview: async (n) => reviews.delete(n),
    underReview: (n) => reviews.has(n),
  };
}
