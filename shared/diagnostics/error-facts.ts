/**
 * Owns what of a thrown value may be written down for diagnostics: its class name and a code,
 * each only when it has the shape of one — never its message, which may quote a patient's words.
 * The renderer reports app codes (the IPC contract's shape); main also records Node's and
 * Electron's lower-case reasons ('crashed', 'oom'). Pure.
 */

export const ERROR_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** An app code as the renderer reports it (INBOX_ACK_LOCKED). */
export const APP_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,47}$/;
/** Any code main records: app codes, Node's (ENOENT), Electron's reasons (crashed). */
export const ANY_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;

/** The class name ('Error' when it has none of that shape) and the code (null when none fits `codePattern`). */
export function errorFacts(error: unknown, codePattern: RegExp): { name: string; code: string | null } {
  if (typeof error !== 'object' || error === null) return { name: typeof error === 'string' ? 'String' : 'NonError', code: null };
  const name = (error as { name?: unknown }).name;
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
  return {
    name: typeof name === 'string' && ERROR_NAME_PATTERN.test(name) ? name : 'Error',
    code: typeof code === 'string' && codePattern.test(code) ? code : null,
  };
}
