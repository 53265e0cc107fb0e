/**
 * The session lifecycle under Node: the renderer's key hand-over against a stand-in for main
 * (same wrapping as main/vault/key-release.ts) gives non-extractable keys; unlock opens, lock
 * closes and drops the key and the name index, a second unlock sees the same data; a lock that
 * arrives during opening still ends closed; a failed hand-over is reported, not retried silently.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../shared/ipc';
import { addPatients, findPatientsByPhone } from '../repositories/patients';
import { standInKeyRelease } from '../testing/stand-in-key-release';
import { receivePracticeKeys } from './key-handover';
import { PracticeDbSession } from './practice-db-session';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
const state = (s: SessionState['state']): SessionState => ({ state: s, problem: null, user: s === 'unlocked' || s === 'locked' ? { id: 'u1', username: 'ada.admin', fullName: 'Ada Testadmin', role: 'administrator' } : null, emergency: null, unlockNeedsCode: false, lockReason: null, practiceName: 'Synthetic Clinic' });

function fakeSessionApi() {
  const listeners = new Set<(s: SessionState) => void>();
  let current = state('unlocked');
  return {
    api: {
      session: {
        onStateChanged: (cb: (s: SessionState) => void) => {
          listeners.add(cb);
          return () => listeners.delete(cb);
        },
        getState: async () => ({ ok: true as const, value: current }),
      },
    },
    emit(s: SessionState['state']) {
      current = state(s);
      for (const l of listeners) l(current);
    },
  };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('practice database session', () => {
  it('unwraps non-extractable keys from the hand-over', async () => {
    const keys = await receivePracticeKeys(standInKeyRelease());
    expect(keys.dbKey.extractable).toBe(false);
    expect(keys.indexKey.extractable).toBe(false);
    expect(keys.dbKey.usages.sort()).toEqual(['decrypt', 'encrypt']);
    await expect(globalThis.crypto.subtle.exportKey('raw', keys.dbKey)).rejects.toThrow();
  });

  it('opens on unlock, closes and drops the key on lock, and reopens to the same data', async () => {
    const release = standInKeyRelease();
    const session = new PracticeDbSession({ releaseKeys: () => receivePracticeKeys(release), name: 'session-lifecycle', idb });
    const fake = fakeSessionApi();
    const stop = session.follow(fake.api as never);
    await until(() => session.current().state === 'open');
    const open = session.current();
    if (open.state !== 'open') throw new Error('not open');
    await addPatients(open.db, [{ givenName: 'Testa', familyName: 'Locksworth', phone: '(202) 555-0161' }]);
    await open.names.ready;
    expect(open.names.index.search('locks')).toHaveLength(1);

    fake.emit('locked');
    expect(session.holdsKey()).toBe(false);
    await until(() => session.current().state === 'closed');
    expect(open.db.rx.closed).toBe(true);
    expect(open.names.index.size).toBe(0);

    fake.emit('unlocked');
    await until(() => session.current().state === 'open');
    const again = session.current();
    if (again.state !== 'open') throw new Error('not open');
    expect((await findPatientsByPhone(again.db, '+12025550161')).map((p) => p.familyName)).toEqual(['Locksworth']);
    stop();
    await until(() => session.current().state === 'closed');
  });

  it('a lock during opening ends closed; a refused hand-over is reported', async () => {
    const release = standInKeyRelease();
    const session = new PracticeDbSession({ releaseKeys: () => receivePracticeKeys(release), name: 'session-race', idb });
    const opening = session.open();
    const closing = session.close();
    await Promise.all([opening, closing]);
    expect(session.current().state).toBe('closed');
    expect(session.holdsKey()).toBe(false);

    const refused = new PracticeDbSession({
      releaseKeys: () => receivePracticeKeys(async () => ({ ok: false, error: { code: 'LOCKED', message: 'CareRelay is locked.' } })),
      name: 'session-refused',
      idb,
    });
    await refused.open();
    expect(refused.current()).toEqual({ state: 'failed', message: 'CareRelay is locked.' });
  });
});
