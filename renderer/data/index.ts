/**
 * renderer/data: the practice database as the screens see it. Screens import from here (never
 * RxDB): the provider and hooks, the repositories' typed functions and record types, retention.
 */
export { PracticeDbProvider, useGatewayBridge, useInboxMemory, usePracticeDbStatus } from './react/practice-db-context';
export type { GatewayBridge, SendResult } from './sync/gateway-bridge';
export { useConversation, useConversationQueue, usePatientIndex, usePatientNameSearch, usePracticeDb, useThread, type LiveData } from './react/hooks';
export type { InboxMemory } from './inbox/inbox-memory';
export type { QueueSnapshot, RowDetails } from './inbox/queue-store';
export type { SearchAnswer } from './search/conversation-search';
export type { NamedPatient } from './search/name-index';
export * from './repositories/patients';
export * from './repositories/conversations';
export * from './repositories/messages';
export * from './repositories/consent';
export * from './repositories/appointments';
export * from './repositories/campaigns';
export * from './repositories/staff-state';
export * from './repositories/tasks';
export { yieldToEvents } from './scheduling/yield-to-events';
export { DESKS_CHANGED_EVENT } from './replication/desks-event';
export { replicationStatus, subscribeReplicationStatus, type ReplicationStatus } from './replication/replication-status';
export { recordConfirmedOptOut } from './consent/keyword-ledger';
export { applyImport, type ApplyReport } from './appointments/apply-import';
export { DEFAULT_RETENTION, messageCutoff, type RetentionPolicy } from './retention/retention-policy';
export { previewPurge, purgeMessages, type PurgePreview, type PurgeReport } from './retention/purge';
export { bridgePurgeReporter } from './retention/purge-report';
export type { PracticeDb } from './database/open-practice-db';
export type { PracticeDbStatus } from './session/practice-db-session';
export { PhiIntegrityError, PhiKeyMissingError, PhiWrongKeyError } from './crypto/phi-errors';
export { CONSENT_PURPOSES, type ConsentPurpose } from './schema/consent-events';
export { NEW_TEXT_DRAFT, type ContactWindow, type OtherPhone, type PhoneSource, type PhoneType, type TextingPreference } from './schema';
