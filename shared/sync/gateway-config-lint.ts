/**
 * Owns the gateway configuration lint (R12–R14): given the gateway settings, the list of
 * settings that are not compliant for sending PHI, each with a stable code, a severity and a
 * plain-English fix for the administrator. Pure, so the gateway panel shows it and tests pin it.
 * Training mode sends only to simulated patients, so nothing is reported there.
 */

export interface LintInput {
  readonly mode: 'training' | 'production';
  readonly baseUrl: string | null;
  readonly baa: { readonly signedOn: string } | null;
  readonly redactAfterSync: boolean;
  readonly automatedPaused?: boolean;
}

export type LintCode = 'NO_BAA' | 'INSECURE_BASE_URL' | 'REDACTION_OFF' | 'AUTOMATED_HALTED';

export interface LintFinding {
  readonly code: LintCode;
  /** `blocking`: production sending is refused until fixed; `warning`: allowed but non-compliant. */
  readonly severity: 'blocking' | 'warning';
  readonly message: string;
}

/** An https address with a host (shared code has no URL parser: a strict pattern instead). */
function isHttps(raw: string | null): boolean {
  return raw !== null && /^https:\/\/[^\s/?#@]+(\/[^\s]*)?$/i.test(raw.trim());
}

export function lintGatewayConfig(input: LintInput): LintFinding[] {
  if (input.mode !== 'production') return [];
  const out: LintFinding[] = [];
  if (!input.baa) {
    out.push({ code: 'NO_BAA', severity: 'blocking', message: 'No Business Associate Agreement is recorded for the gateway vendor, so every send is refused. Record the BAA below.' });
  }
  if (!isHttps(input.baseUrl)) {
    out.push({ code: 'INSECURE_BASE_URL', severity: 'warning', message: 'The gateway address does not use https. Messages would cross the network unencrypted; use the provider’s https address.' });
  }
  if (!input.redactAfterSync) {
    out.push({ code: 'REDACTION_OFF', severity: 'warning', message: 'Message text stays at the gateway after it is synced. Turn on “Remove message text from the gateway after syncing”.' });
  }
  if (input.automatedPaused) {
    out.push({ code: 'AUTOMATED_HALTED', severity: 'blocking', message: 'Automated sending is halted: the carrier reported the practice number as not registered (30034/30032). Fix the registration, then resume.' });
  }
  return out;
}
