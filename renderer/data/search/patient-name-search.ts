/**
 * Keeps a NameIndex in step with the patients collection for one open session: loads every
 * patient once (decrypting them), then follows inserts, updates and deletions. `stop()` drops it.
 */
import type { Subscription } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import { NameIndex } from './name-index';

export interface PatientNameSearch {
  readonly index: NameIndex;
  /** Resolves when the first load is done. */
  readonly ready: Promise<void>;
  stop(): void;
}

export function startPatientNameSearch(db: PracticeDb): PatientNameSearch {
  const index = new NameIndex();
  let subscription: Subscription | null = null;
  let stopped = false;
  const ready = (async () => {
    const docs = await db.collections.patients.find().exec();
    if (stopped) return;
    index.load(docs.map((d) => ({ id: d.id, givenName: d.givenName, familyName: d.familyName })));
    subscription = db.collections.patients.$.subscribe((event) => {
      if (event.operation === 'DELETE') index.remove(event.documentId);
      else if (event.documentData) index.upsert({ id: event.documentId, givenName: event.documentData.givenName, familyName: event.documentData.familyName });
    });
  })();
  return {
    index,
    ready,
    stop() {
      stopped = true;
      subscription?.unsubscribe();
      index.clear();
    },
  };
}
