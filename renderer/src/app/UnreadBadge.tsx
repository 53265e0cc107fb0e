/**
 * Tells main how many messages are unread for the signed-in person, for the OS badge and tray
 * (a number only: R2). Follows the in-memory queue, so it is right on every screen, and stops
 * when the screens lock (main clears the badge itself while signed out).
 */
import { useEffect, useMemo } from 'react';
import { unreadFor } from '../../../shared/inbox/queue-view';
import { useInboxMemory } from '../../data';
import { call } from '../platform/call';
import { carerelay } from '../platform/carerelay';
import { useQueueSnapshot } from '../sections/inbox/inbox-hooks';

export function UnreadBadge() {
  const memory = useInboxMemory();
  const snapshot = useQueueSnapshot(memory);
  const total = useMemo(() => snapshot.rows.reduce((sum, row) => sum + (row.status === 'closed' ? 0 : unreadFor(row, snapshot.viewer)), 0), [snapshot.rows, snapshot.viewer]);
  useEffect(() => {
    if (!snapshot.loaded) return;
    const t = setTimeout(() => void call(() => carerelay().notifications.setUnread({ count: Math.min(total, 1_000_000) })), 300);
    return () => clearTimeout(t);
  }, [total, snapshot.loaded]);
  return null;
}
