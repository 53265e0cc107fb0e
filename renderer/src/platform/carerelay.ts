/**
 * The renderer's one door to main: a typed accessor for `window.carerelay`, which preload (or the
 * browser host's bridge) puts on the page. Screens call `carerelay()` rather than touching the
 * global, so a missing or malformed bridge is caught once at start-up and shown as a clear
 * full-screen error instead of failing somewhere deep in a screen.
 */
import type { CareRelayApi } from '../../../shared/ipc';

declare global {
  interface Window {
    readonly carerelay: CareRelayApi;
  }
}

export type { CareRelayApi };

let cached: CareRelayApi | null = null;

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

/** A structural check of the members the frame needs; the full shape is the contract's. */
export function looksLikeCareRelayApi(value: unknown): value is CareRelayApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Record<string, Record<string, unknown> | undefined>;
  return (
    isFunction(api.app?.getInfo) &&
    isFunction(api.gateway?.getStatus) &&
    isFunction(api.gateway?.onStatusChanged) &&
    isFunction(api.session?.reportActivity) &&
    isFunction(api.session?.getState) &&
    isFunction(api.session?.onStateChanged)
  );
}

/** The bridge if the page has a usable one, else null. Never throws. */
export function findCareRelay(): CareRelayApi | null {
  if (cached) return cached;
  const candidate: unknown = (window as { carerelay?: unknown }).carerelay;
  if (looksLikeCareRelayApi(candidate)) cached = candidate;
  return cached;
}

/**
 * The bridge. Only call this below the start-up check in main.tsx, which shows the
 * full-screen error instead of rendering screens when the bridge is missing.
 */
export function carerelay(): CareRelayApi {
  const api = findCareRelay();
  if (!api) throw new Error('window.carerelay is not available.');
  return api;
}
