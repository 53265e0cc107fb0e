/** The campaign planner, table-driven: zones and DST, quiet hours by state, caps across campaigns, consent, landlines, language. */
import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import { deriveConsentState, writtenConsentInForce, type ConsentEventFacts } from '../consent/consent-state';
import { planCampaign, type CampaignSettings, type PlanAppointment, type PlanPatient, type PlanInput } from './planner';

const NY = 'America/New_York';
const at = (y: number, mo: number, d: number, h: number, mi = 0, zone = NY) => new TZDate(y, mo - 1, d, h, mi, zone).getTime();
const none = deriveConsentState([]);
const granted = deriveConsentState([{ id: 'g', action: 'grant', method: 'paper-form', keyword: '', recordedAt: 1 }]);
const revoked = deriveConsentState([{ id: 'g', action: 'grant', method: 'paper-form', keyword: '', recordedAt: 1 }, { id: 'r', action: 'revoke', method: 'sms-keyword', keyword: 'STOP', recordedAt: 2 }]);

const EN = 'Hi {{firstName}}, {{practiceName}} reminds you of your visit on {{appointmentDate}} at {{appointmentTime}}. Reply C to confirm, STOP to opt out.';
const ES = 'Hola {{firstName}}: {{practiceName}} le recuerda su cita del {{appointmentDate}} a las {{appointmentTime}}. Responda C para confirmar, STOP para salir.';

const campaign = (over: Partial<CampaignSettings> = {}): CampaignSettings => ({
  id: 'c1',
  touches: [
    { offsetMinutes: -3 * 24 * 60, templates: { en: EN, es: ES } },
    { offsetMinutes: -24 * 60, templates: { en: EN, es: ES } },
  ],
  stopAfterConfirm: true,
  perDay: 1,
  perWeek: 3,
  practice: { name: 'Testville Clinic', phone: '(555) 555-0100', timeZone: NY },
  minLeadMinutes: 60,
  messagesPerSecond: 1,
  costPerSegment: 0.0083,
  ...over,
});
const patient = (id: string, over: Partial<PlanPatient> = {}): PlanPatient => ({
  id, givenName: 'Alpha', phone: `+1202555${id.padStart(4, '0').slice(-4)}`, phoneType: 'mobile', phoneSource: 'patient', textingPreference: 'any', preferredLanguage: 'en', consent: none, ...over,
});
const appt = (id: string, patientId: string, startsAt: number, over: Partial<PlanAppointment> = {}): PlanAppointment => ({ id, patientId, startsAt, timeZone: NY, status: 'booked', ...over });
const NOW = at(2026, 3, 2, 9); // Monday 2 March 2026, 9:00 New York

function plan(appointments: PlanAppointment[], patients: PlanPatient[], over: Partial<PlanInput> = {}) {
  return planCampaign({ campaign: campaign(), appointments, patients: new Map(patients.map((p) => [p.id, p])), existing: new Map(), now: NOW, ...over });
}

