/**
 * Sends the renderer's uncaught errors to main's diagnostics log: the error's class name and its
 * code when it has one (never the message, which may quote a patient's words), at most ten per
 * minute, so a failure loop cannot flood the log. Screens subscribe (`onProblem`) to show a calm
 * "something went wrong" with a way to copy the diagnostic details for support.
 */
import { APP_CODE_PATTERN, errorFacts } from '../../../shared/diagnostics/error-facts';
import type { CareRelayApi } from '../../../shared/ipc';

/** The class name and an app code of a thrown value, each only when it has that shape. */
export function problemFacts(error: unknown): { name: string; code?: string } {
  const { name, code } = errorFacts(error, APP_CODE_PATTERN);
  return { name, ...(code ? { code } : {}) };
}

const listeners = new Set<() => void>();

/** Called after each reported problem; returns the unsubscribe. */
export function onProblem(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type ProblemReporter = (scope: string, error: unknown) => void;

let current: ProblemReporter = () => undefined;

/** Reports a problem a screen caught itself (a section that failed to render). */
export const reportProblem: ProblemReporter = (scope, error) => current(scope, error);

export function reportProblemsToMain(api: CareRelayApi, target: Window = window, now: () => number = Date.now): () => void {
  let windowStart = now();
  let sent = 0;
  const report: ProblemReporter = (scope, error) => {
    if (now() - windowStart > 60_000) {
      windowStart = now();
      sent = 0;
    }
    if (sent >= 10) return;
    sent += 1;
    void api.app.reportProblem({ scope, ...problemFacts(error) });
    for (const l of listeners) l();
  };
  current = report;
  const onError = (event: ErrorEvent) => report('uncaught', event.error ?? null);
  const onRejection = (event: PromiseRejectionEvent) => report('unhandled-rejection', event.reason);
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    current = () => undefined;
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
