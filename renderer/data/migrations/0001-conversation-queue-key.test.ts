/**
 * Migration 0001 end to end under fake-indexeddb: a database written by the previous release
 * (conversations at schema version 0, PHI encrypted) opens with the current schemas, every
 * conversation arrives at the current version (0001's queue key, status and claim, then 0003 and
 * 0004's inbox fields), PHI intact and still encrypted at rest, and the queue lists it newest first.
 */
import 'fake-indexeddb/auto';
import { indexedDB as fakeIndexedDB, IDBKeyRange as FakeKeyRange } from 'fake-indexeddb';
import { createRxDatabase } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { openPracticeDb } from '../database/open-practice-db';
import { queuePage } from '../repositories/conversations';
import { invertTime } from '../schema';
import { PHI_FIELD, wrappedPhiEncryptionStorage } from '../storage/phi-encryption-storage';
import { rawDbName, readRawRows } from '../testing/raw-idb';
import { makeTestKeys } from '../testing/test-keys';
import { verifyOrWriteKeyCheck } from '../database/key-check';
import { conversationSchemaV0, migrateConversationV0ToV1, type ConversationDocV0 } from './0001-conversation-queue-key';

const idb = { indexedDB: fakeIndexedDB, IDBKeyRange: FakeKeyRange };

describe('migration 0001: conversations v0 -> v1', () => {
  it('maps one document', () => {
    const v0: ConversationDocV0 = { id: 'c-1', patientId: 'p-1', phoneHash: 'h', unreadCount: 2, lastActivityAt: 5_000, lastDirection: 'inbound', updatedAt: 5_000 };
    expect(migrateConversationV0ToV1(v0)).toEqual({ ...v0, status: 'open', claimedBy: '', claimedAt: 0, queueKey: invertTime(5_000) });
    expect(migrateConversationV0ToV1({ ...v0, unreadCount: 0 }).status).toBe('waiting');
  });

  it('opens a database the previous version wrote', async () => {
    const keys = await makeTestKeys();
    const name = 'migration-0001';
    // The previous release: the same storage stack, conversations at version 0.
    const old = await createRxDatabase({
      name,
      storage: wrappedPhiEncryptionStorage({ storage: getRxStorageDexie(idb), getKey: () => keys.dbKey }),
      multiInstance: false,
      localDocuments: true,
    });
    await verifyOrWriteKeyCheck(
      { name, read: async (id) => (await old.getLocal(id))?.toJSON().data ?? null, insert: (id, data) => old.insertLocal(id, data) },
      keys.dbKey,
      keys.keyId,
    );
    const { conversations } = await old.addCollections({ conversations: { schema: conversationSchemaV0 } });
    const docs: ConversationDocV0[] = Array.from({ length: 30 }, (_, i) => ({
      id: `c-${String(i).padStart(3, '0')}`,
      patientId: `p-${i}`,
      phoneHash: `hash-${i}`,
      unreadCount: i % 3,
      lastActivityAt: 1_700_000_000_000 + i * 60_000,
      lastDirection: i % 2 ? 'inbound' : 'outbound',
      lastMessagePreview: `Synthetic preview Migratorix ${i}`,
      ...(i === 7 ? { draft: 'Synthetic draft Draftulon' } : {}),
      updatedAt: 1_700_000_000_000 + i * 60_000,
    }));
    await conversations!.bulkInsert(docs);
    await old.close();

    const db = await openPracticeDb({ name, getDbKey: () => keys.dbKey, indexKey: keys.indexKey, keyId: keys.keyId, idb, collections: ['conversations', 'patients'] });
    try {
      const all = await db.collections.conversations.find().exec();
      expect(all).toHaveLength(30);
      const seven = (await db.collections.conversations.findOne('c-007').exec())!.toJSON();
      // Through 0001, 0003 and 0004: queue key, status and claim; then the inbox fields. The shared
      // draft is dropped (drafts belong to one person now) and the unread count starts the inbound count.
      expect(seven).toMatchObject({ lastMessagePreview: 'Synthetic preview Migratorix 7', queueKey: invertTime(docs[7]!.lastActivityAt), claimedBy: '', status: 'open', inboundCount: 1, assignedTo: '', failedCount: 0 });
      expect(seven).not.toHaveProperty('draft');
      expect(seven).not.toHaveProperty('unreadCount');
      const page = await queuePage(db, { limit: 5 });
      expect(page.map((c) => c.id)).toEqual(['c-029', 'c-028', 'c-027', 'c-026', 'c-025']);
      const raw = await readRawRows(fakeIndexedDB, rawDbName(name, 'conversations'));
      expect(raw).toHaveLength(30);
      expect(JSON.stringify(raw)).not.toContain('Migratorix');
      expect(raw.every((r) => typeof r[PHI_FIELD] === 'string')).toBe(true);
    } finally {
      await db.close();
    }
  });
});
