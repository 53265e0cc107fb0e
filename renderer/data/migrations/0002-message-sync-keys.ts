/**
 * Migration 0002 (messages v0 -> v1): indexes the outbox client id and the gateway SID, so the
 * gateway bridge finds a message when main reports a delivery state, and an inbound message
 * that was filed but not yet acknowledged (a crash in between) is never filed twice. The
 * documents themselves are unchanged; RxDB rebuilds the indexes.
 */
import type { MessageDocV1 } from './0005-message-failure-code';

export function migrateMessageV0ToV1(doc: MessageDocV1): MessageDocV1 {
  return doc;
}
