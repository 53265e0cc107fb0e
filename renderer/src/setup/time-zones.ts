/**
 * Time zones for the first-run wizard: the main US zones first (with their everyday names),
 * then every other America/* zone the runtime knows, and this computer's own zone if it is
 * neither (it is the default).
 */

export interface TimeZoneGroup {
  label: string;
  zones: { value: string; label: string }[];
}

const COMMON_US: readonly [string, string][] = [
  ['America/New_York', 'Eastern'],
  ['America/Chicago', 'Central'],
  ['America/Denver', 'Mountain'],
  ['America/Phoenix', 'Mountain, Arizona (no daylight saving)'],
  ['America/Los_Angeles', 'Pacific'],
  ['America/Anchorage', 'Alaska'],
  ['Pacific/Honolulu', 'Hawaii'],
  ['America/Puerto_Rico', 'Atlantic, Puerto Rico'],
];

function supportedZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/New_York';
  } catch {
    return 'America/New_York';
  }
}

export function timeZoneGroups(current: string): TimeZoneGroup[] {
  const supported = supportedZones();
  const known = new Set(supported);
  const common = COMMON_US.filter(([zone]) => known.size === 0 || known.has(zone)).map(([value, name]) => ({
    value,
    label: `${name} — ${value.replace(/_/g, ' ')}`,
  }));
  const commonSet = new Set(common.map((z) => z.value));
  const others = supported
    .filter((zone) => zone.startsWith('America/') && !commonSet.has(zone))
    .map((value) => ({ value, label: value.replace(/_/g, ' ') }));
  const groups: TimeZoneGroup[] = [];
  if (current && !commonSet.has(current) && !others.some((z) => z.value === current)) {
    groups.push({ label: 'This computer', zones: [{ value: current, label: `${current.replace(/_/g, ' ')} (this computer)` }] });
  }
  groups.push({ label: 'United States', zones: common });
  if (others.length) groups.push({ label: 'Other zones in the Americas', zones: others });
  return groups;
}
