/**
 * Channels of reminder campaigns in main: queue an approved plan's sends in the durable outbox
 * (each with its own send window, so they go out while the screens are locked or nobody is
 * signed in), withdraw what still waits for an appointment or a campaign (confirmed, cancelled,
 * rescheduled, campaign stopped), and — in training only — move the sandbox's clock forward so a
 * week of reminders can be practised in minutes.
 */
import { z } from 'zod';
import { E164_PATTERN } from '../../phone/us-phone';
import { channel } from '../define';

const opaqueId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
const isoTime = z.string().datetime();
const window = z
  .object({ startMinute: z.number().int().min(0).max(1440), endMinute: z.number().int().min(0).max(1440) })
  .strict()
  .refine((w) => w.startMinute < w.endMinute, 'a contact window must open before it closes');

export const campaignSendSchema = z
  .object({
    /** Deterministic: cmp-<campaign>-<appointment>-<touch> (approving twice is one send). */
    clientId: z.string().regex(/^cmp-[A-Za-z0-9._:-]{1,124}$/),
    to: z.string().regex(E164_PATTERN),
    body: z.string().trim().min(1).max(1600),
    appointmentId: opaqueId,
    patientId: opaqueId,
    touch: z.number().int().min(0).max(9),
    notBefore: isoTime,
    notAfter: isoTime,
    recipientTimeZone: z.string().min(3).max(64),
    recipientStates: z.array(z.string().regex(/^[A-Z]{2}$/)).max(3),
    contactWindow: window.nullable(),
  })
  .strict();
export type CampaignSend = z.infer<typeof campaignSendSchema>;

export const campaignChannels = {
  'outbox.queueCampaign': channel({
    request: z.object({ campaignId: opaqueId, sends: z.array(campaignSendSchema).min(1).max(500) }).strict(),
    response: z
      .object({
        queued: z.number().int().nonnegative(),
        /** Already in the outbox (an earlier approval, another desk). */
        existing: z.number().int().nonnegative(),
        /** Refused now by main's gate (opted out since the plan, ...): client id and code. */
        refused: z.array(z.object({ clientId: z.string().max(128), code: z.string().max(48) }).strict()).max(500),
      })
      .strict(),
    phi: true,
    permission: 'campaigns.manage',
    summary: "Queues an approved campaign's sends (up to 500 per call) with their send windows; main's gate still decides at send time (audited).",
  }),
  'outbox.withdraw': channel({
    request: z
      .object({
        campaignId: opaqueId.optional(),
        appointmentId: opaqueId.optional(),
        reason: z.enum(['confirmed', 'cancelled', 'rescheduled', 'campaign-stopped']),
      })
      .strict()
      .refine((r) => r.campaignId !== undefined || r.appointmentId !== undefined, 'name a campaign or an appointment'),
    response: z.object({ withdrawn: z.number().int().nonnegative() }).strict(),
    phi: false,
    permission: 'inbox.use',
    summary: 'Cancels reminders that have not left yet for an appointment (confirmed, cancelled, moved) or a whole campaign (audited).',
  }),
  'training.advanceClock': channel({
    request: z.object({ minutes: z.number().int().min(1).max(14 * 24 * 60) }).strict(),
    response: z.object({ offsetMinutes: z.number().int().nonnegative(), now: isoTime }).strict(),
    phi: false,
    permission: 'inbox.use',
    summary: "Training mode only: moves the sandbox gateway's and the sending queue's clock forward (never back), so scheduled reminders come due.",
  }),
} as const;
