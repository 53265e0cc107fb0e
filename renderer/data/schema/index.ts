/**
 * The practice database's collections: nine of the free RxDB build's 13 (all databases in a
 * page together), leaving room for later capabilities and for the benchmark's comparison
 * databases. Drafts and read positions live in staff_state (one per person and conversation);
 * settings live in main.
 */
import type { RxJsonSchema } from 'rxdb/plugins/core';
import { appointmentSchema, type AppointmentDoc } from './appointments';
import { campaignSchema, templateSchema, type CampaignDoc, type TemplateDoc } from './campaigns';
import { consentEventSchema, type ConsentEventDoc } from './consent-events';
import { conversationSchema, type ConversationDoc } from './conversations';
import { messageSchema, type MessageDoc } from './messages';
import { patientSchema, type PatientDoc } from './patients';
import { staffStateSchema, type StaffStateDoc } from './staff-state';
import { taskSchema, type TaskDoc } from './tasks';

export interface PracticeDocTypes {
  patients: PatientDoc;
  conversations: ConversationDoc;
  messages: MessageDoc;
  consent_events: ConsentEventDoc;
  appointments: AppointmentDoc;
  campaigns: CampaignDoc;
  templates: TemplateDoc;
  staff_state: StaffStateDoc;
  tasks: TaskDoc;
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
  staff_state: staffStateSchema,
  tasks: taskSchema,
};

export type { AppointmentDoc, CampaignDoc, ConsentEventDoc, ConversationDoc, MessageDoc, PatientDoc, StaffStateDoc, TaskDoc, TemplateDoc };
export { invertTime, TIME_MAX } from './fields';
export type { ConversationStatus } from './conversations';
export { DELIVERY_ORDER, type DeliveryState } from './messages';
export { NEW_TEXT_DRAFT, staffStateId } from './staff-state';
export type { ContactWindow, OtherPhone, PhoneSource, PhoneType, TextingPreference } from './patients';
export type { ConsentMethod, ConsentPurpose } from './consent-events';
export type { AppointmentStatus } from './appointments';
export type { CampaignStatus, CampaignTouchDoc } from './campaigns';
export { taskId, type TaskKind, type TaskOutcome, type TaskState } from './tasks';
