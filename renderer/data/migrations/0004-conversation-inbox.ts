/**
 * Migration 0004 (conversations v2 -> v3): the complete inbox. Adds the assignment ("Mine",
 * "Unassigned"), status and assignment times (so replicas can merge by the later action), the
 * failed-delivery counter ("needs attention"), and per-person unread counting: `inboundCount`
 * only grows and each person's read position lives in `staff_state`. The shared `unreadCount`
 * becomes the starting `inboundCount`, so every person sees the old unread messages as unread.
 * The shared `draft` is dropped: no release ever wrote one from the screens, and drafts now
 * belong to one person (staff_state).
 */
import type { ConversationDoc, ConversationStatus } from '../schema/conversations';

/** A conversation as version 2 stored it. */
export interface ConversationDocV2 {
  id: string;
  patientId: string;
  phoneHash: string;
  phone?: string;
  status: ConversationStatus;
  claimedBy: string;
  claimedAt: number;
  unreadCount: number;
  lastActivityAt: number;
  queueKey: number;
  lastDirection: 'inbound' | 'outbound';
  lastMessagePreview?: string;
  draft?: string;
  updatedAt: number;
}

export function migrateConversationV2ToV3(old: ConversationDocV2): ConversationDoc {
  const { unreadCount, draft: _draft, ...rest } = old;
  return {
    ...rest,
    statusAt: old.updatedAt,
    assignedTo: '',
    assignedAt: 0,
    inboundCount: unreadCount,
    lastInboundAt: old.lastDirection === 'inbound' ? old.lastActivityAt : 0,
    failedCount: 0,
  };
}
