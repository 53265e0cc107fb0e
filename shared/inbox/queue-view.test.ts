/** The queue's status views, filter chips, per-person unread counts and ordering, table-driven. */
import { describe, expect, it } from 'vitest';
import { compareQueueRows, countQueue, selectQueue, unreadFor, upsertSorted, type QueueFilter, type QueueRow, type StatusView } from './queue-view';

const row = (id: string, over: Partial<QueueRow> = {}): QueueRow => ({
  id,
  patientId: `p-${id}`,
  status: 'open',
  assignedTo: '',
  claimedBy: '',
  claimedAt: 0,
  inboundCount: 0,
  failedCount: 0,
  queueKey: 100,
  lastActivityAt: 0,
  ...over,
});

const rows = [
  row('a', { queueKey: 1, inboundCount: 3, assignedTo: 'maria' }),
  row('b', { queueKey: 2, status: 'waiting', assignedTo: 'john' }),
  row('c', { queueKey: 3, status: 'closed', inboundCount: 1 }),
  row('d', { queueKey: 4, patientId: '', inboundCount: 1 }),
  row('e', { queueKey: 5, failedCount: 1, status: 'waiting', assignedTo: 'maria' }),
].sort(compareQueueRows);
const maria = { staffId: 'maria', readPositions: new Map([['a', 2], ['d', 1]]), withTasks: new Set(['b', 'c']) };

describe('queue view', () => {
  it.each<[StatusView, QueueFilter[], string[]]>([
    ['active', [], ['a', 'b', 'd', 'e']],
    ['open', [], ['a', 'd']],
    ['waiting', [], ['b', 'e']],
    ['closed', [], ['c']],
    ['all', [], ['a', 'b', 'c', 'd', 'e']],
    ['active', ['mine'], ['a', 'e']],
    ['active', ['unassigned'], ['d']],
    ['all', ['unread'], ['a', 'c']],
    ['active', ['attention'], ['d', 'e']],
    ['active', ['mine', 'attention'], ['e']],
    ['closed', ['mine'], []],
    ['active', ['tasks'], ['b']],
    ['all', ['tasks'], ['b', 'c']],
    ['active', ['tasks', 'mine'], []],
  ])('%s with %j → %j', (status, filters, ids) => {
    expect(selectQueue(rows, { status, filters: new Set(filters) }, maria)).toEqual(ids);
  });

  it('a search shows its matches in queue order, whatever the status and chips', () => {
    expect(selectQueue(rows, { status: 'open', filters: new Set(['mine']), only: new Set(['e', 'c']) }, maria)).toEqual(['c', 'e']);
  });

  it('unread is per person and never negative', () => {
    expect(unreadFor(rows[0]!, maria)).toBe(1);
    expect(unreadFor(rows[0]!, { staffId: 'john', readPositions: new Map() })).toBe(3);
    expect(unreadFor(row('z', { inboundCount: 1 }), { staffId: 'x', readPositions: new Map([['z', 9]]) })).toBe(0);
  });

  it('without task information no row passes the Tasks chip', () => {
    expect(selectQueue(rows, { status: 'all', filters: new Set(['tasks']) }, { staffId: 'x', readPositions: new Map() })).toEqual([]);
  });

  it('counts each chip within the status view', () => {
    expect(countQueue(rows, 'active', maria)).toEqual({ total: 4, mine: 2, unassigned: 1, unread: 1, attention: 2, tasks: 1 });
  });

  it('keeps rows in queue order when one moves', () => {
    const moved = upsertSorted(rows, row('c', { queueKey: 0, status: 'open' }));
    expect(moved.map((r) => r.id)).toEqual(['c', 'a', 'b', 'd', 'e']);
    expect(upsertSorted(moved, row('new', { queueKey: 3 })).map((r) => r.id)).toEqual(['c', 'a', 'b', 'new', 'd', 'e']);
  });
});
