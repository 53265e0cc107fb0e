/**
 * Keeps a NameIndex in step with the patients collection for one open session: loads every
 * patient once (decrypting them), then follows inserts, updates and deletions. It holds each
 * patient's name, texting number and date of birth in memory for the patient list, pickers and
 * search; `stop()` drops it all (at lock).
 */
import type { Subscription } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import type { PatientDoc } from '../schema';
import { NameIndex, type NamedPatient } from './name-index';

export interface PatientNameSearch {
  readonly index: NameIndex;
  /** Resolves when the first load is done. */
  readonly ready: Promise<void>;
  stop(): void;
}

const named = (d: Pick<PatientDoc, 'id' | 'givenName' | 'familyName' | 'phone' | 'dateOfBirth'>): NamedPatient => ({
  id: d.id,
  givenName: d.givenName,
  familyName: d.familyName,
  phone: d.phone,
  ...(d.dateOfBirth ? { dateOfBirth: d.dateOfBirth } : {}),
});

export function startPatientNameSearch(db: PracticeDb): PatientNameSearch {
  const index = new NameIndex();
  let subscription: Subscription | null = null;
  let stopped = false;
  const ready = (async () => {
    const docs = await db.collections.patients.find().exec();
    if (stopped) return;
    index.load(docs.map((d) => named(d)));
    subscription = db.collections.patients.$.subscribe((event) => {
      if (event.operation === 'DELETE') index.remove(event.documentId);
      else if (event.documentData) index.upsert(named({ ...event.documentData, id: event.documentId }));
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
