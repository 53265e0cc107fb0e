/** Review finding (issue 13): the renderer reports an error's class and code to main, never its message. */
import { describe, expect, it } from 'vitest';
import type { CareRelayApi } from '../../../shared/ipc';
import { onProblem, problemFacts, reportProblem, reportProblemsToMain } from './problem-reports';

describe('renderer problem reports', () => {
  it.each<[string, unknown, { name: string; code?: string }]>([
    ['a TypeError quoting a patient', new TypeError('Cannot read "Synthetic Patient" +15555550123'), { name: 'TypeError' }],
    ['an app error with a code', Object.assign(new Error('Synthetic words'), { code: 'LOCKED' }), { name: 'Error', code: 'LOCKED' }],
    ['a code that is free text', Object.assign(new Error('x'), { code: 'patient said stop' }), { name: 'Error' }],
    ['a hostile name', Object.assign(new Error('x'), { name: 'Synthetic Patient <img>' }), { name: 'Error' }],
    ['a string', 'Synthetic message body', { name: 'String' }],
    ['null', null, { name: 'NonError' }],
  ])('%s → %j', (_label, error, facts) => {
    expect(problemFacts(error)).toEqual(facts);
  });

  it('sends scope, class and code for uncaught errors and rejections, at most ten a minute, and tells the screens', () => {
    const sent: unknown[] = [];
    const api = { app: { reportProblem: async (r: unknown) => (sent.push(r), { ok: true, value: { logged: true } }) } } as unknown as CareRelayApi;
    const target = new EventTarget();
    let t = 0;
    let notices = 0;
    const unsubscribe = onProblem(() => notices++);
    const stop = reportProblemsToMain(api, target as unknown as Window, () => t);
    const error = Object.assign(new Event('error'), { error: new RangeError('Synthetic Patient, DOB 1970-01-01') });
    target.dispatchEvent(error);
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: Object.assign(new Error('Synthetic'), { code: 'QUOTA_EXCEEDED' }) }));
    reportProblem('section', new SyntaxError('Synthetic text'));
    expect(sent).toEqual([
      { scope: 'uncaught', name: 'RangeError' },
      { scope: 'unhandled-rejection', name: 'Error', code: 'QUOTA_EXCEEDED' },
      { scope: 'section', name: 'SyntaxError' },
    ]);
    expect(JSON.stringify(sent)).not.toContain('Synthetic');
    for (let i = 0; i < 20; i++) target.dispatchEvent(error);
    expect(sent).toHaveLength(10);
    t = 61_000;
    target.dispatchEvent(error);
    expect(sent).toHaveLength(11);
    expect(notices).toBe(11);
    stop();
    unsubscribe();
    target.dispatchEvent(error);
    reportProblem('section', new Error('x'));
    expect(sent).toHaveLength(11);
  });
});
