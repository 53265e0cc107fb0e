/**
 * The conflict handlers RxDB's replication will call: an unchanged document is equal whatever
 * its replication metadata (an update is never taken for a conflict); a real conflict merges
 * by the collection's rule; a deletion wins.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../../../shared/inbox/claims';
import type { ConversationDoc, MessageDoc } from '../schema';
import { practiceConflictHandlers } from './conflict-handlers';

const NOW = 1_800_000_000_000;
const handlers = practiceConflictHandlers(() => NOW);

const message: MessageDoc & { _deleted: boolean } = {
  id: 'm-SM1', conversationId: 'c1', direction: 'outbound', body: 'Synthetic text', sentAt: 1, threadKey: 1, state: 'sent', clientId: 'out-1', gatewaySid: 'SM1',
  errorCode: 0, failureCode: '', segments: 1, staffId: 'u1', campaignId: '', review: '', reviewConfidence: 0, updatedAt: 10, _deleted: false,
};

describe('practice conflict handlers', () => {
  it('the same document with different replication metadata is equal; a changed field is not', () => {
    const a = { ...message, _meta: { lwt: 1 }, _rev: '1-a' } as never;
    const b = { ...message, _meta: { lwt: 2 }, _rev: '2-b' } as never;
    expect(handlers.messages.isEqual(a, b, 'test')).toBe(true);
    expect(handlers.messages.isEqual(a, { ...message, state: 'delivered' } as never, 'test')).toBe(false);
  });

  it('a message merges forward: the server says delivered, this desk still says sent', async () => {
    const merged = await handlers.messages.resolve({ newDocumentState: { ...message, state: 'sent', updatedAt: 50 }, realMasterState: { ...message, state: 'delivered', updatedAt: 20 } }, 'test');
    expect(merged).toMatchObject({ state: 'delivered', updatedAt: 50 });
  });

  it('two desks claiming a conversation end with the earlier claim on both', async () => {
    const base: ConversationDoc & { _deleted: boolean } = {
      id: 'c1', patientId: 'p1', phoneHash: 'h', status: 'open', statusAt: 1, assignedTo: '', assignedAt: 0, claimedBy: '', claimedAt: 0, inboundCount: 1, lastInboundAt: 1,
      failedCount: 0, lastActivityAt: 1, queueKey: 1, lastDirection: 'inbound', updatedAt: 1, _deleted: false,
    };
    const deskA = { ...base, claimedBy: 'u-a', claimedAt: NOW - 2_000, updatedAt: NOW - 2_000 };
    const deskC = { ...base, claimedBy: 'u-c', claimedAt: NOW - 1_000, updatedAt: NOW - 1_000 };
    const onA = await handlers.conversations.resolve({ newDocumentState: deskA, realMasterState: deskC }, 'test');
    const onC = await handlers.conversations.resolve({ newDocumentState: deskC, realMasterState: deskA }, 'test');
    expect(onA.claimedBy).toBe('u-a');
    expect(onC).toEqual(onA);
    // Once it expires, neither holds it.
    const later = practiceConflictHandlers(() => NOW + CLAIM_LEASE_MS);
    expect((await later.conversations.resolve({ newDocumentState: deskA, realMasterState: deskC }, 'test')).claimedBy).toBe('');
  });

  it('a deletion (a retention purge) wins over an edit', async () => {
    const merged = await handlers.messages.resolve({ newDocumentState: { ...message, state: 'delivered', updatedAt: 99 }, realMasterState: { ...message, _deleted: true } }, 'test');
    expect(merged._deleted).toBe(true);
  });

  it('a patient merges field by field through the handler: both desks’ edits of different fields stay, a replaced value goes to the history', async () => {
    const groups = { givenName: 100, familyName: 100, dateOfBirth: 100, phone: 100, otherPhones: 100, email: 100, notes: 100, preferredLanguage: 100, textingPreference: 100, preferenceNote: 100, preferenceWritten: 100, contactWindow: 100, addressState: 100, timeZone: 100 };
    const ancestor = {
      id: 'p-synthetic', givenName: 'Alpha', familyName: 'Testpatient', phone: '+12025550101', phoneHash: 'h', phoneType: 'mobile', phoneSource: 'patient', phoneRecordedAt: 100, preferredLanguage: 'en', textingPreference: 'any',
      preferenceWritten: false, createdAt: 100, updatedAt: 100, fieldEditedAt: groups, _deleted: false,
    } as const;
    const mine = { ...ancestor, email: 'alpha@example.test', notes: 'Synthetic note here', updatedAt: 300, fieldEditedAt: { ...groups, email: 300, notes: 300 } };
    const theirs = { ...ancestor, preferredLanguage: 'es', notes: 'Synthetic note there', updatedAt: 200, fieldEditedAt: { ...groups, preferredLanguage: 200, notes: 200 } };
    const merged = (await handlers.patients.resolve({ newDocumentState: mine as never, realMasterState: theirs as never, assumedMasterState: ancestor as never }, 'test')) as unknown as Record<string, unknown>;
    expect(merged).toMatchObject({ email: 'alpha@example.test', preferredLanguage: 'es', notes: 'Synthetic note here', updatedAt: 300 });
    expect(JSON.parse(String(merged.editHistory))).toEqual([{ field: 'notes', value: 'Synthetic note there', editedAt: 200, editedBy: '' }]);
  });
});
