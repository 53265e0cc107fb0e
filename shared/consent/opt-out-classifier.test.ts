/** R22, R23, R19, R27, R29: every labelled inbound text gets its expected intent and action. */
import { describe, expect, it } from 'vitest';
import { classifyIntent, deobfuscate, isRevocation } from './opt-out-classifier';
import { OPT_OUT_EXAMPLES } from './opt-out-examples';

describe('R22 opt-out classifier over the labelled examples', () => {
  it('has at least 150 examples', () => {
    expect(OPT_OUT_EXAMPLES.length).toBeGreaterThanOrEqual(150);
  });
  it.each(OPT_OUT_EXAMPLES.map((e) => [e.text, e.intent, e.action, e.revocation] as const))('%j → %s / %s (revocation %s)', (text, intent, action, revocation) => {
    const result = classifyIntent(text);
    expect({ intent: result.intent, action: result.action }).toEqual({ intent, action });
    expect(isRevocation(result)).toBe(revocation);
  });
});

describe('R22 never acts silently on a look-alike', () => {
  it.each(['Can I stop by at 3?', 'Need to cancel my appointment', 'I quit smoking'])('%j goes to staff', (text) => {
    expect(classifyIntent(text).action).toBe('review');
  });
});

describe('R29 HELP is never a revocation', () => {
  it.each(['HELP', 'help', 'AYUDA', 'H E L P', 'info'])('%j', (text) => {
    const r = classifyIntent(text);
    expect(r.intent).toBe('help');
    expect(isRevocation(r)).toBe(false);
  });
});

describe('deobfuscate', () => {
  it.each([
    ['S T O P', 'STOP'],
    ['s.t.o.p', 'STOP'],
    ['st0p', 'STOP'],
    ['STOOOOP', 'STOP'],
    ['$TOP', 'STOP'],
  ])('%j → %j', (text, out) => expect(deobfuscate(text)).toBe(out));
});
