/**
 * Migration 0003 (conversations v1 -> v2): conversations keep their number (encrypted) so a
 * reply can be sent to a number that is not a known patient. Older conversations have no
 * record of the number, only its blind hash; they stay as they are and get the number from
 * the next message filed to them.
 */
import type { ConversationDocV1 } from './0001-conversation-queue-key';
import type { ConversationDocV2 } from './0004-conversation-inbox';

export function migrateConversationV1ToV2(doc: ConversationDocV1): ConversationDocV2 {
  return doc;
}
