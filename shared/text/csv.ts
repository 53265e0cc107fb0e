/**
 * Owns writing CSV for exports people open in spreadsheets: RFC 4180 (CRLF rows; a field with a
 * comma, quote, CR or LF is quoted, quotes doubled), with formula injection neutralised — a
 * cell that begins with = + - @ (or a tab or CR) is prefixed with an apostrophe. Used by the
 * audit export and the consent-ledger export.
 */

export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
