/**
 * CSV export of audit records: RFC 4180 (CRLF rows, fields with a comma, quote, CR or LF are
 * quoted, quotes doubled), with spreadsheet formula injection neutralised: any cell that
 * begins with = + - @ (or a tab or CR) is prefixed with an apostrophe.
 */
import type { AuditRecord } from './audit-record';

export const CSV_COLUMNS = ['seq', 'at', 'actorId', 'actorRole', 'device', 'action', 'objectType', 'objectId', 'outcome', 'detail'] as const;

export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditRecordsToCsv(records: Iterable<AuditRecord>): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const record of records) rows.push(CSV_COLUMNS.map((c) => csvCell(record[c])).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
