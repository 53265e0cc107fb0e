/**
 * Owns the reminder-campaign plan: for each appointment in the audience and each touch of the
 * campaign (e.g. 3 days, 1 day and 2 hours before), who is texted what and when — or skipped,
 * and why — before a manager approves. Pure and deterministic (same inputs, same plan, same
 * ids), so a dry run, the approval and a re-plan on another desk agree. Rules, in order:
 *
 *  1. Appointment: cancelled, no-show or completed → skipped; "stop after confirm" skips the
 *     touches of an appointment already confirmed.
 *  2. Patient and number (R17, R18, R21): opted out, "do not text", no consent to appointment
 *     reminders and a number the patient did not give, a landline, no texting number → skipped.
 *     A campaign tagged marketing (R32) goes only to numbers with written consent to marketing
 *     in force; a number the patient gave is not enough.
 *  3. Time: a touch falls at appointment + offset. Inside the allowed window in the recipient's
 *     zone (federal 8–21, stricter states, the practice's window and the patient's preferred
 *     contact hours) it stays; outside, it is deferred to the next open time when that is still
 *     at least `minLeadMinutes` before the appointment, otherwise moved earlier to the last open
 *     time before it (a 7:30 am visit's "2 hours before" goes the evening before); a touch
 *     whose time has already passed (approved late) or with no allowed time is skipped (R34:
 *     deferred, not dropped, when a time exists).
 *  4. Caps (R35 and the campaign's own): at most `perDay` automated texts per number per
 *     calendar day (recipient's zone) and `perWeek` in any rolling 7 days, counting texts
 *     already planned or sent to the number by other campaigns; a touch over the cap is
 *     skipped (the earlier touches keep their place).
 *  5. Text: the template in the patient's language, merge fields filled (a missing value
 *     skips the touch), the minimum-necessary guard run once per template (a probable health
 *     detail skips every text of that touch and language, R16; merged values are a first name,
 *     a date, a time and the practice's own name and phone, never health details), segments
 *     counted for the cost estimate.
 *  6. Pacing: sends are queued at the sender's rate in time order; the plan reports when a day
 *     holds more than the window lets the rate send, and each send's expected time.
 *
 * Ids: `cmp-<campaign>-<appointment>-<touch>` — approving twice, or on two desks, is one send.
 */
import { automatedSendPermission } from '../inbox/send-permission';
import type { ConsentState } from '../consent/consent-state';
import { appointmentMergeValues } from '../compose/appointment-merge';
import { scanForPhi } from '../compose/phi-guard';
import { renderTemplate } from '../compose/templates';
import { countSegments } from '../sms/segments';
import { intersectWindows, isInsideWindow, lastOpenTimeBefore, nextOpenTime, windowFor, type DailyWindow } from '../sync/quiet-hours';
import { TZDate } from '@date-fns/tz';

export interface PlanAppointment {
  readonly id: string;
  readonly patientId: string;
  readonly startsAt: number;
  /** The location's zone (the practice's when unknown). */
  readonly timeZone: string;
  readonly status: 'booked' | 'confirmed' | 'cancelled' | 'rescheduled' | 'no-show' | 'completed';
  readonly provider?: string;
  readonly location?: string;
}

export interface PlanPatient {
  readonly id: string;
  readonly givenName: string;
  readonly phone: string | null;
  readonly phoneType: 'mobile' | 'landline' | 'voip' | 'unknown' | string;
  readonly phoneSource: string;
  readonly textingPreference: 'any' | 'appointments-only' | 'none';
  readonly preferredLanguage: 'en' | 'es';
  readonly timeZone?: string;
  readonly addressState?: string;
  readonly contactWindow?: DailyWindow;
  /** The number's consent to the campaign's purpose, from the ledger. */
  readonly consent: ConsentState;
  /** R32: written consent to that purpose is in force (`writtenConsentInForce`); marketing needs it. */
  readonly writtenConsent?: boolean;
}

export interface CampaignTouch {
  /** Minutes relative to the appointment start (negative: before). */
  readonly offsetMinutes: number;
  readonly templates: { readonly en: string; readonly es: string };
}

export type CampaignPurpose = 'appointment-reminders' | 'marketing';

