/**
 * Hash routing without a router library: the route is the part of `location.hash` after `#/`.
 * Links are plain `<a href="#/patients">`, so keyboard use, back and forward all work through
 * the browser itself; this module only reads the hash and normalises an empty one to the Inbox.
 */
import { useSyncExternalStore } from 'react';
import { DEFAULT_SECTION } from './routes';

/** The route id in a hash: "#/patients" → "patients"; "" or "#" or "#/" → the default. */
export function routeFromHash(hash: string): string {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return path === '' ? DEFAULT_SECTION : decodeURIComponentSafe(path).toLowerCase();
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Gives an empty hash the default route in place, so Back does not bounce between the two. */
export function normaliseInitialHash(): void {
  const hash = window.location.hash;
  if (hash === '' || hash === '#' || hash === '#/') {
    window.history.replaceState(window.history.state, '', `#/${DEFAULT_SECTION}`);
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): string {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
