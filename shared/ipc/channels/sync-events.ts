/**
 * Events of gateway sync. No PHI in payloads: ids and counts only; the renderer asks for the
 * content through the PHI channels, which answer only an unlocked session.
 */
import { z } from 'zod';
import { event } from '../define';

export const syncEvents = {
  'outbox.changed': event({
    payload: z
      .object({
        clientIds: z.array(z.string().max(128)).max(1000),
        queueDepth: z.number().int().nonnegative(),
      })
      .strict(),
    phi: false,
    summary: 'Outbox entries changed state (ids only).',
  }),
  'inbox.available': event({
    payload: z.object({ pending: z.number().int().nonnegative() }).strict(),
    phi: false,
    summary: 'Inbound messages are waiting for the renderer to take them.',
  }),
} as const;
