/**
 * Owns how a number's consent to texts is read from the append-only consent ledger: the state
 * for one purpose is the latest event (by the time it was recorded, then by id so every replica
 * agrees), never a stored flag. R27: once revoked, only the patient re-opts in — an inbound
 * START (method sms-keyword) or a new consent with a documentary source (paper or electronic
 * form, patient portal); a grant staff enter from a conversation (verbal, phone call, e-mail)
 * after a revocation does not lift it. Pure; the events come from the practice database.
 */

export type ConsentAction = 'grant' | 'revoke';

export interface ConsentEventFacts {
  readonly id: string;
  readonly action: ConsentAction;
  readonly method: string;
  readonly keyword: string;
  readonly recordedAt: number;
}

export type ConsentState =
  | { readonly state: 'none' }
  | { readonly state: 'granted' | 'revoked'; readonly since: number; readonly method: string; readonly keyword: string };

/** Orders events as every desk does: recorded time, then id. */
export function compareConsentEvents(a: ConsentEventFacts, b: ConsentEventFacts): number {
  return a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** R27: the ways a revoked number can be opted back in (from the patient, or documented). */
export const RE_OPT_IN_METHODS: ReadonlySet<string> = new Set(['sms-keyword', 'paper-form', 'electronic-form', 'patient-portal']);

export function deriveConsentState(events: readonly ConsentEventFacts[]): ConsentState {
  const ordered = [...events].sort(compareConsentEvents);
  let state: ConsentState = { state: 'none' };
  for (const e of ordered) {
    if (e.action === 'revoke') state = { state: 'revoked', since: e.recordedAt, method: e.method, keyword: e.keyword };
    else if (state.state !== 'revoked' || RE_OPT_IN_METHODS.has(e.method)) state = { state: 'granted', since: e.recordedAt, method: e.method, keyword: e.keyword };
  }
  return state;
}

/** R32: ways of consenting that count as prior express written consent (a signed or portal form). */
export const WRITTEN_CONSENT_METHODS: ReadonlySet<string> = new Set(['paper-form', 'electronic-form', 'patient-portal']);

/**
 * R32: written consent in force — the purpose is granted now and a grant in writing was recorded
 * after the last revocation. A START after an opt-out restores reminders, not marketing that
 * needs a signature: that takes a new written form.
 */
export function writtenConsentInForce(events: readonly ConsentEventFacts[]): boolean {
  if (deriveConsentState(events).state !== 'granted') return false;
  const ordered = [...events].sort(compareConsentEvents);
  let written = false;
  for (const e of ordered) {
    if (e.action === 'revoke') written = false;
    else if (WRITTEN_CONSENT_METHODS.has(e.method)) written = true;
  }
  return written;
}
