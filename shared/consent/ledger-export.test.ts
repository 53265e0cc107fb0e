import { describe, expect, it } from 'vitest';
import { ledgerCsv, ledgerRows, type LedgerEventInput } from './ledger-export';

const T = Date.UTC(2026, 2, 2, 15, 4);
const ev = (over: Partial<LedgerEventInput>): LedgerEventInput => ({
  id: 'ce-1', purpose: 'appointment-reminders', action: 'grant', method: 'electronic-form', keyword: '', formVersion: 'sms-consent-2026-12-en',
  disclosures: ['practice', 'rates'], staffId: 'u-ana', recordedAt: T, receivedAt: T, ...over,
});

describe('consent ledger export (R20)', () => {
  const rows = ledgerRows(
    [
      ev({ id: 'ce-3', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', staffId: 'system', recordedAt: T + 2000, receivedAt: T + 1000, sourceText: '=HYPERLINK("http://x") stop' }),
      ev({ id: 'ce-1', signature: 'data:image/png;base64,AAAA' }),
      ev({ id: 'ce-2', purpose: 'billing', recordedAt: T }),
    ],
    (p) => ({ 'appointment-reminders': 'Appointment reminders', billing: 'Billing' })[p] ?? p,
    (id) => (id === 'u-ana' ? 'Ana Testdesk' : id),
  );

  it('orders events the way state is derived (time, then id) and says who, how and with what', () => {
    expect(rows.map((r) => r.id)).toEqual(['ce-1', 'ce-2', 'ce-3']);
    expect(rows[0]).toMatchObject({ event: 'Consent given', method: 'Signed at the desk (electronic)', staff: 'Ana Testdesk', signature: 'yes', recorded: '2026-03-02 15:04 UTC', disclosures: 'practice | rates' });
    expect(rows[2]).toMatchObject({ event: 'Consent withdrawn', keyword: 'STOP', staff: 'CareRelay (automatic)', method: 'Text from the patient', signature: 'no' });
  });

  it('writes CSV with the number on every row, never the signature image, and formulas neutralised', () => {
    const csv = ledgerCsv(rows, '+12025550107');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Recorded,Request received,Number,Purpose,Event/);
    expect(lines.slice(1).every((l) => l.includes("'+12025550107"))).toBe(true);
    expect(csv).not.toContain('base64');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"") stop"`);
  });
});
