/**
 * The written-down merge rules, table-driven: each case gives two desks' versions and the one
 * record both must reach; every case is also checked both ways round and against itself
 * (commutative and idempotent), so the order versions arrive in never matters.
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../inbox/claims';
import { mergeConsentEvent, mergeConversation, mergeFields, mergeMessage, mergeStaffState, mergeTask, type FieldVersions } from './merge-rules';

const NOW = 1_800_000_000_000;

function symmetric<T>(merge: (a: T, b: T) => T, a: T, b: T): T {
  const ab = merge(a, b);
  expect(merge(b, a)).toEqual(ab);
  expect(merge(ab, ab)).toEqual(ab);
  // Against itself a version stays itself, but for an expired claim, which reads as none.
  expect(merge(merge(a, a), a)).toEqual(merge(a, a));
  return ab;
}

const message = (over: Record<string, unknown> = {}) => ({
  id: 'm-SM1', conversationId: 'c1', body: 'Synthetic text', sentAt: 100, state: 'sent', errorCode: 0, failureCode: '', review: '', reviewConfidence: 0, updatedAt: 100, ...over,
}) as const;

describe('messages: immutable but for delivery state (forward only) and review (forward only)', () => {
  it.each([
    ['delivered beats sent', { state: 'sent', updatedAt: 300 }, { state: 'delivered', updatedAt: 200 }, { state: 'delivered', updatedAt: 300 }],
    ['a replayed queued never takes it back', { state: 'queued', updatedAt: 900 }, { state: 'sending', updatedAt: 150 }, { state: 'sending' }],
    ['between final states the later report, with its error code', { state: 'delivered', updatedAt: 200 }, { state: 'undelivered', errorCode: 30003, failureCode: '30003', updatedAt: 250 }, { state: 'undelivered', errorCode: 30003, failureCode: '30003' }],
    ['a staff decision beats the flag', { review: 'opt-out', reviewConfidence: 80 }, { review: 'confirmed', reviewConfidence: 80, updatedAt: 50 }, { review: 'confirmed' }],
    ['delivery and review merge independently', { state: 'delivered', updatedAt: 200 }, { review: 'dismissed', updatedAt: 210 }, { state: 'delivered', review: 'dismissed', updatedAt: 210 }],
  ] as const)('%s', (_name, a, b, expected) => {
    const merged = symmetric(mergeMessage, message(a) as never, message(b) as never);
    expect(merged).toMatchObject(expected);
    expect(merged).toMatchObject({ body: 'Synthetic text', sentAt: 100 });
  });
});

const conversation = (over: Record<string, unknown> = {}) => ({
  id: 'c1', patientId: '', status: 'open', statusAt: 100, assignedTo: '', assignedAt: 0, claimedBy: '', claimedAt: 0, inboundCount: 1, lastInboundAt: 100,
  failedCount: 0, lastActivityAt: 100, queueKey: 9_999_999_999_899, lastDirection: 'inbound', updatedAt: 100, ...over,
});

describe('conversations: the later human action per concern', () => {
  it.each([
    ['status: the later action (desk B closed after desk A set waiting)', { status: 'waiting', statusAt: 200 }, { status: 'closed', statusAt: 300 }, { status: 'closed', statusAt: 300 }],
    ['assignment: the later assignment, independent of status', { status: 'closed', statusAt: 300 }, { assignedTo: 'u-maria', assignedAt: 250 }, { status: 'closed', assignedTo: 'u-maria' }],
    ['counts only grow', { inboundCount: 3, lastInboundAt: 300 }, { inboundCount: 2, lastInboundAt: 200 }, { inboundCount: 3, lastInboundAt: 300 }],
    ['the newest activity brings its order and direction', { lastActivityAt: 400, queueKey: 1, lastDirection: 'outbound' }, { lastActivityAt: 300, queueKey: 2 }, { lastActivityAt: 400, queueKey: 1, lastDirection: 'outbound' }],
    ['a link to a patient beats none', { patientId: 'p-1' }, { patientId: '', updatedAt: 500 }, { patientId: 'p-1' }],
    ['two live claims: the earlier wins on both desks', { claimedBy: 'u-c', claimedAt: NOW - 1_000 }, { claimedBy: 'u-a', claimedAt: NOW - 500 }, { claimedBy: 'u-c', claimedAt: NOW - 1_000 }],
    ['a live claim beats an expired one', { claimedBy: 'u-old', claimedAt: NOW - CLAIM_LEASE_MS - 1 }, { claimedBy: 'u-new', claimedAt: NOW - 10 }, { claimedBy: 'u-new' }],
  ] as const)('%s', (_name, a, b, expected) => {
    expect(symmetric((x, y) => mergeConversation(x, y, NOW), conversation(a), conversation(b))).toMatchObject(expected);
  });

  it('simultaneous claims at the same instant: the smaller staff id, on both desks', () => {
    const merged = symmetric((x, y) => mergeConversation(x, y, NOW), conversation({ claimedBy: 'u-b', claimedAt: NOW - 5 }), conversation({ claimedBy: 'u-a', claimedAt: NOW - 5 }));
    expect(merged.claimedBy).toBe('u-a');
  });
});

describe('staff state, tasks, consent events', () => {
  it('read position: the furthest; draft: the later', () => {
    const a = { id: 'u1:c1', readInboundCount: 5, draft: 'old', draftAt: 100, updatedAt: 100 };
    const b = { id: 'u1:c1', readInboundCount: 3, draft: 'newer', draftAt: 200, updatedAt: 200 };
    expect(symmetric(mergeStaffState, a, b)).toEqual({ id: 'u1:c1', readInboundCount: 5, draft: 'newer', draftAt: 200, updatedAt: 200 });
  });

  type T = { id: string; state: 'open' | 'done'; doneBy: string; doneAt: number; updatedAt: number };
  it.each<[string, Omit<T, 'id'>, Omit<T, 'id'>, string]>([
    ['done beats open', { state: 'open', doneBy: '', doneAt: 0, updatedAt: 900 }, { state: 'done', doneBy: 'u1', doneAt: 200, updatedAt: 200 }, 'u1'],
    ['of two done, the first to finish', { state: 'done', doneBy: 'u2', doneAt: 300, updatedAt: 300 }, { state: 'done', doneBy: 'u1', doneAt: 200, updatedAt: 200 }, 'u1'],
  ])('tasks: %s', (_name, a, b, doneBy) => {
    expect(symmetric<T>(mergeTask, { id: 't', ...a }, { id: 't', ...b }).doneBy).toBe(doneBy);
  });

  it('consent events are append-only: the same event stays itself; a differing copy yields to the first recorded', () => {
    const e = { id: 'ce-1', action: 'revoke', recordedAt: 100 };
    expect(symmetric(mergeConsentEvent, e, { ...e })).toEqual(e);
    expect(symmetric(mergeConsentEvent, e, { ...e, recordedAt: 150 })).toEqual(e);
  });
});

describe('patients: field by field, later edit wins, losers kept', () => {
  const v = (values: Record<string, unknown>, editedAt: Record<string, number>, by: string): FieldVersions => ({
    values,
    editedAt,
    editedBy: Object.fromEntries(Object.keys(editedAt).map((k) => [k, by])),
  });

  it('each field from its later edit; the overwritten value is reported, not dropped', () => {
    const deskA = v({ givenName: 'Testa', phone: '+12025550101', notes: 'Synthetic A' }, { givenName: 100, phone: 300, notes: 100 }, 'u-a');
    const deskB = v({ givenName: 'Testa', phone: '+12025550199', notes: 'Synthetic B' }, { givenName: 100, phone: 200, notes: 250 }, 'u-b');
    const ab = mergeFields(deskA, deskB);
    const ba = mergeFields(deskB, deskA);
    expect(ab).toEqual(ba);
    expect(ab.merged.values).toEqual({ givenName: 'Testa', phone: '+12025550101', notes: 'Synthetic B' });
    expect(ab.merged.editedBy).toMatchObject({ phone: 'u-a', notes: 'u-b' });
    expect(ab.lost).toEqual([
      { field: 'notes', value: 'Synthetic A', editedAt: 100, editedBy: 'u-a' },
      { field: 'phone', value: '+12025550199', editedAt: 200, editedBy: 'u-b' },
    ]);
    // Merging the result with either side again changes nothing and loses nothing new.
    expect(mergeFields(ab.merged, deskA).merged).toEqual(ab.merged);
    expect(mergeFields(ab.merged, ab.merged).lost).toEqual([]);
  });

  it('a field cleared later stays cleared, and the cleared value is kept in history', () => {
    const r = mergeFields(v({ email: 'testa@example.test' }, { email: 100 }, 'u-a'), v({}, { email: 200 }, 'u-b'));
    expect(r.merged.values).toEqual({});
    expect(r.lost).toEqual([{ field: 'email', value: 'testa@example.test', editedAt: 100, editedBy: 'u-a' }]);
  });

  it('two edits at the same instant: the same winner on both desks', () => {
    const a = v({ notes: 'Synthetic x' }, { notes: 100 }, 'u-a');
    const b = v({ notes: 'Synthetic y' }, { notes: 100 }, 'u-b');
    expect(mergeFields(a, b).merged.values.notes).toBe(mergeFields(b, a).merged.values.notes);
  });
});
