/**
 * The practice database's conflict handlers for CouchDB replication between desks (issue 12):
 * RxDB calls `isEqual` to tell an update from a conflict and `resolve` to merge a desk's version
 * with the server's, per collection, by the written-down rules in
 * shared/replication/merge-rules.ts. Both see documents as the desk does (opened: the pull side
 * opens sealed fields before RxDB compares), so a fresh IV on an unchanged field is never taken
 * for a change. A deletion (a retention purge, a removed record) wins over an edit.
 *
 * Patients merge by the later edit of the whole record until per-field edit times are in their
 * schema (mergeFields is ready for them); every other collection follows its rule now.
 */
import type { RxConflictHandler, WithDeleted } from 'rxdb/plugins/core';
import { mergeConsentEvent, mergeConversation, mergeMessage, mergeStaffState, mergeTask } from '../../../shared/replication/merge-rules';
import type { CollectionName, PracticeDocTypes } from '../schema';

type Handlers = { readonly [K in CollectionName]: RxConflictHandler<PracticeDocTypes[K]> };

/** The document's own fields (no replication metadata), in a fixed key order. */
function content(doc: Record<string, unknown>): string {
  const own = Object.keys(doc)
    .filter((k) => k !== '_meta' && k !== '_rev' && k !== '_attachments')
    .sort();
  return JSON.stringify(own.map((k) => [k, doc[k]]));
}

function handler<T>(merge: (a: WithDeleted<T>, b: WithDeleted<T>) => WithDeleted<T>): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => content(a as Record<string, unknown>) === content(b as Record<string, unknown>),
    resolve: async ({ newDocumentState: mine, realMasterState: theirs }) => {
      if (mine._deleted || theirs._deleted) return mine._deleted ? mine : theirs;
      return merge(mine, theirs);
    },
  };
}

const byUpdatedAt = <T extends { updatedAt: number }>(a: WithDeleted<T>, b: WithDeleted<T>): WithDeleted<T> =>
  a.updatedAt !== b.updatedAt ? (a.updatedAt > b.updatedAt ? a : b) : content(a as Record<string, unknown>) <= content(b as Record<string, unknown>) ? a : b;

export function practiceConflictHandlers(now: () => number = Date.now): Handlers {
  return {
    messages: handler((a, b) => mergeMessage(a, b)),
    conversations: handler((a, b) => mergeConversation(a, b, now())),
    staff_state: handler((a, b) => mergeStaffState(a, b)),
    tasks: handler((a, b) => mergeTask(a, b)),
    consent_events: handler((a, b) => mergeConsentEvent(a, b)),
    patients: handler(byUpdatedAt),
    appointments: handler(byUpdatedAt),
    campaigns: handler(byUpdatedAt),
    templates: handler(byUpdatedAt),
  };
}
