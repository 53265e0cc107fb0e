/**
 * What the app's diagnostics log records, for both entry points (Electron and the browser
 * host): the renderer's reported problems, and IPC failures that point at a fault or an attack
 * (INTERNAL, FORBIDDEN_SENDER, anything at start-up). Channel and code only: never payloads or
 * causes, which may carry PHI.
 */
import path from 'node:path';
import { createRedactingLogger } from './redacting-logger';

export interface DiagnosticsHooks {
  onRendererProblem(scope: string, message: string): void;
  onFailure(channel: string, code: string): void;
}

/** Hooks writing to a redacting log in `<dir>/logs`. */
export function diagnosticsHooks(dir: string): DiagnosticsHooks {
  const logger = createRedactingLogger({ dir: path.join(dir, 'logs') });
  return {
    onRendererProblem: (scope, message) => logger.warn(`renderer.${scope}`, message),
    onFailure: (channel, code) => {
      if (code === 'INTERNAL' || code === 'FORBIDDEN_SENDER' || channel === 'startup') logger.warn('ipc', `${channel}: ${code}`);
    },
  };
}
