import { describe, expect, it } from 'vitest';
import { AUTO_REPLY_KINDS, autoReplyText, helpReply, missingFields, optInConfirmation, stopConfirmation } from './keyword-replies';

const practice = { name: 'Testville Family Medicine', phone: '(555) 555-0100' };
const PROMOTIONAL = /\b(offer|sale|discount|deal|promo|free|special|oferta|descuento|promoci)/i;

describe('automatic replies to patients (R25, R29, R30)', () => {
  it.each(AUTO_REPLY_KINDS.flatMap((k) => (['en', 'es'] as const).map((l) => [k, l] as const)))('%s in %s carries every required field and no marketing', (kind, lang) => {
    const text = autoReplyText(kind, practice, lang);
    expect(missingFields(kind, text, practice)).toEqual([]);
    expect(text).not.toMatch(PROMOTIONAL);
    expect(text.length).toBeLessThanOrEqual(320);
  });

  it('R29: the HELP reply names the practice, programme, support number, STOP, frequency and rates', () => {
    const text = helpReply(practice, 'en');
    for (const part of ['Testville Family Medicine', 'appointment reminders', '(555) 555-0100', 'Reply STOP to opt out', 'Up to 4 msgs', 'Msg & data rates may apply']) expect(text).toContain(part);
  });

  it('R25: the opt-out confirmation says no more texts will come and how to resubscribe, and nothing else', () => {
    expect(stopConfirmation(practice, 'en')).toMatch(/no more texts.*START/);
    expect(stopConfirmation(practice, 'es')).toMatch(/no recibirá más.*START/);
  });

  it('R30: the opt-in confirmation names the programmes agreed to and leaves marketing out of the programme', () => {
    const text = optInConfirmation(practice, 'en', ['appointment-reminders', 'billing', 'marketing']);
    expect(text).toContain('appointment reminders and confirmations and billing and payment notices');
    expect(text).not.toMatch(/promotion|marketing/i);
    expect(missingFields('opt-in-confirmation', text, practice)).toEqual([]);
  });

  it('a practice name cannot smuggle line breaks into a text', () => {
    const text = helpReply({ name: 'Evil\nClinic\r\nhttp://x', phone: '555' }, 'en');
    expect(text).not.toMatch(/[\r\n]/);
  });

  it('missingFields reports what a custom text lacks', () => {
    expect(missingFields('help', 'Testville Family Medicine: call us.', practice)).toEqual(['phone', 'stop', 'rates', 'frequency']);
  });
});
