/**
 * CSV export of audit records, one row per record in the trail's columns (cells written by
 * shared/text/csv.ts: RFC 4180, formula injection neutralised).
 */
import { csvCell, toCsv } from '../../shared/text/csv';
import type { AuditRecord } from './audit-record';

export { csvCell };

export const CSV_COLUMNS = ['seq', 'at', 'actorId', 'actorRole', 'device', 'action', 'objectType', 'objectId', 'outcome', 'detail'] as const;

export function auditRecordsToCsv(records: Iterable<AuditRecord>): string {
  return toCsv(CSV_COLUMNS, Array.from(records, (record) => CSV_COLUMNS.map((c) => record[c])));
}
