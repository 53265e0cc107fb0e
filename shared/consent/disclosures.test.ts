/** R31 disclosures and R32 marketing-in-writing, table-driven. */
import { describe, expect, it } from 'vitest';
import { checkConsentCapture, consentDisclosures, type CaptureInput } from './disclosures';

describe('R31 the consent disclosure names everything the patient must see', () => {
  it.each(['en', 'es'] as const)('%s', (language) => {
    const text = consentDisclosures('Synthetic Family Clinic', ['appointment-reminders', 'billing'], language).map((l) => l.text).join(' ');
    expect(text).toContain('Synthetic Family Clinic');
    expect(text).toMatch(language === 'en' ? /appointment reminders.*billing/ : /recordatorios.*facturación/);
    expect(text).toMatch(language === 'en' ? /up to 4 messages/ : /hasta 4 mensajes/);
    expect(text).toMatch(language === 'en' ? /Msg & data rates may apply/ : /tarifas de mensajes y datos/);
    expect(text).toMatch(/STOP/);
    expect(text).toMatch(/HELP/);
  });
});

describe('R32 checkConsentCapture', () => {
  const ok: CaptureInput = { purposes: ['appointment-reminders'], method: 'electronic-form', signature: 'data:image/png;base64,AAAA', disclosuresShown: true };
  it.each<[string, Partial<CaptureInput>, RegExp | null]>([
    ['a signed in-person capture', {}, null],
    ['nothing ticked', { purposes: [] }, /at least one/],
    ['marketing agreed verbally', { purposes: ['marketing'], method: 'verbal', signature: null }, /written consent/],
    ['marketing on a signed form', { purposes: ['marketing'], method: 'paper-form', signature: null }, null],
    ['in person without a signature', { signature: null }, /sign/],
    ['disclosure not shown', { disclosuresShown: false }, /shown or read/],
    ['verbal reminders, no signature needed', { method: 'verbal', signature: null }, null],
  ])('%s', (_label, change, problem) => {
    const problems = checkConsentCapture({ ...ok, ...change });
    if (problem) expect(problems.join(' ')).toMatch(problem);
    else expect(problems).toEqual([]);
  });
});
