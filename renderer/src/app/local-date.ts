/** Today (or `d`) as the computer's local calendar date, YYYY-MM-DD: what date inputs hold. */
export function localDate(d: Date = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
