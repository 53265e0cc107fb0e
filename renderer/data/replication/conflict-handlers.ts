/**
 * The practice database's conflict handlers for CouchDB replication between desks (issue 12):
 * RxDB calls `isEqual` to tell an update from a conflict and `resolve` to merge a desk's version
 * with the server's, per collection, by the written-down rules in
 * shared/replication/merge-rules.ts.
 *
 * RxDB hands them the server's version as the server holds it (PHI sealed, wire-seal.ts) next to
 * the desk's plain one. `isEqual` compares opened forms (the sealer remembers what it sealed and
 * opened; a sealed version it cannot open synchronously counts as different, which only costs a
 * merge); `resolve` opens both, merges, and returns the plain document the desk keeps — never
 * ciphertext into the local database, never plaintext to the server. A deletion (a retention
 * purge, a removed record) wins over an edit.
 *
 * Patients merge field by field, the later edit of each field winning and every replaced value
 * kept in the record's edit history (shared/replication/patient-merge.ts).
 */
import type { RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import { mergeConsentEvent, mergeConversation, mergeMessage, mergeStaffState, mergeTask } from '../../../shared/replication/merge-rules';
import { mergePatientRecords } from '../../../shared/replication/patient-merge';
import { practiceSchemas, type CollectionName, type PracticeDocTypes } from '../schema';
import { PATIENT_PHI } from '../schema/patients';
import { comparableContent, SEALED_FIELD, type WireSealer } from './wire-seal';

type Handlers = { readonly [K in CollectionName]: RxConflictHandler<PracticeDocTypes[K]> };
type Doc = Record<string, unknown>;

/** The PHI paths a collection seals (its schema's `encrypted` list). */
export const sealedPaths = (collection: CollectionName): readonly string[] => (practiceSchemas[collection].encrypted as string[] | undefined) ?? [];

/**
 * Encrypted-field lists of earlier schema versions. Desks update one by one, so records sealed
 * under an earlier list are still on the server and still arrive: they open with it. A record
 * that has nothing in the newer fields is sealed with the earlier list, so a desk not yet
 * updated still opens it (patients: `editHistory` came with v2 and is absent until a merge).
 */
const EARLIER_SEALED_PATHS: Partial<Record<CollectionName, readonly (readonly string[])[]>> = {
  patients: [PATIENT_PHI.filter((p) => p !== 'editHistory')],
};

export const earlierSealedPaths = (collection: CollectionName): readonly (readonly string[])[] => EARLIER_SEALED_PATHS[collection] ?? [];

/** The list a record is sealed with: the earliest one that covers every PHI field it has. */
export function sealPathsFor(collection: CollectionName, doc: Doc): readonly string[] {
  const current = sealedPaths(collection);
  for (const list of [...earlierSealedPaths(collection)].reverse()) {
    if (current.every((p) => list.includes(p) || doc[p] === undefined)) return list;
  }
  return current;
}

function handler<T>(
  collection: CollectionName,
  merge: (a: WithDeleted<T>, b: WithDeleted<T>, ancestor: WithDeleted<T> | null) => WithDeleted<T>,
  sealer: WireSealer | null,
  onRefused?: (collection: CollectionName) => void,
): RxConflictHandler<T> {
  const paths = sealedPaths(collection);
  const plain = (doc: WithDeleted<T>) => (sealer ? sealer.plainOf(doc as Doc) : (doc as Doc));
  // Sealed: a version as the server holds it; plain: the desk's own, or one the pull already opened.
  const open = async (doc: WithDeleted<T>) =>
    sealer && typeof (doc as Doc)[SEALED_FIELD] === 'string' ? ((await sealer.open(collection, paths, doc as Doc, earlierSealedPaths(collection))) as WithDeleted<T>) : doc;
  return {
    isEqual: (a, b) => {
      const pa = plain(a);
      const pb = plain(b);
      if (pa && pb) return comparableContent(pa) === comparableContent(pb);
      return comparableContent(a as Doc) === comparableContent(b as Doc);
    },
    resolve: async ({ newDocumentState, realMasterState, assumedMasterState }) => {
      const mine = await open(newDocumentState);
      let theirs: WithDeleted<T>;
      try {
        theirs = await open(realMasterState);
      } catch {
        // The server's version does not open (changed there, or sealed under another key): keep
        // this desk's, which the next push puts back; never take it in, never stop replicating.
        onRefused?.(collection);
        return mine;
      }
      if (mine._deleted || theirs._deleted) return mine._deleted ? mine : theirs;
      // The version both started from, when RxDB knows it (a patient merge uses it to tell an edit from an unchanged value).
      const ancestor = assumedMasterState ? await open(assumedMasterState).catch(() => null) : null;
      return merge(mine, theirs, ancestor);
    },
  };
}

const byUpdatedAt = <T extends { updatedAt: number }>(a: WithDeleted<T>, b: WithDeleted<T>): WithDeleted<T> =>
  a.updatedAt !== b.updatedAt ? (a.updatedAt > b.updatedAt ? a : b) : comparableContent(a as Doc) <= comparableContent(b as Doc) ? a : b;

export function practiceConflictHandlers(now: () => number = Date.now, sealer: WireSealer | null = null, onRefused?: (collection: CollectionName) => void): Handlers {
  return {
    messages: handler('messages', (a, b) => mergeMessage(a, b), sealer, onRefused),
    conversations: handler('conversations', (a, b) => mergeConversation(a, b, now()), sealer, onRefused),
    staff_state: handler('staff_state', (a, b) => mergeStaffState(a, b), sealer, onRefused),
    tasks: handler('tasks', (a, b) => mergeTask(a, b), sealer, onRefused),
    consent_events: handler('consent_events', (a, b) => mergeConsentEvent(a, b), sealer, onRefused),
    patients: handler('patients', (a, b, ancestor) => mergePatientRecords(a as unknown as Doc, b as unknown as Doc, ancestor as unknown as Doc | null) as unknown as typeof a, sealer, onRefused),
    appointments: handler('appointments', byUpdatedAt, sealer, onRefused),
    campaigns: handler('campaigns', byUpdatedAt, sealer, onRefused),
    templates: handler('templates', byUpdatedAt, sealer, onRefused),
  };
}
