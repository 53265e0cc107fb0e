/**
 * The numbered schema migrations, as RxDB migration strategies per collection: key N migrates a
 * document from version N-1 to version N. Add a file `NNNN-what-it-does.ts` for each new step and
 * bump the collection's schema version.
 */
import type { MigrationStrategies } from 'rxdb/plugins/core';
import { migrateConversationV0ToV1, type ConversationDocV0 } from './0001-conversation-queue-key';
import { migrateMessageV0ToV1 } from './0002-message-sync-keys';
import { migrateConversationV1ToV2 } from './0003-conversation-phone';
import { migrateConversationV2ToV3, type ConversationDocV2 } from './0004-conversation-inbox';
import { migrateMessageV1ToV2, type MessageDocV1 } from './0005-message-failure-code';
import { migrateMessageV2ToV3, type MessageDocV2 } from './0008-message-review';
import { migratePatientV0ToV1, type PatientDocV0 } from './0006-patient-contact';
import type { ConversationDocV1 } from './0001-conversation-queue-key';
import { migrateConsentEventV0ToV1, type ConsentEventDocV0 } from './0007-consent-purposes';
import { migrateCampaignV0ToV1, type CampaignDocV0 } from './0009-campaign-touches';
import { migratePatientV1ToV2, type PatientDocV1 } from './0010-patient-field-times';

export const migrationStrategies: Readonly<Record<string, MigrationStrategies>> = {
  conversations: {
    1: (doc: ConversationDocV0) => migrateConversationV0ToV1(doc),
    2: (doc: ConversationDocV1) => migrateConversationV1ToV2(doc),
    3: (doc: ConversationDocV2) => migrateConversationV2ToV3(doc),
  },
  messages: {
    1: (doc: MessageDocV1) => migrateMessageV0ToV1(doc),
    2: (doc: MessageDocV1) => migrateMessageV1ToV2(doc),
    3: (doc: MessageDocV2) => migrateMessageV2ToV3(doc),
  },
  patients: {
    1: (doc: PatientDocV0) => migratePatientV0ToV1(doc),
    2: (doc: PatientDocV1) => migratePatientV1ToV2(doc),
  },
  consent_events: {
    1: (doc: ConsentEventDocV0) => migrateConsentEventV0ToV1(doc),
  },
  campaigns: {
    1: (doc: CampaignDocV0) => migrateCampaignV0ToV1(doc),
  },
};
