/** Migrations 0004 (conversations v3), 0005 (messages v2), 0006 (patients v1) and 0007 (consent events v1), one document each. */
import { describe, expect, it } from 'vitest';
import { migrateConversationV2ToV3 } from './0004-conversation-inbox';
import { migrateMessageV1ToV2 } from './0005-message-failure-code';
import { migrateMessageV2ToV3 } from './0008-message-review';
import { migratePatientV0ToV1 } from './0006-patient-contact';
import { migratePatientV1ToV2 } from './0010-patient-field-times';
import { migrateConsentEventV0ToV1 } from './0007-consent-purposes';

describe('inbox migrations', () => {
  it('0004: unread becomes the inbound count, the shared draft goes, assignment and counters start empty', () => {
    const v2 = { id: 'c-1', patientId: 'p-1', phoneHash: 'h', phone: '+12025550101', status: 'open' as const, claimedBy: 'u1', claimedAt: 5, unreadCount: 4, lastActivityAt: 9_000, queueKey: 1, lastDirection: 'inbound' as const, lastMessagePreview: 'x', draft: 'Synthetic shared draft', updatedAt: 9_500 };
    const v3 = migrateConversationV2ToV3(v2);
    expect(v3).toEqual({ id: 'c-1', patientId: 'p-1', phoneHash: 'h', phone: '+12025550101', status: 'open', statusAt: 9_500, assignedTo: '', assignedAt: 0, claimedBy: 'u1', claimedAt: 5, inboundCount: 4, lastInboundAt: 9_000, failedCount: 0, lastActivityAt: 9_000, queueKey: 1, lastDirection: 'inbound', lastMessagePreview: 'x', updatedAt: 9_500 });
    expect(migrateConversationV2ToV3({ ...v2, lastDirection: 'outbound' }).lastInboundAt).toBe(0);
  });

  it('0005: a failed message keeps its gateway code as the reason', () => {
    const base = { id: 'm', conversationId: 'c', direction: 'outbound' as const, body: 'b', sentAt: 1, threadKey: 1, state: 'undelivered' as const, clientId: 'x', gatewaySid: 's', errorCode: 30006, segments: 1, staffId: 'u', campaignId: '', updatedAt: 1 };
    expect(migrateMessageV1ToV2(base).failureCode).toBe('30006');
    expect(migrateMessageV1ToV2({ ...base, errorCode: 0, state: 'delivered' }).failureCode).toBe('');
  });

  it('0006: an older patient number has unknown type and source (not consent by provision)', () => {
    const v0 = { id: 'p', givenName: 'A', familyName: 'B', phone: '+12025550101', phoneHash: 'h', preferredLanguage: 'en' as const, textingPreference: 'any' as const, createdAt: 1, updatedAt: 1 };
    expect(migratePatientV0ToV1(v0)).toEqual({ ...v0, phoneType: 'unknown', phoneSource: 'unknown', phoneRecordedAt: 0, preferenceWritten: false });
  });

  it('0010: an older patient counts every field as edited when the record last was, with no merge history', () => {
    const v1 = { id: 'p', givenName: 'A', familyName: 'B', phone: '+12025550101', phoneHash: 'h', phoneType: 'mobile' as const, phoneSource: 'patient' as const, phoneRecordedAt: 5, preferredLanguage: 'en' as const, textingPreference: 'any' as const, preferenceWritten: false, createdAt: 1, updatedAt: 9 };
    const v2 = migratePatientV1ToV2(v1);
    expect(v2.fieldEditedAt).toMatchObject({ givenName: 9, phone: 9, notes: 9, textingPreference: 9 });
    expect(Object.values(v2.fieldEditedAt!).every((t) => t === 9)).toBe(true);
    expect(v2.editHistory).toBeUndefined();
  });

  it('0007: old purposes and methods map to the ledger’s, received time starts as recorded', () => {
    const v0 = { id: 'ce', phoneHash: 'h', patientId: 'p', purpose: 'campaigns' as const, action: 'grant' as const, method: 'written' as const, formVersion: 'v1', disclosures: [], keyword: '', staffId: 'u', recordedAt: 77 };
    expect(migrateConsentEventV0ToV1(v0)).toEqual({ ...v0, purpose: 'practice-news', method: 'paper-form', receivedAt: 77 });
    expect(migrateConsentEventV0ToV1({ ...v0, purpose: 'care', method: 'staff-recorded' })).toMatchObject({ purpose: 'care', method: 'verbal' });
  });
  it('0008: messages filed before have nothing to review', () => {
    const base = { id: 'm', conversationId: 'c', direction: 'inbound' as const, body: 'b', sentAt: 1, threadKey: 1, state: 'received' as const, clientId: '', gatewaySid: 's', errorCode: 0, segments: 1, staffId: '', campaignId: '', updatedAt: 1 };
    const v2 = migrateMessageV1ToV2(base);
    expect(migrateMessageV2ToV3(v2)).toMatchObject({ review: '', reviewConfidence: 0, failureCode: v2.failureCode });
  });
});
