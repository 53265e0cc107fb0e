/**
 * The part of the address after the section ("#/inbox/c-123" → "c-123"), for a section that
 * shows one record: read it, follow it, and change it in place (replaceState, so Back leaves the
 * section rather than stepping through every conversation opened). The frame trims it away
 * whenever the screens lock.
 */
import { useSyncExternalStore } from 'react';

const EVENT = 'carerelay:detail-route';

export function detailFromHash(hash: string): string | null {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const detail = parts[1];
  if (!detail) return null;
  try {
    return decodeURIComponent(detail);
  } catch {
    return null;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

export function useDetailRoute(): string | null {
  return useSyncExternalStore(subscribe, () => detailFromHash(window.location.hash));
}

export function setDetailRoute(section: string, detail: string | null): void {
  const next = detail ? `#/${section}/${encodeURIComponent(detail)}` : `#/${section}`;
  if (window.location.hash === next) return;
  window.history.replaceState(window.history.state, '', next);
  window.dispatchEvent(new Event(EVENT));
}