export interface CampaignSettings {
  readonly id: string;
  /** What the campaign is for; absent means appointment reminders. Marketing needs written consent (R32). */
  readonly purpose?: CampaignPurpose;
  readonly touches: readonly CampaignTouch[];
  readonly stopAfterConfirm: boolean;
  readonly perDay: number;
  readonly perWeek: number;
  readonly practice: { readonly name: string; readonly phone: string; readonly timeZone: string; readonly window?: DailyWindow };
  /** A touch deferred past this many minutes before the appointment is moved earlier instead. */
  readonly minLeadMinutes: number;
  readonly messagesPerSecond: number;
  /** Price of one SMS segment (US long code, USD). */
  readonly costPerSegment: number;
}

export const DEFAULT_CAPS = { perDay: 1, perWeek: 3 } as const;
/** Twilio's published US long-code price per segment in 2026; the practice can change it. */
export const DEFAULT_COST_PER_SEGMENT = 0.0083;

export type SkipReason =
  | 'APPOINTMENT_NOT_BOOKED'
  | 'ALREADY_CONFIRMED'
  | 'NO_PATIENT'
  | 'NO_PHONE'
  | 'LANDLINE'
  | 'CONSENT_REVOKED'
  | 'DO_NOT_TEXT'
  | 'NO_CONSENT'
  | 'NO_WRITTEN_CONSENT'
  | 'TOO_LATE'
  | 'NO_SEND_TIME'
  | 'CAP'
  | 'MERGE_MISSING'
  | 'PHI_GUARD';

export const SKIP_WORDS: Readonly<Record<SkipReason, string>> = {
  APPOINTMENT_NOT_BOOKED: 'the appointment is cancelled or already happened',
  ALREADY_CONFIRMED: 'the patient already confirmed',
  NO_PATIENT: 'the appointment’s patient is not in CareRelay',
  NO_PHONE: 'no texting number',
  LANDLINE: 'the number is a landline',
  CONSENT_REVOKED: 'the patient opted out',
  DO_NOT_TEXT: 'the patient asked not to be texted',
  NO_CONSENT: 'no consent and the number was not given by the patient',
  NO_WRITTEN_CONSENT: 'marketing needs the patient’s written consent, and none is on file',
  TOO_LATE: 'that reminder’s time has passed',
  NO_SEND_TIME: 'no allowed sending time before the appointment (quiet hours)',
  CAP: 'the patient would get too many texts (daily or weekly cap)',
  MERGE_MISSING: 'the text is missing a detail (a merge field has no value)',
  PHI_GUARD: 'the text may contain health details (minimum necessary)',
};

export interface PlannedSend {
  readonly clientId: string;
  readonly appointmentId: string;
  readonly patientId: string;
  readonly touch: number;
  readonly to: string;
  readonly body: string;
  readonly language: 'en' | 'es';
  readonly segments: number;
  /** When it may go (the touch time, or deferred / moved for quiet hours). */
  readonly notBefore: number;
  /** After this it is pointless (the appointment is about to start). */
  readonly notAfter: number;
  readonly recipientTimeZone: string;
  readonly recipientStates: readonly string[];
  readonly contactWindow: DailyWindow | null;
  /** 'moved' when quiet hours moved it earlier, 'deferred' when later. */
  readonly adjusted: 'none' | 'deferred' | 'moved';
  /** When the pacer is expected to send it (queue at the sender's rate). */
  readonly expectedAt: number;
}

export interface Skipped {
  readonly appointmentId: string;
  readonly patientId: string;
  /** null: every touch of the appointment. */
  readonly touch: number | null;
  readonly reason: SkipReason;
}

export interface CampaignPlan {
  readonly sends: readonly PlannedSend[];
  readonly skipped: readonly Skipped[];
  readonly segments: number;
  readonly estimatedCost: number;
  readonly patients: number;
  readonly skipCounts: Readonly<Partial<Record<SkipReason, number>>>;
  /** Sends per local day of the practice, in order. */
  readonly perDay: readonly { readonly day: string; readonly sends: number }[];
  /** Sends whose expected time is after their deadline at the sender's rate (the day holds too many). */
  readonly overCapacity: number;
}

/** Other automated texts already planned or sent to a number (epoch ms), for the caps. */
export type ExistingLoad = ReadonlyMap<string, readonly number[]>;

const MIN = 60_000;
const DAY = 86_400_000;
/** A reminder that would land this close to the start is pointless. */
const DEADLINE_BEFORE_START = 30 * MIN;

