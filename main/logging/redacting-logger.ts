/**
 * The diagnostics logger for main (and renderer diagnostics forwarded to main). Every entry is
 * redacted (see `redact.ts`) before it is formatted, then appended as one JSON line to a
 * size-capped, rotating file: `<name>.log`, `<name>.1.log` … up to `maxFiles`. Phone numbers,
 * message bodies, names and home paths never reach the disk.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { redact, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface RedactingLoggerOptions {
  dir: string;
  /** File stem (default `carerelay`). */
  name?: string;
  level?: LogLevel;
  /** Rotate when the current file would pass this size (default 1 MiB). */
  maxBytes?: number;
  /** Files kept including the current one (default 5). */
  maxFiles?: number;
  /** The user's home folder, replaced by `~` (default `os.homedir()`). */
  homeDir?: string;
  now?: () => Date;
}

export interface Logger {
  debug(scope: string, msg: string, data?: unknown): void;
  info(scope: string, msg: string, data?: unknown): void;
  warn(scope: string, msg: string, data?: unknown): void;
  error(scope: string, msg: string, data?: unknown): void;
  readonly file: string;
}

export function createRedactingLogger(options: RedactingLoggerOptions): Logger {
  const stem = options.name ?? 'carerelay';
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const maxFiles = Math.max(1, options.maxFiles ?? 5);
  const threshold = ORDER[options.level ?? 'info'];
  const home = options.homeDir ?? homedir();
  const now = options.now ?? (() => new Date());
  const file = join(options.dir, `${stem}.log`);
  const rotated = (i: number): string => join(options.dir, `${stem}.${i}.log`);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  let size = (() => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  })();

  function rotate(): void {
    rmSync(rotated(maxFiles - 1), { force: true });
    for (let i = maxFiles - 2; i >= 1; i--) {
      try {
        renameSync(rotated(i), rotated(i + 1));
      } catch {
        /* gap in the sequence */
      }
    }
    if (maxFiles > 1) renameSync(file, rotated(1));
    else rmSync(file, { force: true });
    size = 0;
  }

  function write(level: LogLevel, scope: string, msg: string, data?: unknown): void {
    if (ORDER[level] < threshold) return;
    const entry: Record<string, unknown> = { t: now().toISOString(), level, scope: redactText(String(scope), home), msg: redactText(String(msg), home) };
    if (data !== undefined) entry.data = redact(data, home);
    let line = `${JSON.stringify(entry)}\n`;
    if (Buffer.byteLength(line) > maxBytes) line = `${JSON.stringify({ ...entry, data: '[Too large]' })}\n`;
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > maxBytes) rotate();
    try {
      appendFileSync(file, line, { mode: 0o600 });
      size += bytes;
    } catch {
      // Diagnostics must never take the app down.
    }
  }

  return {
    file,
    debug: (s, m, d) => write('debug', s, m, d),
    info: (s, m, d) => write('info', s, m, d),
    warn: (s, m, d) => write('warn', s, m, d),
    error: (s, m, d) => write('error', s, m, d),
  };
}
