/**
 * Sends the renderer's uncaught errors to main's redacting diagnostics log: the error's name and
 * message only (main strips phone numbers, names, bodies and paths), at most ten per minute, so
 * a failure loop cannot flood the log.
 */
import type { CareRelayApi } from '../../../shared/ipc';

export function reportProblemsToMain(api: CareRelayApi, target: Window = window, now: () => number = Date.now): () => void {
  let windowStart = now();
  let sent = 0;
  const report = (scope: string, error: unknown) => {
    if (now() - windowStart > 60_000) {
      windowStart = now();
      sent = 0;
    }
    if (sent >= 10) return;
    sent += 1;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : 'non-error value thrown';
    void api.app.reportProblem({ scope, message: text.slice(0, 1000) });
  };
  const onError = (event: ErrorEvent) => report('uncaught', event.error ?? event.message);
  const onRejection = (event: PromiseRejectionEvent) => report('unhandled-rejection', event.reason);
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
