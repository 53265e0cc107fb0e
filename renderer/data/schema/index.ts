/**
 * The practice database's collections: seven of the free RxDB build's 13 (all databases in a
 * page together), leaving room for later capabilities and for the benchmark's comparison
 * databases. Drafts live on their conversation; settings live in main.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { appointmentSchema, type AppointmentDoc } from './appointments';
import { campaignSchema, templateSchema, type CampaignDoc, type TemplateDoc } from './campaigns';
import { consentEventSchema, type ConsentEventDoc } from './consent-events';
import { conversationSchema, type ConversationDoc } from './conversations';
import { messageSchema, type MessageDoc } from './messages';
import { patientSchema, type PatientDoc } from './patients';

export interface PracticeDocTypes {
  patients: PatientDoc;
  conversations: ConversationDoc;
  messages: MessageDoc;
  consent_events: ConsentEventDoc;
  appointments: AppointmentDoc;
  campaigns: CampaignDoc;
  templates: TemplateDoc;
}
export type CollectionName = keyof PracticeDocTypes;

export const practiceSchemas: { readonly [K in CollectionName]: RxJsonSchema<PracticeDocTypes[K]> } = {
  patients: patientSchema,
  conversations: conversationSchema,
  messages: messageSchema,
  consent_events: consentEventSchema,
  appointments: appointmentSchema,
  campaigns: campaignSchema,
  templates: templateSchema,
};

export type { AppointmentDoc, CampaignDoc, ConsentEventDoc, ConversationDoc, MessageDoc, PatientDoc, TemplateDoc };
export { invertTime, TIME_MAX } from './fields';
export type { ConversationStatus } from './conversations';
export type { DeliveryState } from './messages';
export type { ConsentMethod, ConsentPurpose } from './consent-events';
export type { AppointmentStatus } from './appointments';
