/**
 * Seals a document's PHI fields before it leaves the desk for the practice's CouchDB, and opens
 * them when it comes back (issue 12: only ciphertext leaves the desk). The fields the schema
 * marks `encrypted` (names, numbers, message text, notes…) are packed into one AES-256-GCM
 * ciphertext in the field `sealed`; everything else (ids, times, status enums, blind indexes) is
 * what the server sees, as the README lists.
 *
 * The additional data binds "carerelay/wire", the format version, the collection, the schema's
 * encrypted paths, the document id (a ciphertext moved to another record does not open) and every
 * other field the server sees in the clear (status, times, deletion, a consent event's action…),
 * so the server can read those but not change them: every collection is sealed, even one with no
 * PHI field, and a version without a valid seal is refused. It differs from the at-rest binding,
 * so wire and disk ciphertexts are never interchangeable.
 *
 * The IV is synthetic: the first 96 bits of HMAC-SHA256(ivKey, additional data ‖ plaintext). The
 * same record with the same content seals to the same bytes, so RxDB's replication can tell an
 * unchanged document from a changed one by comparing sealed forms (a random IV made every push
 * look like a conflict); different contents get different IVs (a repeat needs an HMAC
 * collision). What this reveals is only that one record's PHI did not change between two
 * revisions, which the revision history shows anyway.
 *
 * Key epochs: until a desk is removed everything is sealed under epoch 1, in format 1 (a version
 * byte, the IV, the ciphertext). After the practice rotates, new seals use the current epoch in
 * format 2 (version byte 2, the epoch as two bytes, the IV, the ciphertext; the epoch is also in
 * the additional data), and older epochs' keys are kept to open what was sealed before. A record
 * sealed under an epoch this desk does not hold yet is not refused as tampered: `open` throws
 * WireEpochUnknownError, and the replication waits for the key rather than skip the record.
 *
 * Opened forms are remembered (bounded) so the synchronous `isEqual` of a conflict handler can
 * compare a sealed version with a plain one.
 */
import { binaryStringToBytes, bytesToBinaryString } from '../crypto/binary-string';
import { PhiIntegrityError } from '../crypto/phi-errors';

export const SEALED_FIELD = 'sealed';
const FORMAT = 1;
const FORMAT_EPOCH = 2;
const IV_BYTES = 12;
const CACHE_LIMIT = 50_000;
const META = new Set(['_meta', '_rev', '_attachments']);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface WireKeys {
  /** AES-256-GCM, for sealing. */
  readonly sealKey: CryptoKey;
  /** HMAC-SHA256, for the synthetic IVs only. */
  readonly ivKey: CryptoKey;
}

/** Wire keys by key epoch; `current` seals, every one held opens. */
export interface WireKeyring {
  readonly current: number;
  readonly byEpoch: ReadonlyMap<number, WireKeys>;
}

/** A record sealed under a key epoch this desk has not been granted yet: wait, do not refuse. */
export class WireEpochUnknownError extends Error {
  override readonly name = 'WireEpochUnknownError';
  constructor(readonly epoch: number) {
    super('This record is sealed under a newer practice key this desk has not received yet.');
  }
}

type Doc = Record<string, unknown>;

export interface WireSealer {
  /** The document as the server may see it; a document already sealed passes unchanged. */
  seal(collection: string, paths: readonly string[], doc: Doc): Promise<Doc>;
  /**
   * The document as the desk keeps it; a version without a valid seal is refused
   * (PhiIntegrityError). `earlier`: encrypted-field lists of earlier schema versions, tried in
   * turn, so a record sealed by a desk not yet updated still opens.
   */
  open(collection: string, paths: readonly string[], doc: Doc, earlier?: readonly (readonly string[])[]): Promise<Doc>;
  /** The opened form of a sealed document if it was sealed or opened here lately; the plain document itself otherwise. */
  plainOf(doc: Doc): Doc | undefined;
  /** The epoch new seals use. */
  epoch(): number;
  /** Takes a newer key set (after the practice rotated): seals under its current epoch from now on. */
  setKeys(keys: WireKeyring): void;
}

/** The key epoch a sealed form was made under (null: not a sealed form CareRelay knows). */
export function sealedEpoch(sealed: unknown): number | null {
  if (typeof sealed !== 'string' || sealed.length < 4) return null;
  let head: Uint8Array;
  try {
    head = binaryStringToBytes(atob(sealed.slice(0, 4)));
  } catch {
    return null;
  }
  if (head[0] === FORMAT) return 1;
  if (head[0] === FORMAT_EPOCH && head.length >= 3) return (head[1]! << 8) | head[2]!;
  return null;
}

/** The clear fields a seal authenticates: all but the PHI, the seal itself and replication metadata; deletion as a boolean. */
function clearFields(paths: readonly string[], doc: Doc): string {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(doc).sort()) {
    if (paths.includes(k) || k === SEALED_FIELD || META.has(k) || k === '_deleted' || doc[k] === undefined) continue;
    out.push([k, doc[k]]);
  }
  out.push(['_deleted', doc._deleted === true]);
  return JSON.stringify(out);
}

/** Epoch 1 keeps format 1's binding; a later epoch is bound too. */
const aad = (collection: string, paths: readonly string[], id: string, clear: string, epoch: number) =>
  encoder.encode(
    `carerelay/wire\u0000${epoch === 1 ? FORMAT : `${FORMAT_EPOCH}\u0000e${epoch}`}\u0000${collection}\u0000${paths.join('\u0000')}\u0000\u0000${id}\u0000${clear}`,
  );

const toBase64 = (bytes: Uint8Array) => btoa(bytesToBinaryString(bytes));
const fromBase64 = (text: string) => binaryStringToBytes(atob(text));

