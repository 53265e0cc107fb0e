/**
 * The numbered schema migrations, as RxDB migration strategies per collection: key N migrates a
 * document from version N-1 to version N. Add a file `NNNN-what-it-does.ts` for each new step and
 * bump the collection's schema version.
 */
import type { MigrationStrategies } from 'rxdb/plugins/core';
import { migrateConversationV0ToV1, type ConversationDocV0 } from './0001-conversation-queue-key';
import { migrateMessageV0ToV1 } from './0002-message-sync-keys';
import { migrateConversationV1ToV2 } from './0003-conversation-phone';
import type { ConversationDoc } from '../schema/conversations';
import type { MessageDoc } from '../schema/messages';

export const migrationStrategies: Readonly<Record<string, MigrationStrategies>> = {
  conversations: {
    1: (doc: ConversationDocV0) => migrateConversationV0ToV1(doc),
    2: (doc: ConversationDoc) => migrateConversationV1ToV2(doc),
  },
  messages: {
    1: (doc: MessageDoc) => migrateMessageV0ToV1(doc),
  },
};
