/**
 * Runs the campaign planner on this desk without freezing it: the audience is read in bulk, the
 * automated texts already planned or sent (every campaign, from main's outbox) feed the caps,
 * and appointments are planned in slices of 500 with a yield to the event loop between them, so
 * a 10,000-appointment plan never holds the screen for long. Approval queues the plan in main
 * 500 sends at a time.
 */
import { finishPlan, newPlanCache, planSlice, type CampaignPlan, type CampaignSettings, type ExistingLoad } from '../../../../shared/campaigns/planner';
import type { OutboxEntryView } from '../../../../shared/ipc/channels/sync';
import { loadAudience, yieldToEvents, type Campaign, type PracticeDb } from '../../../data';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

const SLICE = 500;
/** Every entry in main's outbox, newest first, read 500 at a time. */
export async function allOutboxEntries(): Promise<OutboxEntryView[]> {
  const entries: OutboxEntryView[] = [];
  for (let offset = 0; offset < 100_000; offset += 500) {
    const page = await call(() => carerelay().outbox.list({ limit: 500, offset }));
    if (!page.ok) break;
    entries.push(...page.value.entries);
    if (offset + 500 >= page.value.total) break;
  }
  return entries;
}

/** Automated texts to each number that are waiting or already went (for caps across campaigns). */
export async function existingAutomatedLoad(excludeCampaign?: string): Promise<Map<string, number[]>> {
  const load = new Map<string, number[]>();
  for (const e of await allOutboxEntries()) addLoad(load, e, excludeCampaign);
  return load;
}

function addLoad(load: Map<string, number[]>, e: OutboxEntryView, excludeCampaign?: string) {
  if (e.origin.kind !== 'campaign' && e.origin.kind !== 'appointment') return;
  if (excludeCampaign && e.origin.refs.campaign === excludeCampaign) return;
  if (e.state === 'cancelled' || e.state === 'refused' || e.state === 'failed') return;
  const at = Date.parse(e.acceptedAt ?? e.notBefore ?? e.createdAt);
  if (!Number.isFinite(at)) return;
  const list = load.get(e.to) ?? [];
  list.push(at);
  load.set(e.to, list);
}

export function settingsFor(c: Campaign, practice: { name: string; phone: string; timeZone: string }, messagesPerSecond: number): CampaignSettings {
  return {
    id: c.id,
    touches: c.touches.map((t) => ({ offsetMinutes: t.offsetMinutes, templates: { en: t.templateEn, es: t.templateEs } })),
    stopAfterConfirm: c.stopAfterConfirm,
    perDay: c.perDay,
    perWeek: c.perWeek,
    practice,
    minLeadMinutes: 60,
    messagesPerSecond,
    costPerSegment: 0.0083,
  };
}

export interface PlanProgress {
  (done: number, total: number): void;
}

/** `existingLoad` is read from main while the audience is read from the database. */
export async function runPlan(db: PracticeDb, campaign: CampaignSettings, audience: Campaign['audience'], existingLoad: Promise<ExistingLoad>, now: number, progress?: PlanProgress): Promise<CampaignPlan> {
  // User Timing marks (read by bench:campaign; no data in them).
  performance.mark('plan:start');
  const [{ appointments, patients }, existing] = await Promise.all([
    loadAudience(db, {
      from: audience.from,
      to: audience.to,
      ...(audience.provider ? { provider: audience.provider } : {}),
      ...(audience.location ? { location: audience.location } : {}),
      ...(audience.appointmentType ? { appointmentType: audience.appointmentType } : {}),
      ...(audience.patientIds.length ? { patientIds: audience.patientIds } : {}),
    }),
    existingLoad,
  ]);
  performance.measure('plan:audience', 'plan:start');
  performance.mark('plan:planning');
  const load = new Map<string, number[]>([...existing.entries()].map(([k, v]) => [k, [...v]]));
  const cache = newPlanCache();
  const sends = [];
  const skipped = [];
  for (let i = 0; i < appointments.length; i += SLICE) {
    const part = planSlice({ campaign, appointments: appointments.slice(i, i + SLICE), patients, existing, now }, load, cache);
    sends.push(...part.sends);
    skipped.push(...part.skipped);
    progress?.(Math.min(appointments.length, i + SLICE), appointments.length);
    await yieldToEvents();
  }
  performance.measure('plan:slices', 'plan:planning');
  return finishPlan(campaign, sends, skipped);
}

/** Queues an approved plan in main; returns how many were queued, already there, refused. */
export async function queuePlan(campaignId: string, plan: CampaignPlan, progress?: PlanProgress): Promise<{ queued: number; existing: number; refused: number; error: string | null }> {
  let queued = 0;
  let existing = 0;
  let refused = 0;
  for (let i = 0; i < plan.sends.length; i += 500) {
    const batch = plan.sends.slice(i, i + 500).map((s) => ({
      clientId: s.clientId,
      to: s.to,
      body: s.body,
      appointmentId: s.appointmentId,
      patientId: s.patientId,
      touch: s.touch,
      // The planner's paced time (spread at the sender's rate inside the window), so main sends
      // them as the preview showed; main's own pacer and quiet-hours gate still apply.
      notBefore: new Date(Math.min(Math.max(s.notBefore, s.expectedAt), s.notAfter)).toISOString(),
      notAfter: new Date(s.notAfter).toISOString(),
      recipientTimeZone: s.recipientTimeZone,
      recipientStates: [...s.recipientStates],
      contactWindow: s.contactWindow ? { startMinute: s.contactWindow.startMinute, endMinute: s.contactWindow.endMinute } : null,
    }));
    const r = await call(() => carerelay().outbox.queueCampaign({ campaignId, sends: batch }));
    if (!r.ok) return { queued, existing, refused, error: r.error.message };
    queued += r.value.queued;
    existing += r.value.existing;
    refused += r.value.refused.length;
    progress?.(Math.min(plan.sends.length, i + 500), plan.sends.length);
  }
  return { queued, existing, refused, error: null };
}