function localDay(t: number, zone: string): string {
  const d = new TZDate(t, zone);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Where a touch may go inside the window, or null. */
function placeTouch(due: number, startsAt: number, now: number, zone: string, window: DailyWindow, minLeadMs: number): { at: number; adjusted: PlannedSend['adjusted'] } | null {
  if (isInsideWindow(due, zone, window)) return due >= now ? { at: due, adjusted: 'none' } : null;
  const later = nextOpenTime(due, zone, window);
  if (later !== null && later >= now && later <= startsAt - minLeadMs) return { at: later, adjusted: 'deferred' };
  const earlier = lastOpenTimeBefore(due, zone, window);
  if (earlier !== null && earlier >= now) return { at: earlier, adjusted: 'moved' };
  return null;
}

/** Memoised per plan: date wording and local days repeat across thousands of appointments. */
export interface PlanCache {
  readonly merge: Map<string, ReturnType<typeof appointmentMergeValues>>;
  readonly days: Map<string, string>;
  readonly phi: Map<string, boolean>;
}

export const newPlanCache = (): PlanCache => ({ merge: new Map(), days: new Map(), phi: new Map() });

function cachedDay(cache: PlanCache, t: number, zone: string): string {
  const key = `${Math.floor(t / 60_000)}|${zone}`;
  let day = cache.days.get(key);
  if (day === undefined) {
    day = localDay(t, zone);
    cache.days.set(key, day);
  }
  return day;
}

/** The minimum-necessary guard over a template's own words (placeholders removed). */
function templateFlagged(cache: PlanCache, template: string): boolean {
  let flagged = cache.phi.get(template);
  if (flagged === undefined) {
    flagged = scanForPhi(template.replace(/\{\{[^{}]*\}\}/g, ' ')).flagged;
    cache.phi.set(template, flagged);
  }
  return flagged;
}

export interface PlanInput {
  readonly campaign: CampaignSettings;
  readonly appointments: readonly PlanAppointment[];
  readonly patients: ReadonlyMap<string, PlanPatient>;
  readonly existing: ExistingLoad;
  readonly now: number;
}

/** Plans one slice of appointments; `load` carries cap counts across slices (and is updated). */
export function planSlice(input: PlanInput, load: Map<string, number[]>, cache: PlanCache = newPlanCache()): { sends: PlannedSend[]; skipped: Skipped[] } {
  const { campaign, now } = input;
  const sends: PlannedSend[] = [];
  const skipped: Skipped[] = [];
  const marketing = campaign.purpose === 'marketing';
  const touches = [...campaign.touches.map((t, i) => ({ ...t, index: i }))].sort((a, b) => a.offsetMinutes - b.offsetMinutes);
  for (const a of input.appointments) {
    const skipAll = (reason: SkipReason, patientId = a.patientId) => skipped.push({ appointmentId: a.id, patientId, touch: null, reason });
    if (a.status !== 'booked' && a.status !== 'confirmed') {
      skipAll('APPOINTMENT_NOT_BOOKED');
      continue;
    }
    if (a.status === 'confirmed' && campaign.stopAfterConfirm) {
      skipAll('ALREADY_CONFIRMED');
      continue;
    }
    const p = input.patients.get(a.patientId);
    if (!p) {
      skipAll('NO_PATIENT');
      continue;
    }
    if (!p.phone) {
      skipAll('NO_PHONE');
      continue;
    }
    if (p.phoneType === 'landline') {
      skipAll('LANDLINE');
      continue;
    }
    const permission = automatedSendPermission({
      consent: p.consent,
      patient: { textingPreference: p.textingPreference, phoneSource: p.phoneSource, numberIsTheirs: true },
      purposeLabel: marketing ? 'marketing' : 'appointment reminders',
    });
    if (permission.kind === 'refused') {
      skipAll(permission.code === 'CONSENT_REVOKED' ? 'CONSENT_REVOKED' : permission.code === 'DO_NOT_TEXT' ? 'DO_NOT_TEXT' : 'NO_CONSENT');
      continue;
    }
    if (marketing && !(p.writtenConsent && permission.basis === 'recorded-consent')) {
      skipAll('NO_WRITTEN_CONSENT');
      continue;
    }
    const zone = p.timeZone ?? a.timeZone ?? campaign.practice.timeZone;
    const states = p.addressState ? [p.addressState.toUpperCase()] : [];
    const window = intersectWindows(windowFor(states, campaign.practice.window), p.contactWindow);
    const apptZone = a.timeZone || campaign.practice.timeZone;
    const mergeKey = `${a.startsAt}|${apptZone}|${p.preferredLanguage}`;
    let when = cache.merge.get(mergeKey);
    if (!when) {
      when = appointmentMergeValues(a.startsAt, apptZone, p.preferredLanguage);
      cache.merge.set(mergeKey, when);
    }
    const merge = { firstName: p.givenName, practiceName: campaign.practice.name, practicePhone: campaign.practice.phone, ...when };
    const sent = load.get(p.phone) ?? [];
    for (const t of touches) {
      const skip = (reason: SkipReason) => skipped.push({ appointmentId: a.id, patientId: p.id, touch: t.index, reason });
      const due = a.startsAt + t.offsetMinutes * MIN;
      if (due < now) {
        // Its time has passed (the campaign was approved late): not sent late.
        skip('TOO_LATE');
        continue;
      }
      const placed = placeTouch(due, a.startsAt, now, zone, window, campaign.minLeadMinutes * MIN);
      if (!placed) {
        skip('NO_SEND_TIME');
        continue;
      }
      const day = cachedDay(cache, placed.at, zone);
      const sameDay = sent.length ? sent.filter((s) => cachedDay(cache, s, zone) === day).length : 0;
      const week = sent.filter((s) => s > placed.at - 7 * DAY && s < placed.at + 7 * DAY);
      const weekOk = week.length === 0 || windowCountMax([...week, placed.at], 7 * DAY) <= campaign.perWeek;
      if (sameDay >= campaign.perDay || !weekOk) {
        skip('CAP');
        continue;
      }
      const template = p.preferredLanguage === 'es' ? t.templates.es : t.templates.en;
      if (templateFlagged(cache, template)) {
        skip('PHI_GUARD');
        continue;
      }
      const rendered = renderTemplate(template, merge);
      if (rendered.missing.length || rendered.unknown.length) {
        skip('MERGE_MISSING');
        continue;
      }
      sent.push(placed.at);
      sends.push({
        clientId: `cmp-${campaign.id}-${a.id}-${t.index}`.slice(0, 128),
        appointmentId: a.id,
        patientId: p.id,
        touch: t.index,
        to: p.phone,
        body: rendered.text,
        language: p.preferredLanguage,
        segments: countSegments(rendered.text).segments,
        notBefore: placed.at,
        notAfter: a.startsAt - DEADLINE_BEFORE_START,
        recipientTimeZone: zone,
        recipientStates: states,
        contactWindow: p.contactWindow ?? null,
        adjusted: placed.adjusted,
        expectedAt: placed.at,
      });
    }
    load.set(p.phone, sent);
  }
  return { sends, skipped };
}

/** The largest number of times inside any span of `span` ms. */
function windowCountMax(times: number[], span: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= span) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Puts the slices together: totals, the pacing simulation, per-day counts. */
export function finishPlan(campaign: CampaignSettings, sends: PlannedSend[], skipped: Skipped[]): CampaignPlan {
  const ordered = [...sends].sort((a, b) => a.notBefore - b.notBefore || (a.clientId < b.clientId ? -1 : 1));
  const gap = 1000 / Math.max(0.01, campaign.messagesPerSecond);
  let free = 0;
  let overCapacity = 0;
  const paced = ordered.map((s) => {
    const at = Math.max(s.notBefore, free);
    free = at + gap;
    if (at > s.notAfter) overCapacity++;
    return at === s.expectedAt ? s : { ...s, expectedAt: at };
  });
  const perDay = new Map<string, number>();
  const cache = newPlanCache();
  for (const s of paced) {
    const d = cachedDay(cache, s.notBefore, campaign.practice.timeZone);
    perDay.set(d, (perDay.get(d) ?? 0) + 1);
  }
  const skipCounts: Partial<Record<SkipReason, number>> = {};
  for (const s of skipped) skipCounts[s.reason] = (skipCounts[s.reason] ?? 0) + 1;
  const segments = paced.reduce((n, s) => n + s.segments, 0);
  return {
    sends: paced,
    skipped,
    segments,
    estimatedCost: Math.round(segments * campaign.costPerSegment * 100) / 100,
    patients: new Set(paced.map((s) => s.patientId)).size,
    skipCounts,
    perDay: [...perDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, n]) => ({ day, sends: n })),
    overCapacity,
  };
}

/** Plans in one go (tests, small audiences). The screens use `planSlice` in chunks to stay responsive. */
export function planCampaign(input: PlanInput): CampaignPlan {
  const load = new Map<string, number[]>([...input.existing.entries()].map(([k, v]) => [k, [...v]]));
  const { sends, skipped } = planSlice(input, load, newPlanCache());
  return finishPlan(input.campaign, sends, skipped);
}