describe('campaign planner', () => {
  it('plans each touch at its time, with deterministic ids, merge fields in the patient’s language', () => {
    const p = plan([appt('a1', '101', at(2026, 3, 6, 10)), appt('a2', '102', at(2026, 3, 6, 11))], [patient('101'), patient('102', { preferredLanguage: 'es', givenName: 'Eco' })]);
    expect(p.sends.map((s) => [s.clientId, new Date(s.notBefore).toISOString()])).toEqual([
      ['cmp-c1-a1-0', new Date(at(2026, 3, 3, 10)).toISOString()],
      ['cmp-c1-a2-0', new Date(at(2026, 3, 3, 11)).toISOString()],
      ['cmp-c1-a1-1', new Date(at(2026, 3, 5, 10)).toISOString()],
      ['cmp-c1-a2-1', new Date(at(2026, 3, 5, 11)).toISOString()],
    ]);
    expect(p.sends[0]!.body).toBe('Hi Alpha, Testville Clinic reminds you of your visit on Friday, March 6 at 10:00 AM. Reply C to confirm, STOP to opt out.');
    expect(p.sends[1]!.body).toContain('Hola Eco: Testville Clinic le recuerda su cita del viernes 6 de marzo a las 11:00');
    expect(p.sends.every((s) => s.notAfter === s.notBefore - s.notBefore + (s.appointmentId === 'a1' ? at(2026, 3, 6, 10) : at(2026, 3, 6, 11)) - 30 * 60_000)).toBe(true);
    expect(p).toMatchObject({ patients: 2, segments: 4, estimatedCost: 0.03, overCapacity: 0 });
  });

  it.each<[string, Partial<PlanPatient>, string]>([
    ['R21: opted out', { consent: revoked }, 'CONSENT_REVOKED'],
    ['R17: do not text', { textingPreference: 'none', consent: granted }, 'DO_NOT_TEXT'],
    ['R18: no consent and a number staff typed', { phoneSource: 'staff' }, 'NO_CONSENT'],
    ['R18: provenance unknown', { phoneSource: 'unknown' }, 'NO_CONSENT'],
    ['landline', { phoneType: 'landline', consent: granted }, 'LANDLINE'],
    ['no number', { phone: null }, 'NO_PHONE'],
  ])('%s → skipped (%s)', (_label, over, reason) => {
    const p = plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101', over)]);
    expect(p.sends).toHaveLength(0);
    expect(p.skipped).toEqual([{ appointmentId: 'a1', patientId: '101', touch: null, reason }]);
  });

  it('R32: a marketing campaign whose audience lacks written consent sends zero messages; only written consent in force counts', () => {
    const ev = (id: string, action: 'grant' | 'revoke', method: string, t: number, keyword = ''): ConsentEventFacts => ({ id, action, method, keyword, recordedAt: t });
    const audiences: [string, ConsentEventFacts[], number][] = [
      ['no consent, number the patient gave', [], 0],
      ['verbal consent to marketing', [ev('v', 'grant', 'verbal', 1)], 0],
      ['phone-call consent', [ev('p', 'grant', 'phone-call', 1)], 0],
      ['signed form, then STOP', [ev('w', 'grant', 'paper-form', 1), ev('s', 'revoke', 'sms-keyword', 2, 'STOP')], 0],
      ['signed form, STOP, then START (a keyword is not written consent)', [ev('w', 'grant', 'paper-form', 1), ev('s', 'revoke', 'sms-keyword', 2, 'STOP'), ev('st', 'grant', 'sms-keyword', 3, 'START')], 0],
      ['signed paper form', [ev('w', 'grant', 'paper-form', 1)], 2],
      ['electronic form with signature', [ev('e', 'grant', 'electronic-form', 1)], 2],
      ['signed form, STOP, new signed form', [ev('w', 'grant', 'paper-form', 1), ev('s', 'revoke', 'sms-keyword', 2, 'STOP'), ev('w2', 'grant', 'electronic-form', 3)], 2],
    ];
    for (const [label, events, expected] of audiences) {
      const p = planCampaign({
        campaign: campaign({ purpose: 'marketing' }),
        appointments: [appt('a1', '101', at(2026, 3, 6, 10))],
        patients: new Map([['101', patient('101', { consent: deriveConsentState(events), writtenConsent: writtenConsentInForce(events) })]]),
        existing: new Map(),
        now: NOW,
      });
      expect([label, p.sends.length]).toEqual([label, expected]);
      if (expected === 0) expect([label, p.skipped.map((s) => s.reason)]).toEqual([label, [events.some((e) => e.action === 'revoke') && deriveConsentState(events).state === 'revoked' ? 'CONSENT_REVOKED' : 'NO_WRITTEN_CONSENT']]);
    }
    // The same audience without written consent still gets appointment reminders (the number is theirs).
    expect(plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101')]).sends).toHaveLength(2);
  });

  it('R18: recorded consent covers a number staff typed; appointments-only patients get appointment reminders', () => {
    expect(plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101', { phoneSource: 'staff', consent: granted })]).sends).toHaveLength(2);
    expect(plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101', { textingPreference: 'appointments-only' })]).sends).toHaveLength(2);
  });

  it.each<[string, PlanAppointment['status'], string | null]>([
    ['cancelled', 'cancelled', 'APPOINTMENT_NOT_BOOKED'],
    ['completed', 'completed', 'APPOINTMENT_NOT_BOOKED'],
    ['confirmed with stop-after-confirm', 'confirmed', 'ALREADY_CONFIRMED'],
    ['booked', 'booked', null],
  ])('an appointment %s', (_label, status, reason) => {
    const p = plan([appt('a1', '101', at(2026, 3, 6, 10), { status })], [patient('101')]);
    if (reason) expect(p.skipped[0]).toMatchObject({ reason });
    else expect(p.sends).toHaveLength(2);
  });

  it('R34: a touch at night in the patient’s zone is deferred to 8:00, or moved to the evening before when deferring would be too late', () => {
    const early = plan([appt('a1', '101', at(2026, 3, 6, 7, 30))], [patient('101')], { campaign: campaign({ touches: [{ offsetMinutes: -120, templates: { en: EN, es: ES } }] }) });
    // 5:30 is quiet; 8:00 is after the visit: moved to 20:59 the evening before.
    expect(early.sends[0]).toMatchObject({ adjusted: 'moved', notBefore: at(2026, 3, 5, 20, 59) });
    const late = plan([appt('a1', '101', at(2026, 3, 6, 13))], [patient('101')], { campaign: campaign({ touches: [{ offsetMinutes: -7 * 60, templates: { en: EN, es: ES } }] }) });
    expect(late.sends[0]).toMatchObject({ adjusted: 'deferred', notBefore: at(2026, 3, 6, 8) });
  });

  it.each<[string, string, number]>([
    ['federal: 20:30 is fine', '', 20 * 60 + 30],
    ['Florida: 20:30 is quiet (ends at 20:00)', 'FL', 20 * 60 + 30],
    ['Connecticut: 8:30 is quiet (starts at 9:00)', 'CT', 8 * 60 + 30],
  ])('R34 by state — %s', (_label, state, minute) => {
    const due = at(2026, 3, 5, Math.floor(minute / 60), minute % 60);
    const p = plan([appt('a1', '101', due + 24 * 3_600_000)], [patient('101', state ? { addressState: state } : {})], { campaign: campaign({ touches: [{ offsetMinutes: -24 * 60, templates: { en: EN, es: ES } }] }) });
    expect(p.sends[0]!.adjusted).toBe(state ? 'deferred' : 'none');
  });

  it('uses the patient’s own zone: 9:00 in New York is 6:00 in Los Angeles (deferred)', () => {
    const p = plan([appt('a1', '101', at(2026, 3, 6, 12))], [patient('101', { timeZone: 'America/Los_Angeles' })], { campaign: campaign({ touches: [{ offsetMinutes: -27 * 60, templates: { en: EN, es: ES } }] }) });
    expect(p.sends[0]).toMatchObject({ adjusted: 'deferred', notBefore: at(2026, 3, 5, 8, 0, 'America/Los_Angeles') });
  });

  it('DST: touches across the spring-forward night keep local wall-clock sense', () => {
    // Clocks go forward on Sunday 8 March 2026 at 2:00 in New York.
    const start = at(2026, 3, 9, 10); // Monday 10:00 EDT
    const p = plan([appt('a1', '101', start)], [patient('101')], { campaign: campaign({ touches: [{ offsetMinutes: -2 * 24 * 60, templates: { en: EN, es: ES } }] }) });
    // 48 hours before 10:00 EDT Monday is 9:00 EST Saturday (one hour lost overnight), inside the window.
    expect(p.sends[0]!.notBefore).toBe(at(2026, 3, 7, 9));
    expect(p.sends[0]!.body).toContain('Monday, March 9 at 10:00 AM');
  });

  it('R35: at most one automated text a day per number, across campaigns; the weekly cap counts the last 7 days', () => {
    const existing = new Map([['+12025550101', [at(2026, 3, 5, 9)]]]);
    const p = plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101')], { existing });
    expect(p.sends.map((s) => s.touch)).toEqual([0]);
    expect(p.skipped).toEqual([{ appointmentId: 'a1', patientId: '101', touch: 1, reason: 'CAP' }]);
    const busy = new Map([['+12025550101', [at(2026, 3, 2, 12), at(2026, 3, 3, 12), at(2026, 3, 4, 12)]]]);
    expect(plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101')], { existing: busy }).skipped.map((s) => s.reason)).toEqual(['CAP', 'CAP']);
  });

  it('two appointments for one patient on the same day share the daily cap', () => {
    const p = plan([appt('a1', '101', at(2026, 3, 6, 10)), appt('a2', '101', at(2026, 3, 6, 15))], [patient('101')]);
    expect(p.sends.map((s) => s.clientId)).toEqual(['cmp-c1-a1-0', 'cmp-c1-a1-1']);
    expect(p.skipped.map((s) => s.reason)).toEqual(['CAP', 'CAP']);
  });

  it('skips touches whose time has passed; a missing merge value or a health detail skips the touch', () => {
    const p = plan([appt('a1', '101', at(2026, 3, 4, 10))], [patient('101')]);
    expect(p.skipped).toEqual([{ appointmentId: 'a1', patientId: '101', touch: 0, reason: 'TOO_LATE' }]);
    const merge = plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101', { givenName: '' })]);
    expect(merge.skipped.map((s) => s.reason)).toEqual(['MERGE_MISSING', 'MERGE_MISSING']);
    const phi = plan([appt('a1', '101', at(2026, 3, 6, 10))], [patient('101')], {
      campaign: campaign({ touches: [{ offsetMinutes: -24 * 60, templates: { en: 'Your HIV test results are ready, {{firstName}}.', es: ES } }] }),
    });
    expect(phi.skipped.map((s) => s.reason)).toEqual(['PHI_GUARD']);
  });

  it('reports a day that holds more than the sender’s rate can send before the deadlines', () => {
    const patients = Array.from({ length: 50 }, (_, i) => patient(String(200 + i)));
    const appointments = patients.map((p, i) => appt(`a${i}`, p.id, at(2026, 3, 3, 9, 45)));
    const p = plan(appointments, patients, { campaign: campaign({ messagesPerSecond: 0.01, touches: [{ offsetMinutes: -60, templates: { en: EN, es: ES } }] }) });
    expect(p.sends).toHaveLength(50);
    expect(p.overCapacity).toBeGreaterThan(0);
    expect(p.perDay).toEqual([{ day: '2026-03-03', sends: 50 }]);
  });
});
