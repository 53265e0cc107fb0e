import { describe, expect, it } from 'vitest';
import { isPracticeZone, suggestedPracticeZone, timeZoneGroups, zoneLabel } from './time-zones';

describe('the practice time zone is suggested, never assumed', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['America/Indiana/Indianapolis', 'America/Indiana/Indianapolis'],
    ['Pacific/Honolulu', 'Pacific/Honolulu'],
    ['America/Puerto_Rico', 'America/Puerto_Rico'],
    ['UTC', null],
    ['Etc/UTC', null],
    ['Europe/London', null],
    ['', null],
  ])('computer zone %j → suggestion %j', (zone, suggestion) => {
    expect(suggestedPracticeZone(zone)).toBe(suggestion);
  });
  it('UTC is never offered as a choice', () => {
    expect(isPracticeZone('UTC')).toBe(false);
    const zones = timeZoneGroups('UTC').flatMap((g) => g.zones.map((z) => z.value));
    expect(zones).not.toContain('UTC');
    expect(zones).toContain('America/Chicago');
  });
  it('names the common zones', () => {
    expect(zoneLabel('America/Chicago')).toBe('Central — America/Chicago');
  });
});
