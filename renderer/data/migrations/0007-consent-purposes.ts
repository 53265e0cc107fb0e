/**
 * Migration 0007 (consent_events v0 -> v1): the ledger's purposes and methods as the consent
 * capability records them, the revocation's source text and when a revocation was received.
 * Old values map: purpose 'campaigns' → 'practice-news', method 'written' → 'paper-form',
 * 'staff-recorded' → 'verbal'. Received time starts as the recorded time. Migrating is the one
 * write the append-only rule allows: RxDB rewrites each event into the new version unchanged in
 * meaning.
 */
import type { ConsentEventDoc, ConsentMethod, ConsentPurpose } from '../schema/consent-events';

export interface ConsentEventDocV0 extends Omit<ConsentEventDoc, 'purpose' | 'method' | 'receivedAt' | 'sourceText'> {
  purpose: 'care' | 'appointment-reminders' | 'campaigns';
  method: 'verbal' | 'written' | 'electronic-form' | 'sms-keyword' | 'gateway-21610' | 'staff-recorded';
}

const PURPOSE: Record<ConsentEventDocV0['purpose'], ConsentPurpose> = { care: 'care', 'appointment-reminders': 'appointment-reminders', campaigns: 'practice-news' };
const METHOD: Record<ConsentEventDocV0['method'], ConsentMethod> = {
  verbal: 'verbal',
  written: 'paper-form',
  'electronic-form': 'electronic-form',
  'sms-keyword': 'sms-keyword',
  'gateway-21610': 'gateway-21610',
  'staff-recorded': 'verbal',
};

export function migrateConsentEventV0ToV1(old: ConsentEventDocV0): ConsentEventDoc {
  return { ...old, purpose: PURPOSE[old.purpose], method: METHOD[old.method], receivedAt: old.recordedAt };
}
