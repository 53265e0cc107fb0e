/**
 * Keeps a NameIndex in step with the patients collection for one open session: loads every
 * patient once (decrypting them) a page of 500 at a time with a turn for the screen between
 * pages, so a practice of 10,000 patients never holds the screen for long after unlock, then
 * follows inserts, updates and deletions (followed from before the first page, so none is lost). It holds each
 * patient's name, texting number and date of birth in memory for the patient list, pickers and
 * search; `stop()` drops it all (at lock).
 */
import type { Subscription } from 'rxjs';
import type { PracticeDb } from '../database/open-practice-db';
import type { PatientDoc } from '../schema';
import { yieldToEvents } from '../scheduling/yield-to-events';
import { NameIndex, type NamedPatient } from './name-index';

const PAGE = 500;

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
    type Change = { operation: string; documentId: string; documentData?: PatientDoc };
    const apply = (event: Change) => {
      if (event.operation === 'DELETE') index.remove(event.documentId);
      else if (event.documentData) index.upsert(named({ ...event.documentData, id: event.documentId }));
    };
    const pending: Change[] = [];
    let loaded = false;
    subscription = db.collections.patients.$.subscribe((event) => (loaded ? apply(event) : pending.push(event)));
    performance.mark('patients:index-start');
    const all: NamedPatient[] = [];
    try {
      let after = '';
      for (;;) {
        // In primary-key order through the object store itself (storage/dexie-indexed-read.ts).
        const page = await db.collections.patients.find({ selector: after ? { id: { $gt: after } } : {}, sort: [{ id: 'asc' }], limit: PAGE, index: ['id'] }).exec();
        if (stopped) return;
        for (const d of page) all.push(named(d));
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.id;
        await yieldToEvents();
      }
    } catch {
      // A storage without the paged read: everyone in one read.
      all.length = 0;
      for (const d of await db.collections.patients.find().exec()) all.push(named(d));
      if (stopped) return;
    }
    index.load(all);
    // User Timing (read by the benchmarks; no data in it).
    performance.mark('patients:index-ready');
    performance.measure('patients:index', 'patients:index-start');
    loaded = true;
    for (const event of pending.splice(0)) apply(event);
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
