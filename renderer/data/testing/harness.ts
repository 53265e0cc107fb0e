/**
 * The practice database's browser harness (test-only; built into dist/testing/data/ and never
 * shipped). The end-to-end spec serves it on the browser host's origin, where the host's bridge
 * gives it the real `window.carerelay`: it runs the app's own PracticeDbSession (real key
 * hand-over from main, follows lock and unlock) and repositories, and exposes a few steps for
 * the spec as `window.dataHarness`. Synthetic data only.
 */
import type { CareRelayApi } from '../../../shared/ipc';
import { openPracticeDb, PRACTICE_DB_NAME } from '../database/open-practice-db';
import { PhiIntegrityError, PhiKeyMissingError, PhiWrongKeyError } from '../crypto/phi-errors';
import { addPatients, findPatientsByPhone, getPatient } from '../repositories/patients';
import { latestMessages } from '../repositories/messages';
import { recordMessage } from '../repositories/conversations';
import { previewPurge, purgeMessages } from '../retention/purge';
import { bridgePurgeReporter } from '../retention/purge-report';
import { PHI_FIELD } from '../storage/phi-encryption-storage';
import { bridgeKeyRelease, PracticeDbSession } from '../session/practice-db-session';
import { putRawRows, rawDbName, readRawRows } from './raw-idb';
import { makeTestKeys } from './test-keys';
import { syntheticPatient, syntheticPhone } from './synthetic-data';
import { recordConsentEvent } from '../repositories/consent';
import { TZDate } from '@date-fns/tz';
import { writeDataset, type DatasetSizes } from './bench';

const api = (window as unknown as { carerelay: CareRelayApi }).carerelay;
const session = new PracticeDbSession({ releaseKeys: bridgeKeyRelease(api) });
session.follow(api);

function openDb() {
  const status = session.current();
  if (status.state !== 'open') throw new Error(`the practice database is ${status.state}`);
  return status.db;
}

