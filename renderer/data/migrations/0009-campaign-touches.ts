/**
 * Migration 0009 (campaigns v0 -> v1): touches carry their texts in both languages (v0 named a
 * template id), and campaigns gain an audience, stop-after-confirm, caps and approval counts.
 * Touches of a v0 draft get the shipped appointment-reminder texts; the audience starts empty
 * (the manager picks dates again).
 */
import { BUILT_IN_TEMPLATES } from '../../../shared/compose/templates';
import type { CampaignDoc } from '../schema/campaigns';

export interface CampaignDocV0 {
  id: string;
  name: string;
  status: CampaignDoc['status'];
  touches: { offsetMinutes: number; templateId: string }[];
  createdBy: string;
  approvedBy: string;
  createdAt: number;
  updatedAt: number;
}

const body = (id: string) => BUILT_IN_TEMPLATES.find((t) => t.id === id)?.body ?? '';

export function migrateCampaignV0ToV1(doc: CampaignDocV0): CampaignDoc {
  return {
    ...doc,
    audience: { from: doc.createdAt, to: doc.createdAt, provider: '', location: '', appointmentType: '', patientIds: [] },
    touches: doc.touches.slice(0, 5).map((t) => ({ offsetMinutes: Math.min(0, t.offsetMinutes), templateEn: body('rem-appointment-en'), templateEs: body('rem-appointment-es') })),
    stopAfterConfirm: true,
    perDay: 1,
    perWeek: 3,
    approvedAt: 0,
    queued: 0,
    skipped: 0,
  };
}
