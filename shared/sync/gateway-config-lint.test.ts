/** The gateway configuration lint (R14 test): each non-compliant production setting is reported; training reports nothing. */
import { describe, expect, it } from 'vitest';
import { lintGatewayConfig, type LintInput } from './gateway-config-lint';

const good: LintInput = { mode: 'production', baseUrl: 'https://api.twilio.com', baa: { signedOn: '2026-01-15' }, redactAfterSync: true };
const codes = (i: Partial<LintInput>) => lintGatewayConfig({ ...good, ...i }).map((f) => f.code);

describe('lintGatewayConfig', () => {
  it('a compliant production configuration has no findings', () => expect(codes({})).toEqual([]));
  it('training mode reports nothing, whatever the settings', () => {
    expect(codes({ mode: 'training', baa: null, baseUrl: 'http://127.0.0.1:1', redactAfterSync: false, automatedPaused: true })).toEqual([]);
  });
  it.each<[string, Partial<LintInput>, string, 'blocking' | 'warning']>([
    ['no BAA', { baa: null }, 'NO_BAA', 'blocking'],
    ['plain http', { baseUrl: 'http://127.0.0.1:8080' }, 'INSECURE_BASE_URL', 'warning'],
    ['no address', { baseUrl: null }, 'INSECURE_BASE_URL', 'warning'],
    ['unparseable address', { baseUrl: 'not a url' }, 'INSECURE_BASE_URL', 'warning'],
    ['redaction off', { redactAfterSync: false }, 'REDACTION_OFF', 'warning'],
    ['halted after 30034', { automatedPaused: true }, 'AUTOMATED_HALTED', 'blocking'],
  ])('%s', (_label, input, code, severity) => {
    const findings = lintGatewayConfig({ ...good, ...input });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code, severity });
    expect(findings[0]!.message.length).toBeGreaterThan(20);
  });
  it('lists every problem at once', () => {
    expect(codes({ baa: null, baseUrl: 'http://localhost', redactAfterSync: false })).toEqual(['NO_BAA', 'INSECURE_BASE_URL', 'REDACTION_OFF']);
  });
});
