/**
 * The practice database's retention channel: after an administrator's purge the renderer reports
 * what was removed (counts, cut-off and policy only: never a record or any PHI) and main writes
 * the `practice-db.purge` audit record. The purge itself happens in the renderer, which holds
 * the database.
 */
import { z } from 'zod';
import { channel } from '../define';

export const practiceDbRetentionChannels = {
  'practiceDb.reportPurge': channel({
    request: z
      .object({
        /** Messages sent before this ISO instant were past retention. */
        cutoff: z.string().datetime(),
        policyYears: z.number().int().min(1).max(25),
        messagesDeleted: z.number().int().min(0).max(100_000_000),
      })
      .strict(),
    response: z.object({ recorded: z.boolean() }).strict(),
    phi: false,
    permission: 'settings.manage',
    summary: 'Records a retention purge of the practice database in the audit trail (counts and cut-off only).',
  }),
} as const;
