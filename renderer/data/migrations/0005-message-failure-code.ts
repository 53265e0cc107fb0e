/**
 * Migration 0005 (messages v1 -> v2): adds `failureCode`, the reason main's outbox gives for a
 * message that did not go out or was not delivered (a gateway code or a local reason), so the
 * thread can say in plain words what happened and what to do next. Older failed messages keep
 * their numeric gateway code as the reason.
 */
import type { MessageDoc } from '../schema/messages';

export type MessageDocV1 = Omit<MessageDoc, 'failureCode' | 'review' | 'reviewConfidence'>;

export function migrateMessageV1ToV2(doc: MessageDocV1): Omit<MessageDoc, 'review' | 'reviewConfidence'> {
  return { ...doc, failureCode: doc.errorCode > 0 ? String(doc.errorCode) : '' };
}