const isRing = (keys: WireKeys | WireKeyring): keys is WireKeyring => 'byEpoch' in keys;

export function createWireSealer(keys: WireKeys | WireKeyring, primaryKey = 'id'): WireSealer {
  let ring: WireKeyring = isRing(keys) ? keys : { current: 1, byEpoch: new Map([[1, keys]]) };
  const opened = new Map<string, { values: Doc; clear: string; paths: readonly string[] }>();
  const remember = (sealed: string, values: Doc, clear: string, paths: readonly string[]) => {
    opened.set(sealed, { values, clear, paths });
    if (opened.size > CACHE_LIMIT) opened.delete(opened.keys().next().value!);
  };
  const split = (paths: readonly string[], doc: Doc) => {
    const values: Doc = {};
    const rest: Doc = {};
    for (const [k, v] of Object.entries(doc)) {
      if (paths.includes(k)) {
        if (v !== undefined) values[k] = v;
      } else rest[k] = v;
    }
    return { values, rest };
  };

  return {
    async seal(collection, paths, doc) {
      if (typeof doc[SEALED_FIELD] === 'string') return doc;
      const id = String(doc[primaryKey] ?? '');
      const { values, rest } = split(paths, doc);
      const sortedValues = Object.fromEntries(Object.keys(values).sort().map((k) => [k, values[k]]));
      const plain = encoder.encode(JSON.stringify(sortedValues));
      const epoch = ring.current;
      const keys = ring.byEpoch.get(epoch)!;
      const additional = aad(collection, paths, id, clearFields(paths, rest), epoch);
      const ivInput = new Uint8Array(additional.length + plain.length);
      ivInput.set(additional);
      ivInput.set(plain, additional.length);
      const iv = new Uint8Array(await crypto.subtle.sign('HMAC', keys.ivKey, ivInput)).slice(0, IV_BYTES);
      const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additional }, keys.sealKey, plain));
      const head = epoch === 1 ? 1 : 3;
      const out = new Uint8Array(head + IV_BYTES + ct.length);
      if (epoch === 1) out[0] = FORMAT;
      else out.set([FORMAT_EPOCH, epoch >> 8, epoch & 0xff]);
      out.set(iv, head);
      out.set(ct, head + IV_BYTES);
      const sealed = toBase64(out);
      remember(sealed, sortedValues, clearFields(paths, rest), paths);
      return { ...rest, [SEALED_FIELD]: sealed };
    },

    async open(collection, paths, doc, earlier) {
      const sealed = doc[SEALED_FIELD];
      const id = String(doc[primaryKey] ?? '');
      if (sealed === undefined) throw new PhiIntegrityError(collection, id, 'the replicated record carries no seal');
      const { [SEALED_FIELD]: _drop, ...rest } = doc;
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        if (typeof sealed !== 'string') throw new Error('not a string');
        bytes = fromBase64(sealed);
      } catch {
        throw new PhiIntegrityError(collection, id, 'the replicated ciphertext is not in CareRelay’s format');
      }
      const head = bytes[0] === FORMAT ? 1 : bytes[0] === FORMAT_EPOCH ? 3 : 0;
      if (head === 0 || bytes.length < head + IV_BYTES + 16) throw new PhiIntegrityError(collection, id, 'the replicated ciphertext is truncated or of an unknown version');
      const epoch = head === 1 ? 1 : (bytes[1]! << 8) | bytes[2]!;
      if (epoch < 1 || (head === 3 && epoch === 1)) throw new PhiIntegrityError(collection, id, 'the replicated ciphertext is truncated or of an unknown version');
      const keys = ring.byEpoch.get(epoch);
      if (!keys) throw new WireEpochUnknownError(epoch);
      let plain: ArrayBuffer | null = null;
      for (const list of [paths, ...(earlier ?? [])]) {
        try {
          plain = await crypto.subtle.decrypt(
            { name: 'AES-GCM', iv: bytes.subarray(head, head + IV_BYTES), additionalData: aad(collection, list, id, clearFields(list, rest), epoch) },
            keys.sealKey,
            bytes.subarray(head + IV_BYTES),
          );
          paths = list;
          break;
        } catch {
          // the next list, or refused below
        }
      }
      if (!plain) throw new PhiIntegrityError(collection, id, 'the replicated ciphertext does not authenticate for this record and key');
      const values: unknown = JSON.parse(decoder.decode(plain));
      if (typeof values !== 'object' || values === null || Array.isArray(values) || Object.keys(values).some((k) => !paths.includes(k))) {
        throw new PhiIntegrityError(collection, id, 'the replicated fields do not match the record');
      }
      remember(sealed as string, values as Doc, clearFields(paths, rest), paths);
      return { ...rest, ...(values as Doc) };
    },

    epoch: () => ring.current,

    setKeys(next) {
      if (!next.byEpoch.has(next.current) || next.current < ring.current) return;
      ring = next;
    },

    plainOf(doc) {
      const sealed = doc[SEALED_FIELD];
      if (sealed === undefined) return doc;
      const known = typeof sealed === 'string' ? opened.get(sealed) : undefined;
      if (!known) return undefined;
      const { [SEALED_FIELD]: _drop, ...rest } = doc;
      // Only for the very clear fields the seal covered (anything else would not open).
      if (clearFields(known.paths, rest) !== known.clear) return undefined;
      return { ...rest, ...known.values };
    },
  };
}

/** The fields two versions are compared on: everything but replication metadata, in a fixed order. */
export function comparableContent(doc: Doc): string {
  return JSON.stringify(
    Object.keys(doc)
      .filter((k) => !META.has(k) && doc[k] !== undefined)
      .sort()
      .map((k) => [k, doc[k]]),
  );
}
