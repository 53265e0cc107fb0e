/** Withdrawals of reminders shared between desks: which waiting sends one cancels, table-tested. */
import { describe, expect, it } from 'vitest';
import { withdrawCovers } from './queue-actions';

describe('withdrawals shared between desks', () => {
  const entry = (over: Partial<{ state: string; createdAt: string; kind: string; campaign: string; appointment: string }> = {}) => ({
    state: over.state ?? 'queued',
    createdAt: over.createdAt ?? '2026-12-01T10:00:00.000Z',
    origin: { kind: over.kind ?? 'campaign', refs: { campaign: over.campaign ?? 'c1', appointment: over.appointment ?? 'a1' } },
  });
  const at = Date.parse('2026-12-01T11:00:00.000Z');
  it.each([
    ['the appointment’s waiting reminder', { appointmentId: 'a1' }, entry(), true],
    ['the campaign’s waiting reminder', { campaignId: 'c1' }, entry(), true],
    ['another appointment’s', { appointmentId: 'a2' }, entry(), false],
    ['one queued after the withdrawal (a new approval)', { appointmentId: 'a1' }, entry({ createdAt: '2026-12-01T12:00:00.000Z' }), false],
    ['one already sent', { appointmentId: 'a1' }, entry({ state: 'accepted' }), false],
    ['a staff reply', { appointmentId: 'a1' }, entry({ kind: 'inbox-reply' }), false],
    ['nothing named', {}, entry(), false],
  ] as const)('%s', (_name, action, e, covered) => {
    expect(withdrawCovers(action, at, e)).toBe(covered);
  });
});
