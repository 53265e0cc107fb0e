import { describe, expect, it } from 'vitest';
import { auditRecordsToCsv, csvCell } from './audit-csv';

describe('CSV cells (RFC 4180 + formula injection)', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [undefined, ''],
    [42, '42'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\rlf', '"cr\rlf"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1 555', "'+1 555"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['=1,2', `"'=1,2"`],
    ['a=b', 'a=b'],
  ])('%j -> %s', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('builds a header plus one CRLF-terminated row per record', () => {
    const csv = auditRecordsToCsv([
      { seq: 1, at: '2026-01-01T00:00:00.000Z', device: 'd', actorId: 'u', actorRole: 'administrator', action: 'audit.export', objectType: 'audit-trail', objectId: 'd', outcome: 'success' },
    ]);
    expect(csv).toBe(
      'seq,at,actorId,actorRole,device,action,objectType,objectId,outcome,detail\r\n1,2026-01-01T00:00:00.000Z,u,administrator,d,audit.export,audit-trail,d,success,\r\n',
    );
  });
});
