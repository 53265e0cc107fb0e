/**
 * Migration 0003 (conversations v1 -> v2): conversations keep their number (encrypted) so a
 * reply can be sent to a number that is not a known patient. Older conversations have no
 * record of the number, only its blind hash; they stay as they are and get the number from
 * the next message filed to them.
 */
import type { ConversationDoc } from '../schema/conversations';

export function migrateConversationV1ToV2(doc: ConversationDoc): ConversationDoc {
  return doc;
}
