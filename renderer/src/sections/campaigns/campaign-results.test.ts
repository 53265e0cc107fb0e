import { describe, expect, it } from 'vitest';
import type { OutboxEntryView } from '../../../../shared/ipc/channels/sync';
import { campaignResults, resultsCsv } from './campaign-results';

const T = Date.UTC(2026, 2, 3, 17);
const entry = (appointment: string, state: OutboxEntryView['state'], errorCode: string | null = null, acceptedAt: number | null = T): OutboxEntryView => ({
  clientId: `cmp-c1-${appointment}-0`, to: '+12025550101', body: 'Synthetic', origin: { kind: 'campaign', refs: { campaign: 'c1', appointment } }, createdBy: 'u1',
  createdAt: new Date(T - 86_400_000).toISOString(), notBefore: null, notAfter: null, state, sid: null, attempts: 1, acceptedAt: acceptedAt ? new Date(acceptedAt).toISOString() : null,
  finalAt: null, updatedAt: new Date(T).toISOString(), nextAttemptAt: null, errorCode, errorText: null,
});

describe('campaign results', () => {
  it('counts texts by outcome, appointments by answer, and the confirmation rate day by day', () => {
    const r = campaignResults(
      [entry('a1', 'delivered'), entry('a2', 'delivered'), entry('a3', 'undelivered', '30006'), entry('a4', 'cancelled', 'CONSENT_REVOKED', null), entry('a5', 'cancelled', 'WITHDRAWN_CONFIRMED', null), entry('a6', 'queued', null, null)],
      new Map([['a1', 'confirmed'], ['a2', 'cancelled']]),
      [
        { appointmentId: 'a1', at: T + 3_600_000, intent: 'confirm', confident: true },
        { appointmentId: 'a2', at: T + 7_200_000, intent: 'cancel', confident: true },
        { appointmentId: 'a3', at: T + 86_400_000 + 5, intent: 'reschedule', confident: true },
      ],
    );
    expect(r).toMatchObject({ texts: 6, waiting: 1, sent: 3, delivered: 2, failed: 1, optedOut: 1, withdrawn: 1, appointments: 6, confirmed: 1, cancelled: 1, rescheduleRequests: 1, questions: 0, noResponse: 3 });
    expect(Object.values(r.failedByReason)).toEqual([1]);
    expect(r.confirmationRate).toEqual([{ day: '2026-03-03', rate: 16.7 }]);
    const csv = resultsCsv('Synthetic week', r);
    expect(csv).toContain('Synthetic week,Reschedule requests,1');
    expect(csv).toContain('Confirmed by 2026-03-03 (%),16.7');
  });
});
