/** The one gate, table-driven: each rule refuses or defers with its typed code; replies vs automated. */
import { describe, expect, it } from 'vitest';
import { evaluateSend, type GateInput, type GatePolicy } from './compliance-gate';
import { explainGatewayError, KNOWN_GATEWAY_ERROR_CODES } from './gateway-errors';

const policy: GatePolicy = { practiceTimeZone: 'America/New_York', automatedPer24h: 3, repliesExemptFromQuietHours: true };
const noon = Date.parse('2026-03-10T16:00:00Z'); // 12:00 EDT
const night = Date.parse('2026-03-11T03:00:00Z'); // 23:00 EDT
const base: GateInput = {
  to: '+12025550123', body: 'Your appointment is tomorrow at 9:00.', automated: true, notBefore: null, notAfter: null,
  recipientTimeZone: null, recipientStates: [], now: noon, suppressed: null,
  gateway: { kind: 'sandbox', baaOnFile: false }, recentAutomatedSends: [],
};

describe('evaluateSend', () => {
  it.each<[string, Partial<GateInput>, string, string?]>([
    ['ok', {}, 'send'],
    ['opted out', { suppressed: { since: '2026-03-02T10:00:00Z' } }, 'refuse', 'RECIPIENT_OPTED_OUT'],
    ['opted out beats everything, replies too', { suppressed: { since: '2026-03-02T10:00:00Z' }, automated: false, now: night }, 'refuse', 'RECIPIENT_OPTED_OUT'],
    ['production without BAA', { gateway: { kind: 'production', baaOnFile: false } }, 'refuse', 'GATEWAY_NOT_COVERED'],
    ['production with BAA', { gateway: { kind: 'production', baaOnFile: true } }, 'send'],
    ['sandbox needs no BAA', { gateway: { kind: 'sandbox', baaOnFile: false } }, 'send'],
    ['suspended number refuses automated sends', { numberSuspended: true }, 'refuse', 'NUMBER_SUSPENDED'],
    ['suspended number still takes staff replies', { numberSuspended: true, automated: false }, 'send'],
    ['bad number', { to: '2025550123' }, 'refuse', 'INVALID_RECIPIENT'],
    ['empty body', { body: '   ' }, 'refuse', 'EMPTY_MESSAGE'],
    ['window passed', { notAfter: noon - 1 }, 'refuse', 'SEND_WINDOW_PASSED'],
    ['not yet', { notBefore: noon + 60_000 }, 'defer', 'NOT_BEFORE'],
    ['automated at night', { now: night }, 'defer', 'QUIET_HOURS'],
    ['reply at night is exempt', { now: night, automated: false }, 'send'],
    ['automated at night expiring before morning', { now: night, notAfter: night + 3_600_000 }, 'refuse', 'NO_SEND_TIME'],
    ['recipient zone used', { recipientTimeZone: 'America/Los_Angeles', now: Date.parse('2026-03-10T14:30:00Z') }, 'defer', 'QUIET_HOURS'],
    ['two recent: ok', { recentAutomatedSends: [noon - 1000, noon - 2000] }, 'send'],
    ['three recent: cap', { recentAutomatedSends: [noon - 1000, noon - 2000, noon - 3000] }, 'defer', 'FREQUENCY_CAP'],
    ['old sends do not count', { recentAutomatedSends: [noon - 25 * 3_600_000, noon - 2000, noon - 3000] }, 'send'],
    ['replies are not capped', { automated: false, recentAutomatedSends: [noon - 1000, noon - 2000, noon - 3000] }, 'send'],
    ['R25: the one opt-out confirmation reaches a number that just opted out', { suppressed: { since: '2026-03-10T15:59:00Z' }, autoReply: 'stop-confirmation' }, 'send'],
    ['R25: nothing else does, not even a HELP answer', { suppressed: { since: '2026-03-10T15:59:00Z' }, autoReply: 'help' }, 'refuse', 'RECIPIENT_OPTED_OUT'],
    ['R25: the confirmation after its five minutes is refused', { autoReply: 'stop-confirmation', notAfter: noon - 1 }, 'refuse', 'SEND_WINDOW_PASSED'],
    ['R29: a HELP answer at night goes at once', { autoReply: 'help', now: night }, 'send'],
    ['R29: a HELP answer is not held by the cap', { autoReply: 'help', recentAutomatedSends: [noon - 1000, noon - 2000, noon - 3000] }, 'send'],
    ['R17: automated text outside the patient’s contact hours waits for them', { recipientWindow: { startMinute: 17 * 60, endMinute: 19 * 60 } }, 'defer', 'QUIET_HOURS'],
    ['R17: inside the patient’s contact hours it goes', { recipientWindow: { startMinute: 11 * 60, endMinute: 13 * 60 } }, 'send'],
    ['R17: contact hours do not hold a staff reply', { recipientWindow: { startMinute: 17 * 60, endMinute: 19 * 60 }, automated: false }, 'send'],
    ['R19: a number under wrong-number review takes nothing', { underReview: true, automated: false }, 'refuse', 'NUMBER_UNDER_REVIEW'],
  ])('%s', (_name, change, action, code) => {
    const d = evaluateSend({ ...base, ...change }, policy);
    expect(d.action).toBe(action);
    if (code) expect(d).toMatchObject({ code });
  });

  it('defers the cap until the oldest counted send is 24 h old', () => {
    const d = evaluateSend({ ...base, recentAutomatedSends: [noon - 3000, noon - 1000, noon - 2000] }, policy);
    expect(d).toEqual({ action: 'defer', code: 'FREQUENCY_CAP', until: noon - 3000 + 86_400_000 });
  });
});

describe('the opt-out refusal names how the patient opted out, as the inbox check does', () => {
  it.each([
    [{ since: '2026-03-02T10:00:00Z', source: 'keyword', keyword: 'STOP' }, 'on 2026-03-02 by text “STOP”'],
    [{ since: '2026-03-02T10:00:00Z', source: 'carrier' }, 'at the carrier (STOP)'],
    [{ since: '2026-03-02T10:00:00Z' }, 'as recorded by staff'],
  ] as const)('%j', (suppressed, phrase) => {
    const d = evaluateSend({ ...base, suppressed }, policy);
    expect(d.action === 'refuse' && d.message).toContain(phrase);
  });
});

describe('explainGatewayError', () => {
  it.each(KNOWN_GATEWAY_ERROR_CODES.map((c) => [c]))('%i has a plain explanation', (code) => {
    const info = explainGatewayError(code);
    expect(info.code).toBe(code);
    expect(info.explanation.length).toBeGreaterThan(20);
    expect(info.explanation).not.toMatch(/\+\d{6,}/);
  });
  it.each([
    [21610, undefined, 'opted-out', false], [30006, undefined, 'landline', false], [30003, undefined, 'unreachable', false],
    [20429, 429, 'rate-limited', true], [null, 429, 'rate-limited', true], [null, 503, 'server', true], [30034, undefined, 'sender-unregistered', false],
    [null, 401, 'auth', false], [39999, undefined, 'unknown', false],
  ] as const)('%s/%s → %s retryable=%s', (code, status, kind, retry) => {
    expect(explainGatewayError(code, status)).toMatchObject({ kind, retryable: retry });
  });
});
