/**
 * Starts the signed-in person's inbox in memory for one open database: the queue store and the
 * conversation search. Loaded lazily with the rest of the database code.
 */
import type { PracticeDb } from '../database/open-practice-db';
import type { NameIndex } from '../search/name-index';
import { ConversationSearch } from '../search/conversation-search';
import { QueueStore } from './queue-store';

export interface InboxMemory {
  readonly queue: QueueStore;
  readonly search: ConversationSearch;
  stop(): void;
}

export function startInboxMemory(db: PracticeDb, names: NameIndex, staffId: string): InboxMemory {
  const queue = new QueueStore(db, staffId);
  const search = new ConversationSearch(db, names, () => queue.getSnapshot());
  return {
    queue,
    search,
    stop() {
      queue.stop();
      search.stop();
    },
  };
}
