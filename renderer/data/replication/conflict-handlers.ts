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
 * Patients merge by the later edit of the whole record until per-field edit times are in their
 * schema (mergeFields is ready for them); every other collection follows its rule now.
 */
import type { RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import { mergeConsentEvent, mergeConversation, mergeMessage, mergeStaffState, mergeTask } from '../../../shared/replication/merge-rules';
import { practiceSchemas, type CollectionName, type PracticeDocTypes } from '../schema';
import { comparableContent, type WireSealer } from './wire-seal';

type Handlers = { readonly [K in CollectionName]: RxConflictHandler<PracticeDocTypes[K]> };
type Doc = Record<string, unknown>;

/** The PHI paths a collection seals (its schema's `encrypted` list). */
export const sealedPaths = (collection: CollectionName): readonly string[] => (practiceSchemas[collection].encrypted as string[] | undefined) ?? [];

function handler<T>(collection: CollectionName, merge: (a: WithDeleted<T>, b: WithDeleted<T>) => WithDeleted<T>, sealer: WireSealer | null): RxConflictHandler<T> {
  const paths = sealedPaths(collection);
  const plain = (doc: WithDeleted<T>) => (sealer ? sealer.plainOf(doc as Doc) : (doc as Doc));
  const open = async (doc: WithDeleted<T>) => (sealer ? ((await sealer.open(collection, paths, doc as Doc)) as WithDeleted<T>) : doc);
  return {
    isEqual: (a, b) => {
      const pa = plain(a);
      const pb = plain(b);
      if (pa && pb) return comparableContent(pa) === comparableContent(pb);
      return comparableContent(a as Doc) === comparableContent(b as Doc);
    },
    resolve: async ({ newDocumentState, realMasterState }) => {
      const mine = await open(newDocumentState);
      const theirs = await open(realMasterState);
      if (mine._deleted || theirs._deleted) return mine._deleted ? mine : theirs;
      return merge(mine, theirs);
    },
  };
}

const byUpdatedAt = <T extends { updatedAt: number }>(a: WithDeleted<T>, b: WithDeleted<T>): WithDeleted<T> =>
  a.updatedAt !== b.updatedAt ? (a.updatedAt > b.updatedAt ? a : b) : comparableContent(a as Doc) <= comparableContent(b as Doc) ? a : b;

export function practiceConflictHandlers(now: () => number = Date.now, sealer: WireSealer | null = null): Handlers {
  return {
    messages: handler('messages', (a, b) => mergeMessage(a, b), sealer),
    conversations: handler('conversations', (a, b) => mergeConversation(a, b, now()), sealer),
    staff_state: handler('staff_state', (a, b) => mergeStaffState(a, b), sealer),
    tasks: handler('tasks', (a, b) => mergeTask(a, b), sealer),
    consent_events: handler('consent_events', (a, b) => mergeConsentEvent(a, b), sealer),
    patients: handler('patients', byUpdatedAt, sealer),
    appointments: handler('appointments', byUpdatedAt, sealer),
    campaigns: handler('campaigns', byUpdatedAt, sealer),
    templates: handler('templates', byUpdatedAt, sealer),
  };
}
