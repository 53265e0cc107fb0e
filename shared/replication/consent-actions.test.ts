/** Consent actions between desks: the same result in any order, table-tested. */
import { describe, expect, it } from 'vitest';
import { decideConsentAction, nextConsentState, type ConsentAction, type NumberConsentState } from './consent-actions';

const n = '+12025550123';
const revoke = (at: number): ConsentAction => ({ id: `ce-r-${at}`, number: n, kind: 'revoke', at });
const restore = (at: number): ConsentAction => ({ id: `ce-g-${at}`, number: n, kind: 'restore', at });

describe('consent actions shared between desks', () => {
  it.each([
    ['a first revocation suppresses and cancels what waited', revoke(10), undefined, null, { suppress: true, cancelCreatedBefore: 10 }],
    ['a revocation older than an applied re-opt-in does not suppress, but still cancels what waited then', revoke(10), { at: 20, kind: 'restore' }, null, { suppress: false, cancelCreatedBefore: 10 }],
    ['a revocation at the same time as a re-opt-in wins', revoke(20), { at: 20, kind: 'restore' }, null, { suppress: true, cancelCreatedBefore: 20 }],
    ['a re-opt-in after the revocation lifts it', restore(30), { at: 20, kind: 'revoke' }, 20, { unsuppress: true }],
    ['a re-opt-in older than the applied revocation changes nothing', restore(10), { at: 20, kind: 'revoke' }, 20, { none: 'superseded' }],
    ['a re-opt-in never lifts a STOP that came in here after it', restore(30), undefined, 40, { none: 'opted-out-later' }],
    ['a re-opt-in with nothing suppressed lifts nothing harmful', restore(30), undefined, null, { unsuppress: true }],
  ] as const)('%s', (_name, action, latest, since, effect) => {
    expect(decideConsentAction(action, latest as NumberConsentState | undefined, since)).toEqual(effect);
  });

  it('a purposes revocation cancels those purposes only; a cleared review lifts the hold', () => {
    expect(decideConsentAction({ id: 'ce-p', number: n, kind: 'revoke-purposes', purposes: ['marketing'], at: 5 }, undefined, null)).toEqual({ cancelPurposes: ['marketing'], cancelCreatedBefore: 5 });
    expect(decideConsentAction({ id: 'ce-w', number: n, kind: 'review-cleared', at: 5 }, { at: 9, kind: 'revoke' }, 9)).toEqual({ releaseReview: true });
  });

  it('any order of the same actions ends in the same state', () => {
    const actions = [revoke(10), restore(20), revoke(30), restore(25)];
    const orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];
    const ends = orders.map((order) => {
      let state: NumberConsentState | undefined;
      let suppressed = false;
      for (const i of order) {
        const effect = decideConsentAction(actions[i]!, state, null); // staff-recorded only: no STOP from the patient
        if ('suppress' in effect && effect.suppress) suppressed = true;
        if ('unsuppress' in effect) suppressed = false;
        state = nextConsentState(actions[i]!, state);
      }
      return { state, suppressed };
    });
    for (const end of ends) expect(end).toEqual({ state: { at: 30, kind: 'revoke' }, suppressed: true });
  });
});
