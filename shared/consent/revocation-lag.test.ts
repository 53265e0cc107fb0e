/** R23: backdated receipt dates trigger the warning (over 5 business days) and the error (over 10). */
import { describe, expect, it } from 'vitest';
import { businessDaysBetween, lateRevocationEntries, revocationLag, type RevocationFacts } from './revocation-lag';

describe('R23 revocation entry lag in business days', () => {
  it.each([
    ['2026-12-01', '2026-12-01', 0, 'ok'],
    ['2026-12-04', '2026-12-07', 1, 'ok'], // Friday → Monday
    ['2026-12-01', '2026-12-08', 5, 'ok'],
    ['2026-12-01', '2026-12-09', 6, 'warning'],
    ['2026-12-01', '2026-12-15', 10, 'warning'],
    ['2026-12-01', '2026-12-16', 11, 'error'],
    ['2026-12-09', '2026-12-01', 0, 'ok'], // entered before received: no lag
  ] as const)('received %s, entered %s → %i business days, %s', (received, entered, days, level) => {
    expect(businessDaysBetween(received, entered)).toBe(days);
    expect(revocationLag(received, entered)).toEqual({ days, level });
  });
});

describe('R23 dashboard: late revocation entries', () => {
  const day = (d: string) => Date.parse(`${d}T12:00:00Z`);
  const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
  let n = 0;
  const ev = (over: Partial<RevocationFacts> & { received: string; entered: string }): RevocationFacts => ({
    id: `ce-${String(++n).padStart(3, '0')}`,
    patientId: 'pt-synthetic-1',
    phoneHash: 'h1',
    purpose: 'appointment-reminders',
    action: 'revoke',
    method: 'phone-call',
    staffId: 'st-1',
    recordedAt: day(over.entered),
    receivedAt: day(over.received),
    ...over,
  });

  it.each<[string, RevocationFacts[], { level: string; days: number; purposes: string[] }[]]>([
    ['entered on time → nothing', [ev({ received: '2026-12-01', entered: '2026-12-08' })], []],
    ['6 business days → warning', [ev({ received: '2026-12-01', entered: '2026-12-09' })], [{ level: 'warning', days: 6, purposes: ['appointment-reminders'] }]],
    ['11 business days → error', [ev({ received: '2026-12-01', entered: '2026-12-16' })], [{ level: 'error', days: 11, purposes: ['appointment-reminders'] }]],
    [
      'one request for every purpose is one row',
      ['appointment-reminders', 'billing', 'care'].map((purpose, i) => ({ ...ev({ purpose, received: '2026-12-01', entered: '2026-12-09' }), recordedAt: day('2026-12-09') + i * 40 })),
      [{ level: 'warning', days: 6, purposes: ['appointment-reminders', 'billing', 'care'] }],
    ],
    ['a STOP by text or the carrier is never late', [ev({ method: 'sms-keyword', received: '2026-12-01', entered: '2026-12-16' }), ev({ method: 'gateway-21610', received: '2026-12-01', entered: '2026-12-16' })], []],
    ['grants are not revocations', [ev({ action: 'grant', received: '2026-12-01', entered: '2026-12-16' })], []],
    [
      'errors come first',
      [ev({ received: '2026-12-01', entered: '2026-12-09', patientId: 'pt-synthetic-2' }), ev({ received: '2026-11-02', entered: '2026-12-01', patientId: 'pt-synthetic-3' })],
      [
        { level: 'error', days: 21, purposes: ['appointment-reminders'] },
        { level: 'warning', days: 6, purposes: ['appointment-reminders'] },
      ],
    ],
  ])('%s', (_label, events, expected) => {
    expect(lateRevocationEntries(events, dayOf).map(({ level, days, purposes }) => ({ level, days, purposes }))).toEqual(expected);
  });
});
