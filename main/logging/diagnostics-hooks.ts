/**
 * What the app's diagnostics log records, for both entry points (Electron and the browser
 * host): the renderer's reported problems (scope, error class, code), IPC failures that point at
 * a fault or an attack (INTERNAL, FORBIDDEN_SENDER, anything at start-up), and main's own
 * crashes (uncaught exceptions, unhandled rejections, a renderer or helper process gone). Class
 * names and codes only: never messages, payloads or causes, which may carry PHI. The same facts
 * make the diagnostic bundle support can be sent (`bundle()`), with versions and uptime.
 */
import path from 'node:path';
import { ANY_CODE_PATTERN, ERROR_NAME_PATTERN, errorFacts as sharedErrorFacts } from '../../shared/diagnostics/error-facts';
import { createRedactingLogger } from './redacting-logger';

export interface DiagnosticsHooks {
  onRendererProblem(scope: string, name: string, code?: string): void;
  onFailure(channel: string, code: string): void;
}

export interface Diagnostics extends DiagnosticsHooks {
  /** Main's own crash: logged by class name and code, remembered for the bundle. */
  onMainProblem(kind: 'uncaught' | 'unhandled-rejection' | 'renderer-gone' | 'child-gone', error: unknown): void;
  /** A PHI-free text for support. */
  bundle(extra?: Readonly<Record<string, string | number | boolean>>): string;
}

interface Problem {
  readonly at: string;
  readonly where: string;
  readonly name: string;
  readonly code: string;
}

const KEPT = 50;
/** An error's class name and code ('' for none), each only when it has the shape of one (never its message). */
export function errorFacts(error: unknown): { name: string; code: string } {
  const facts = sharedErrorFacts(error, ANY_CODE_PATTERN);
  return { name: facts.name, code: facts.code ?? '' };
}

export interface DiagnosticsOptions {
  readonly version?: string;
  readonly host?: string;
  readonly now?: () => Date;
  readonly versions?: Readonly<Record<string, string | undefined>>;
}

/** Hooks writing to a redacting log in `<dir>/logs`. */
export function diagnosticsHooks(dir: string, options: DiagnosticsOptions = {}): Diagnostics {
  const logger = createRedactingLogger({ dir: path.join(dir, 'logs') });
  const now = options.now ?? (() => new Date());
  const started = now().getTime();
  const recent: Problem[] = [];
  const remember = (where: string, name: string, code: string) => {
    recent.push({ at: now().toISOString(), where, name, code });
    if (recent.length > KEPT) recent.shift();
  };
  return {
    onRendererProblem: (scope, name, code) => {
      const safeName = ERROR_NAME_PATTERN.test(name) ? name : 'Error';
      const safeCode = code && ANY_CODE_PATTERN.test(code) ? code : '';
      logger.warn(`renderer.${scope}`, safeCode ? `${safeName}: ${safeCode}` : safeName);
      remember(`renderer.${scope}`, safeName, safeCode);
    },
    onFailure: (rawChannel, rawCode) => {
      // A refused sender chooses the channel name it asked for: only a channel-shaped name is written.
      const channel = /^[a-z][A-Za-z0-9]{0,30}(\.[A-Za-z0-9]{1,40}){0,2}$/.test(rawChannel) ? rawChannel : '(unknown)';
      const code = ANY_CODE_PATTERN.test(rawCode) ? rawCode : 'UNKNOWN';
      if (code === 'INTERNAL' || code === 'FORBIDDEN_SENDER' || channel === 'startup') {
        logger.warn('ipc', `${channel}: ${code}`);
        remember(`ipc.${channel}`, 'IpcFailure', code);
      }
    },
    onMainProblem: (kind, error) => {
      const { name, code } = errorFacts(error);
      logger.error(`main.${kind}`, code ? `${name}: ${code}` : name);
      remember(`main.${kind}`, name, code);
    },
    bundle: (extra = {}) => {
      const versions = options.versions ?? process.versions;
      const lines = [
        'CareRelay diagnostic details (no patient information)',
        `app: ${options.version ?? 'unknown'} (${options.host ?? 'unknown'} host)`,
        `platform: ${process.platform} ${process.arch}`,
        `electron: ${versions.electron ?? 'n/a'} · chrome: ${versions.chrome ?? 'n/a'} · node: ${versions.node ?? 'n/a'}`,
        `generated: ${now().toISOString()} · up ${Math.round((now().getTime() - started) / 1000)} s`,
        ...Object.entries(extra).map(([k, v]) => `${k}: ${String(v)}`),
        `recent problems (${recent.length}, newest last):`,
        ...(recent.length ? recent.map((p) => `  ${p.at} ${p.where} ${p.name}${p.code ? ` ${p.code}` : ''}`) : ['  none']),
      ];
      return lines.join('\n').slice(0, 20_000);
    },
  };
}

/** Catches main's uncaught errors (logged by class and code) instead of letting Node print them with their messages. */
export function installCrashGuards(target: NodeJS.EventEmitter, diagnostics: Pick<Diagnostics, 'onMainProblem'>): () => void {
  const uncaught = (error: unknown) => diagnostics.onMainProblem('uncaught', error);
  const rejection = (reason: unknown) => diagnostics.onMainProblem('unhandled-rejection', reason);
  target.on('uncaughtException', uncaught);
  target.on('unhandledRejection', rejection);
  return () => {
    target.off('uncaughtException', uncaught);
    target.off('unhandledRejection', rejection);
  };
}
