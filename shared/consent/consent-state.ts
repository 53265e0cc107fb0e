/**
 * Owns how a number's consent to texts is read from the append-only consent ledger: the state
 * for one purpose is the latest event (by the time it was recorded, then by id so every replica
 * agrees), never a stored flag. Pure; the ledger's events come from the practice database.
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

export function deriveConsentState(events: readonly ConsentEventFacts[]): ConsentState {
  let last: ConsentEventFacts | null = null;
  for (const e of events) if (!last || compareConsentEvents(e, last) > 0) last = e;
  if (!last) return { state: 'none' };
  return { state: last.action === 'grant' ? 'granted' : 'revoked', since: last.recordedAt, method: last.method, keyword: last.keyword };
}
