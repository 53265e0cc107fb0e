/**
 * Reminder campaigns in the practice database, and the facts their planner needs read in bulk:
 * the audience's appointments, their patients and each number's consent to appointment
 * reminders derived from the whole ledger in one pass (one query, not one per patient), so
 * planning 10,000 appointments stays fast. Campaign documents hold no PHI.
 */
import { deriveConsentState, type ConsentEventFacts } from '../../../shared/consent/consent-state';
import type { PlanAppointment, PlanPatient } from '../../../shared/campaigns/planner';
import type { PracticeDb } from '../database/open-practice-db';
import type { CampaignDoc, CampaignStatus } from '../schema';
import { appointmentsBetween } from './appointments';
import { newId } from './ids';
import { getPatients, type Patient } from './patients';
import { yieldToEvents } from '../scheduling/yield-to-events';

export type Campaign = Readonly<CampaignDoc>;
export type NewCampaign = Omit<CampaignDoc, 'id' | 'createdAt' | 'updatedAt' | 'approvedBy' | 'approvedAt' | 'queued' | 'skipped' | 'status'>;

export async function createCampaign(db: PracticeDb, input: NewCampaign, now = Date.now()): Promise<Campaign> {
  const doc: CampaignDoc = { ...input, id: newId('cmp'), status: 'draft', approvedBy: '', approvedAt: 0, queued: 0, skipped: 0, createdAt: now, updatedAt: now };
  await db.collections.campaigns.insert(doc);
  return doc;
}

export async function listCampaigns(db: PracticeDb): Promise<Campaign[]> {
  const docs = await db.collections.campaigns.find().exec();
  return docs.map((d) => d.toJSON() as Campaign).sort((a, b) => b.createdAt - a.createdAt);
}

export async function getCampaign(db: PracticeDb, id: string): Promise<Campaign | null> {
  const doc = await db.collections.campaigns.findOne(id).exec();
  return doc ? (doc.toJSON() as Campaign) : null;
}

export async function markCampaign(
  db: PracticeDb,
  id: string,
  change: { status: CampaignStatus; approvedBy?: string; queued?: number; skipped?: number },
  now = Date.now(),
): Promise<void> {
  const doc = await db.collections.campaigns.findOne(id).exec();
  if (!doc) throw new Error('That campaign is no longer here.');
  await doc.incrementalPatch({
    status: change.status,
    updatedAt: now,
    ...(change.approvedBy !== undefined ? { approvedBy: change.approvedBy, approvedAt: now } : {}),
    ...(change.queued !== undefined ? { queued: change.queued } : {}),
    ...(change.skipped !== undefined ? { skipped: change.skipped } : {}),
  });
}

/** Each number's (blind hash) consent to appointment reminders, from every event in one read. */
export async function reminderConsentByPhoneHash(db: PracticeDb): Promise<Map<string, ReturnType<typeof deriveConsentState>>> {
  const docs = await db.collections.consent_events.find({ selector: { purpose: 'appointment-reminders' } }).exec();
  const byPhone = new Map<string, ConsentEventFacts[]>();
  for (const d of docs) {
    const list = byPhone.get(d.phoneHash) ?? [];
    list.push({ id: d.id, action: d.action, method: d.method, keyword: d.keyword, recordedAt: d.recordedAt });
    byPhone.set(d.phoneHash, list);
  }
  return new Map([...byPhone.entries()].map(([hash, events]) => [hash, deriveConsentState(events)]));
}

const DAY = 86_400_000;

export interface AudienceFilter {
  readonly from: number;
  readonly to: number;
  readonly provider?: string;
  readonly location?: string;
  /** Matched against the appointment's type or reason as imported (case-insensitive). */
  readonly appointmentType?: string;
  /** Only these patients' appointments (a patient list); empty or absent: everyone's. */
  readonly patientIds?: readonly string[];
}

/** The planner's facts for an audience: appointments in range (filtered), their patients and consent. */
export async function loadAudience(db: PracticeDb, filter: AudienceFilter): Promise<{ appointments: PlanAppointment[]; patients: Map<string, PlanPatient> }> {
  // A day at a time, yielding between days: decrypting thousands of appointments in one read
  // would hold the screen for most of a second.
  performance.mark('audience:start');
  const found: Awaited<ReturnType<typeof appointmentsBetween>> = [];
  for (let from = filter.from; from < filter.to; from += DAY) {
    found.push(...(await appointmentsBetween(db, from, Math.min(filter.to, from + DAY), 50_000)));
    await yieldToEvents();
  }
  const provider = filter.provider?.trim().toLowerCase();
  const location = filter.location?.trim().toLowerCase();
  const type = filter.appointmentType?.trim().toLowerCase();
  const only = filter.patientIds?.length ? new Set(filter.patientIds) : null;
  const appointments = found.filter(
    (a) =>
      (!only || only.has(a.patientId)) &&
      (!provider || a.provider?.toLowerCase() === provider) &&
      (!location || a.location?.toLowerCase() === location) &&
      (!type || a.reason?.toLowerCase() === type),
  );
  performance.measure('audience:appointments', 'audience:start');
  performance.mark('audience:patients');
  const ids = [...new Set(appointments.map((a) => a.patientId))];
  const people = new Map<string, Patient>();
  for (let i = 0; i < ids.length; i += 2_000) {
    for (const [id, p] of await getPatients(db, ids.slice(i, i + 2_000))) people.set(id, p);
    await yieldToEvents();
  }
  performance.measure('audience:patients', 'audience:patients');
  performance.mark('audience:consent');
  const consent = await reminderConsentByPhoneHash(db);
  performance.measure('audience:consent', 'audience:consent');
  const patients = new Map<string, PlanPatient>();
  for (const p of people.values()) {
    patients.set(p.id, {
      id: p.id,
      givenName: p.givenName,
      phone: p.phone || null,
      phoneType: p.phoneType,
      phoneSource: p.phoneSource,
      textingPreference: p.textingPreference,
      preferredLanguage: p.preferredLanguage,
      ...(p.timeZone ? { timeZone: p.timeZone } : {}),
      ...(p.addressState ? { addressState: p.addressState } : {}),
      ...(p.contactWindow ? { contactWindow: { startMinute: p.contactWindow.startMinute, endMinute: p.contactWindow.endMinute } } : {}),
      consent: consent.get(p.phoneHash) ?? { state: 'none' },
    });
  }
  return {
    appointments: appointments.map((a) => ({ id: a.id, patientId: a.patientId, startsAt: a.startsAt, timeZone: a.timeZone, status: a.status, ...(a.provider ? { provider: a.provider } : {}), ...(a.location ? { location: a.location } : {}) })),
    patients,
  };
}

/** Sets an appointment's status (a confirm or cancel reply, staff); returns false when it is gone. */
export async function setAppointmentStatus(db: PracticeDb, id: string, status: PlanAppointment['status'], now = Date.now()): Promise<boolean> {
  const doc = await db.collections.appointments.findOne(id).exec();
  if (!doc) return false;
  if (doc.status !== status) await doc.incrementalPatch({ status, updatedAt: now });
  return true;
}
