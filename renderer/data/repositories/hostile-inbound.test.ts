/**
 * Every hostile inbound body (markup, bidi and control characters, tag smuggling, 1,600
 * characters, emoji) is filed and read back unchanged: neutralising is the screen's job, the
 * record keeps what the patient sent.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_SAMPLES } from '../../../shared/text/hostile-samples';
import { openPracticeDb, type PracticeDb } from '../database/open-practice-db';
import { makeTestKeys } from '../testing/test-keys';
import { recordMessage } from './conversations';
import { latestMessages } from './messages';

let db: PracticeDb;

beforeAll(async () => {
  const keys = await makeTestKeys();
  const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };
  db = await openPracticeDb({ name: 'hostile-inbound', getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['patients', 'conversations', 'messages', 'staff_state'] });
});
afterAll(async () => {
  await db.close();
});

describe('hostile inbound bodies', () => {
  it.each(HOSTILE_SAMPLES.map((s, i) => [s.label, s.text, i] as const))('%s is filed and read back exactly', async (_label, text, i) => {
    const filed = await recordMessage(db, { phone: '+12025550151', direction: 'inbound', body: text, at: 1_000 + i, gatewaySid: `SM${String(i).padStart(32, '0')}`, state: 'received' });
    const messages = await latestMessages(db, filed.conversationId, 100);
    expect(messages.find((m) => m.id === filed.messageId)?.body).toBe(text);
  });
});
