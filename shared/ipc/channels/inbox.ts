/**
 * Channels the front-desk inbox needs from main beyond sending: the staff directory (names to
 * show "Maria is replying" and who sent a message; staff names are not PHI), audit records of
 * each message viewed and of a confirmed minimum-necessary override (R16, R39: ids and codes
 * only, never text), the unread count for the OS badge (R2: a number, no names), and training
 * mode's practice tools: a simulated patient's text and a simulated network outage (refused
 * unless the embedded sandbox gateway is in use).
 */
import { z } from 'zod';
import { channel, event } from '../define';
import { ROLES } from '../../accounts/roles';
import { E164_PATTERN } from '../../phone/us-phone';

const opaqueId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);

export const staffEntrySchema = z
  .object({ id: z.string().min(1).max(64), fullName: z.string().max(120), role: z.enum(ROLES), active: z.boolean() })
  .strict();
export type StaffEntry = z.infer<typeof staffEntrySchema>;

/** Kinds of probable PHI the minimum-necessary guard names (shared/compose/phi-guard.ts). */
export const PHI_KINDS = ['diagnosis', 'lab-value', 'medication', 'result', 'procedure', 'identifier'] as const;

/** `clockOffsetMinutes`: how far the training clock has been moved forward (0 on a real gateway). */
export const trainingStateSchema = z.object({ available: z.boolean(), offline: z.boolean(), clockOffsetMinutes: z.number().int().nonnegative() }).strict();

export const inboxChannels = {
  'staff.directory': channel({
    request: z.object({}).strict(),
    response: z.object({ staff: z.array(staffEntrySchema).max(1000) }).strict(),
    phi: false,
    permission: 'inbox.use',
    summary: 'Every staff member’s id, name and role, to show who sent a message or is replying.',
  }),
  'audit.recordMessageViews': channel({
    request: z.object({ messageIds: z.array(opaqueId).min(1).max(200) }).strict(),
    response: z.object({ recorded: z.number().int().nonnegative() }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'The renderer reports the messages a person has on screen; main records one view per message.',
  }),
  'audit.recordPhiOverride': channel({
    request: z
      .object({
        conversationId: opaqueId,
        /** The consent-ledger event recording the patient's acknowledgement of SMS risk (R16). */
        acknowledgementId: opaqueId,
        kinds: z.array(z.enum(PHI_KINDS)).min(1).max(6),
        identityVerified: z.literal(true),
      })
      .strict(),
    response: z.object({ recorded: z.boolean() }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'A sender confirmed a text the minimum-necessary guard flagged, citing the patient’s SMS-risk acknowledgement (codes only).',
  }),
  'notifications.setUnread': channel({
    request: z.object({ count: z.number().int().min(0).max(1_000_000) }).strict(),
    response: z.object({ badge: z.number().int().nonnegative() }).strict(),
    phi: false,
    permission: 'inbox.use',
    summary: 'The signed-in person’s unread count for the OS badge (a number only).',
  }),
  'training.getState': channel({
    request: z.object({}).strict(),
    response: trainingStateSchema,
    phi: false,
    permission: 'inbox.use',
    summary: 'Whether training tools are available (sandbox gateway) and whether a simulated outage is on.',
  }),
  'training.simulateInbound': channel({
    request: z.object({ from: z.string().regex(E164_PATTERN), body: z.string().min(1).max(1600) }).strict(),
    response: z.object({ sid: z.string().max(64) }).strict(),
    phi: true,
    permission: 'inbox.use',
    summary: 'Training mode only: a simulated patient texts the practice (refused on a real gateway).',
  }),
  'training.setOutage': channel({
    request: z.object({ offline: z.boolean() }).strict(),
    response: trainingStateSchema,
    phi: false,
    permission: 'inbox.use',
    summary: 'Training mode only: cuts the sandbox gateway off (or back on) to practise working offline.',
  }),
} as const;

export const inboxEvents = {
  'notifications.changed': event({
    payload: z.object({ badge: z.number().int().nonnegative(), notice: z.string().max(40).nullable() }).strict(),
    phi: false,
    summary: 'The OS badge count changed and, when patients texted, the notification shown ("New message"): no names, no text.',
  }),
} as const;
