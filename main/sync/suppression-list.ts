/**
 * Owns the suppression list: numbers that must not be texted (R21–R24, R27, R28), kept in an
 * encrypted store under the main-stores key. Main adds a number itself when an inbound
 * STOP-family keyword arrives (even while the screens are locked) or the gateway answers 21610,
 * and removes it only on an inbound START-family keyword from that number. The consent ledger
 * (a later capability) will add staff-recorded revocations through the same `add`.
 */
import { createEncryptedFileStore } from '../store/encrypted-file-store';

export interface Suppression {
  readonly since: string;
  readonly source: 'inbound-keyword' | 'gateway-stop-list' | 'staff';
  /** The keyword as the patient sent it ("STOP", "PARAR"), for the refusal staff read. */
  readonly keyword?: string;
}

interface Doc {
  numbers: Record<string, Suppression>;
}

export interface SuppressionList {
  get(number: string): Suppression | null;
  /** True when newly added. */
  add(number: string, suppression: Suppression): Promise<boolean>;
  /** True when it was suppressed. */
  remove(number: string): Promise<boolean>;
  count(): number;
}

export async function openSuppressionList(options: { dir: string; key: Uint8Array; keyId: string }): Promise<SuppressionList> {
  const store = createEncryptedFileStore<Doc>({
    dir: options.dir,
    name: 'suppression-list',
    key: options.key,
    keyId: options.keyId,
    parse: (d) => {
      const doc = d as Doc;
      if (!doc || typeof doc.numbers !== 'object') throw new Error('bad suppression list');
      return doc;
    },
  });
  const snap = await store.read();
  let numbers: Record<string, Suppression> = { ...(snap?.data.numbers ?? {}) };
  let queue: Promise<unknown> = Promise.resolve();
  /** Serialised read-modify-write: each change sees the previous one. */
  const mutate = (change: (current: Record<string, Suppression>) => Record<string, Suppression> | null): Promise<boolean> => {
    const op = queue.then(async () => {
      const next = change(numbers);
      if (!next) return false;
      await store.write({ numbers: next });
      numbers = next;
      return true;
    });
    queue = op.catch(() => undefined);
    return op;
  };
  return {
    get: (n) => numbers[n] ?? null,
    add: (n, s) => mutate((cur) => (cur[n] ? null : { ...cur, [n]: s })),
    remove: (n) =>
      mutate((cur) => {
        if (!cur[n]) return null;
        const next = { ...cur };
        delete next[n];
        return next;
      }),
    count: () => Object.keys(numbers).length,
  };
}
