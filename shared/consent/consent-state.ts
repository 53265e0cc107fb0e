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
