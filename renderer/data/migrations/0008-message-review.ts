/**
 * Migration 0008 (messages v2 -> v3): adds `review` and `reviewConfidence`, the flag on an
 * inbound text that may be an opt-out or a wrong-number reply until staff confirm or dismiss it
 * (R19, R22). Messages filed before had no flag: they start with nothing to review.
 */
import type { MessageDoc } from '../schema/messages';

export type MessageDocV2 = Omit<MessageDoc, 'review' | 'reviewConfidence'>;

export function migrateMessageV2ToV3(doc: MessageDocV2): MessageDoc {
  return { ...doc, review: '', reviewConfidence: 0 };
}
