/**
 * A screen's call to main with its progress and error state: `run` marks the form busy, clears
 * the last error, makes the call (through `call`, so it always resolves to the envelope) and, if
 * main refused, shows main's message. Screens keep `setError` for their own field checks.
 */
import { useCallback, useState } from 'react';
import type { IpcResult } from '../../../shared/ipc';
import { call } from './call';

export function useCall() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(request: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> => {
    setBusy(true);
    setError(null);
    const result = await call(request);
    setBusy(false);
    if (!result.ok) setError(result.error.message);
    return result;
  }, []);
  return { busy, error, setError, run };
}
