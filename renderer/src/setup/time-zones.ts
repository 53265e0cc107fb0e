/**
 * Time zones for the first-run wizard: the main US zones first (with their everyday names),
 * then every other America/* zone the runtime knows. The practice's zone is asked for, never
 * taken silently from the computer (often UTC): the computer's zone is only suggested, and only
 * when it is a zone a US practice can be in.
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

/** This computer's zone ('' when the runtime cannot tell). */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

const US_TERRITORIES = new Set(['Pacific/Honolulu', 'Pacific/Guam', 'Pacific/Pago_Pago', 'Pacific/Saipan', 'America/Puerto_Rico', 'America/St_Thomas']);

/** A zone a US practice can be in: America/* (the US zones and neighbours) or a US territory's. */
export function isPracticeZone(zone: string): boolean {
  return zone.startsWith('America/') || US_TERRITORIES.has(zone);
}

/** This computer's zone, if it could be the practice's (never UTC or a non-US zone). */
export function suggestedPracticeZone(computerZone: string = browserTimeZone()): string | null {
  return computerZone && isPracticeZone(computerZone) ? computerZone : null;
}

/** The everyday name of a zone ("Eastern — America/New_York"). */
export function zoneLabel(zone: string): string {
  const common = COMMON_US.find(([value]) => value === zone);
  return common ? `${common[1]} — ${zone.replace(/_/g, ' ')}` : zone.replace(/_/g, ' ');
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
  if (current && isPracticeZone(current) && !commonSet.has(current) && !others.some((z) => z.value === current)) {
    groups.push({ label: 'Saved zone', zones: [{ value: current, label: current.replace(/_/g, ' ') }] });
  }
  groups.push({ label: 'United States', zones: common });
  if (others.length) groups.push({ label: 'Other zones in the Americas', zones: others });
  return groups;
}
