/**
 * Activity pings for auto-lock: main locks the session after an idle time, and learns that
 * someone is at the keyboard from `session.reportActivity()`. Pointer, key, wheel and touch
 * events are watched (passively, in the capture phase) and at most one ping is sent per
 * 30 seconds. The ping carries nothing: no event details, no PHI.
 */
import type { CareRelayApi } from './carerelay';

export const ACTIVITY_PING_INTERVAL_MS = 30_000;

const EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export interface ActivityPingOptions {
  intervalMs?: number;
  now?: () => number;
  target?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
}

/** Starts watching for activity; returns a function that stops it. */
export function startActivityPings(
  api: Pick<CareRelayApi, 'session'>,
  { intervalMs = ACTIVITY_PING_INTERVAL_MS, now = () => performance.now(), target = window }: ActivityPingOptions = {},
): () => void {
  let lastSent = Number.NEGATIVE_INFINITY;

  const onActivity = () => {
    const t = now();
    if (t - lastSent < intervalMs) return;
    lastSent = t;
    // The answer does not matter to the screen; a failure must never surface as an error.
    void api.session.reportActivity().catch(() => undefined);
  };

  const options: AddEventListenerOptions = { capture: true, passive: true };
  for (const type of EVENTS) target.addEventListener(type, onActivity, options);
  return () => {
    for (const type of EVENTS) target.removeEventListener(type, onActivity, options);
  };
}
