/**
 * React glue for the inbox screens over the in-memory inbox (renderer/data/inbox): the queue
 * snapshot, search answers, a clock for claim expiry, the practice settings merge fields use,
 * and the per-session record of which messages were already reported to the audit trail.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Settings } from '../../../../shared/ipc/contract';
import { type InboxMemory, type QueueSnapshot, type SearchAnswer } from '../../../data';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

const EMPTY: QueueSnapshot = { version: 0, loaded: false, rows: [], viewer: { staffId: '', readPositions: new Map() }, drafts: new Set() };
const noop = () => () => undefined;

export function useQueueSnapshot(memory: InboxMemory | null): QueueSnapshot {
  return useSyncExternalStore(memory ? memory.queue.subscribe : noop, memory ? memory.queue.getSnapshot : () => EMPTY);
}

/** Search answer for a query (null when the query is empty); starts the text index on first use. */
export function useConversationSearch(memory: InboxMemory | null, query: string, version: number): SearchAnswer | null {
  const [tick, setTick] = useState(0);
  const trimmed = query.trim();
  useEffect(() => {
    if (!memory || !trimmed) return;
    void memory.search.warm();
    return memory.search.onProgress(() => setTick((t) => t + 1));
  }, [memory, trimmed]);
  return useMemo(() => (memory && trimmed ? memory.search.search(trimmed) : null), [memory, trimmed, tick, version]);
}

/** The time, updated every `everyMs` (claims expire, "2 min ago"). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

let settingsCache: Promise<Settings | null> | null = null;

/** Practice settings (name, phone, time zone), read once per window. */
export function usePracticeSettings(): Settings | null {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    let live = true;
    settingsCache ??= call(() => carerelay().settings.get()).then((r) => (r.ok ? r.value : null));
    void settingsCache.then((s) => {
      if (!s) settingsCache = null;
      if (live) setSettings(s);
    });
    return () => {
      live = false;
    };
  }, []);
  return settings;
}

const reported = new WeakMap<InboxMemory, Set<string>>();

/**
 * Reports messages shown on screen to main's audit trail (who viewed which message ids; main
 * stamps the person). Each message once per unlocked session: the set lives with the inbox
 * memory, which is dropped at lock.
 */
export function reportMessageViews(memory: InboxMemory, messageIds: readonly string[]): void {
  let seen = reported.get(memory);
  if (!seen) reported.set(memory, (seen = new Set()));
  const fresh = messageIds.filter((id) => !seen.has(id));
  if (fresh.length === 0) return;
  for (const id of fresh) seen.add(id);
  for (let i = 0; i < fresh.length; i += 200) {
    const batch = fresh.slice(i, i + 200);
    void call(() => carerelay().audit.recordMessageViews({ messageIds: batch })).then((r) => {
      // Not recorded: forget them so the next render tries again.
      if (!r.ok) for (const id of batch) seen.delete(id);
    });
  }
}
