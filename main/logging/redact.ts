/**
 * Redaction for diagnostics (SEC-LOG-01). Values under body-like keys and personal-name keys
 * are dropped whole; every other string is scrubbed of phone numbers (E.164 and US formats),
 * e-mail addresses and home-directory paths. Pure: the logger applies it before anything
 * reaches a file. Free-text names outside known fields cannot be recognised: callers log ids.
 */

export const REDACTED = '[REDACTED]';

/** Message content: dropped whole wherever it appears. */
const BODY_KEY = /^(body|text|message|messages|message[-_]?body|body[-_]?text|content|snippet|preview|media[-_]?url)$/i;
/** Personal names (and every patient* field). */
const NAME_KEY = /^(name|first[-_]?name|last[-_]?name|full[-_]?name|display[-_]?name|middle[-_]?name|contact[-_]?name|patient.*)$/i;

const PATTERNS: [RegExp, string][] = [
  // e-mail first, so its digits are not taken for a phone number
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[EMAIL]'],
  // home folders: /home/x, /Users/x, C:\Users\x (any slash style), and ~user
  [/\/home\/[^/\\\s"'`]+/g, '/home/[USER]'],
  [/\/Users\/[^/\\\s"'`]+/g, '/Users/[USER]'],
  [/\b[A-Za-z]:(?:\\\\|\\|\/)+Users(?:\\\\|\\|\/)+[^/\\\s"'`]+/gi, 'C:\\Users\\[USER]'],
  // E.164 (+ then 7–15 digits, separators allowed between groups)
  [/\+\d(?:[\s.()-]?\d){6,14}\b/g, '[PHONE]'],
  // US: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567, 5551234567, 1-555-123-4567
  [/(?<![\w])(?:1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?![\w])/g, '[PHONE]'],
];

export function redactText(text: string, homeDir?: string): string {
  let out = text;
  if (homeDir && homeDir.length > 3) out = out.split(homeDir).join('~');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function redact(value: unknown, homeDir?: string, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value, homeDir);
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? `[${typeof value}]` : value;
  if (seen.has(value)) return '[Circular]';
  if (depth > 8) return '[Truncated]';
  seen.add(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      error: redactText(value.message, homeDir),
      ...(value.stack ? { stack: redactText(value.stack, homeDir) } : {}),
      ...('code' in value ? { code: redact((value as { code: unknown }).code, homeDir, depth + 1, seen) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, homeDir, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = BODY_KEY.test(key) || NAME_KEY.test(key) ? REDACTED : redact(v, homeDir, depth + 1, seen);
  }
  return out;
}