async function waitFor(state: 'open' | 'closed', timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (session.current().state !== state) {
    const s = session.current();
    if (s.state === 'failed') throw new Error(`open failed: ${s.message}`);
    if (Date.now() > until) throw new Error(`still ${s.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const errorName = (e: unknown) =>
  e instanceof PhiIntegrityError ? 'PhiIntegrityError' : e instanceof PhiKeyMissingError ? 'PhiKeyMissingError' : e instanceof PhiWrongKeyError ? 'PhiWrongKeyError' : e instanceof Error ? `${e.name}: ${e.message}` : String(e);

const raw = (collection: string, version?: number) => readRawRows(indexedDB, rawDbName(PRACTICE_DB_NAME, collection, version));

export interface Canaries {
  givenName: string;
  familyName: string;
  phone: string;
  text: string;
  /** Written to a field that is not encrypted (a message's gateway SID). */
  control: string;
}

const harness = {
  status: () => ({ state: session.current().state, holdsKey: session.holdsKey() }),
  waitFor,
  /** The steps below open their own instance: RxDB allows one instance of a name per page. */
  closeSession: () => session.close(),
  openSession: () => session.open(),

  /** The database benchmark's dataset, written into the app's own database (bench:inbox). */
  async seedInbox(sizes: DatasetSizes) {
    return writeDataset(openDb(), sizes, Date.now() - 60_000);
  },

  /**
   * The campaign benchmark's dataset: `count` synthetic patients, each with one appointment in
   * the next week between 8:00 and 17:00 (practice zone `timeZone`), and a revoked consent to
   * reminders for every tenth number (bench:campaign).
   */
  async seedAppointments(count: number, timeZone: string) {
    const db = openDb();
    const now = Date.now();
    const BATCH = 2_000;
    for (let start = 0; start < count; start += BATCH) {
      const patients = [];
      const appointments = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const phone = syntheticPhone(i);
        const phoneHash = await db.blind.phone(phone);
        patients.push(syntheticPatient(i, phone, phoneHash, now));
        const day = 2 + (i % 6);
        const minute = 8 * 60 + ((i * 7) % (9 * 60));
        const local = new Date(now + day * 86_400_000);
        const startsAt = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), Math.floor(minute / 60), minute % 60, timeZone).getTime();
        appointments.push({ id: `a-${String(i).padStart(6, '0')}`, patientId: `p-${String(i).padStart(6, '0')}`, startsAt, durationMinutes: 20, timeZone, status: 'booked' as const, source: 'csv' as const, provider: 'Dr Synthetic', updatedAt: now });
        if (i % 10 === 0) {
          await recordConsentEvent(db, { id: `ce-bench-${i}`, phone, patientId: `p-${String(i).padStart(6, '0')}`, purpose: 'appointment-reminders', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', at: now - 86_400_000 });
        }
      }
      await db.collections.patients.bulkInsert(patients);
      await db.collections.appointments.bulkInsert(appointments);
    }
    return { patients: count, appointments: count };
  },

  async writeCanaries(c: Canaries) {
    const db = openDb();
    const [patient] = await addPatients(db, [{ givenName: c.givenName, familyName: c.familyName, phone: c.phone, notes: c.text }]);
    const { conversationId, messageId } = await recordMessage(db, { phone: c.phone, direction: 'inbound', body: c.text, at: Date.now(), gatewaySid: c.control });
    return { patientId: patient!.id, conversationId, messageId };
  },

  async readBack(ids: { patientId: string; conversationId: string }, phone: string) {
    const db = openDb();
    const patient = await getPatient(db, ids.patientId);
    const byPhone = await findPatientsByPhone(db, phone);
    const thread = await latestMessages(db, ids.conversationId);
    const names = session.current().state === 'open' ? (session.current() as { names: { ready: Promise<void>; index: { search(q: string): { id: string }[] } } }).names : null;
    await names?.ready;
    return {
      name: patient ? `${patient.givenName} ${patient.familyName}` : null,
      byPhone: byPhone.map((p) => p.id),
      bodies: thread.map((m) => m.body),
      nameSearch: names?.index.search(patient?.familyName.slice(0, 5) ?? '').map((m) => m.id) ?? [],
    };
  },

  /** Three throwaway messages in one thread for the tamper checks. */
  async writeTamperSet(phone: string) {
    const db = openDb();
    const ids: string[] = [];
    for (const body of ['Synthetic tamper alpha', 'Synthetic tamper bravo', 'Synthetic tamper charlie']) {
      ids.push((await recordMessage(db, { phone, direction: 'inbound', body, at: Date.now() + ids.length })).messageId);
    }
    return ids;
  },

  /**
   * With the session's database closed (locked): modify one stored ciphertext and copy another
   * over a third, below RxDB; then open with the real key and read each record.
   */
  async tamperAndRead(ids: [string, string, string]) {
    const rows = await raw('messages');
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    const [a, b, c] = ids.map((id) => byId.get(id)!);
    const flip = (s: string) => s.slice(0, 30) + String.fromCharCode(s.charCodeAt(30) ^ 0x01) + s.slice(31);
    await putRawRows(indexedDB, rawDbName(PRACTICE_DB_NAME, 'messages'), [
      { ...a!, [PHI_FIELD]: flip(a![PHI_FIELD] as string) },
      { ...c!, [PHI_FIELD]: b![PHI_FIELD] },
    ]);
    const before = JSON.stringify(await raw('messages'));
    const keys = await bridgeKeyRelease(api)();
    const db = await openPracticeDb({ getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId });
    const read = async (id: string) => {
      try {
        return { ok: true, body: (await db.collections.messages.findOne(id).exec())?.body ?? null };
      } catch (e) {
        return { ok: false, error: errorName(e), message: e instanceof Error ? e.message : '' };
      }
    };
    const results = { modified: await read(ids[0]), intact: await read(ids[1]), swapped: await read(ids[2]) };
    await db.close();
    const after = JSON.stringify(await raw('messages'));
    // Put the originals back so the rest of the run sees a clean database.
    await putRawRows(indexedDB, rawDbName(PRACTICE_DB_NAME, 'messages'), [a!, c!]);
    return { ...results, unchangedByReading: before === after };
  },

  /** Opening with a key that is not the practice's is refused, and nothing changes. */
  async wrongKey() {
    const before = JSON.stringify(await raw('patients'));
    const other = await makeTestKeys('ffffffffffffffff');
    let error = 'opened';
    try {
      const db = await openPracticeDb({ getDbKey: () => other.dbKey, indexKey: other.indexKey, keyId: other.keyId });
      await db.close();
    } catch (e) {
      error = errorName(e);
    }
    return { error, unchanged: before === JSON.stringify(await raw('patients')) };
  },

  /** The key goes away after opening (as at lock): reads and writes fail clearly, nothing is overwritten. */
  async keyAbsent(patientId: string) {
    const before = JSON.stringify(await raw('patients'));
    const keys = await bridgeKeyRelease(api)();
    let key: CryptoKey | null = keys.dbKey;
    const db = await openPracticeDb({ getDbKey: () => key, indexKey: keys.indexKey, keyId: keys.keyId });
    key = null;
    let read = 'read';
    let write = 'written';
    try {
      await db.collections.patients.findOne(patientId).exec();
    } catch (e) {
      read = errorName(e);
    }
    try {
      await addPatients(db, [{ givenName: 'Nokey', familyName: 'Testwrite', phone: '+12025550188' }]);
    } catch (e) {
      write = errorName(e);
    }
    await db.close();
    return { read, write, unchanged: before === JSON.stringify(await raw('patients')) };
  },

  /** Retention: old synthetic messages, preview, purge, report to main's audit trail. */
  async purgeOld(phone: string) {
    const db = openDb();
    const eightYearsAgo = Date.now() - 8 * 365 * 86_400_000;
    for (let i = 0; i < 3; i++) await recordMessage(db, { phone, direction: 'inbound', body: `Synthetic ancient message ${i}`, at: eightYearsAgo + i });
    const preview = await previewPurge(db, { messageYears: 6 });
    const done = await purgeMessages(db, { messageYears: 6 }, bridgePurgeReporter(api));
    const after = await previewPurge(db, { messageYears: 6 });
    // Dexie keeps _deleted as '1' / '0'; RxDB's cleanup may already have dropped the tombstones.
    const tombstonesWithPhi = (await raw('messages')).filter((r) => (r._deleted === '1' || r._deleted === true) && r[PHI_FIELD] !== undefined).length;
    return { previewCount: preview.messages, deleted: done.messagesDeleted, afterCount: after.messages, tombstonesWithPhi };
  },
};

declare global {
  interface Window {
    dataHarness?: typeof harness;
  }
}
window.dataHarness = harness;
