/**
 * Calling main from a screen: `call(() => carerelay().users.list())` always resolves to the
 * result envelope, turning a rejected or thrown call (bridge gone, host restarting) into an
 * ordinary `{ ok: false }` with a message written for the person at the keyboard. Screens show
 * `error.message` as it is: main writes those messages for people, and never puts PHI in them.
 */
import type { IpcError, IpcResult } from '../../../shared/ipc';

export const NO_ANSWER: IpcError = {
  code: 'INTERNAL',
  message: 'CareRelay did not answer. Try again; if it keeps happening, restart CareRelay.',
};

export async function call<T>(request: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    const result = await request();
    if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
      return { ok: false, error: NO_ANSWER };
    }
    return result;
  } catch {
    return { ok: false, error: NO_ANSWER };
  }
}
