/**
 * Channels of app updates (issue 13): the update status any screen may show ("Update ready —
 * restart to update"), an administrator's check-now and pause, and a person's request to restart
 * now. Main never restarts on its own during a signed-in session; a ready update installs when
 * CareRelay quits.
 */
import { z } from 'zod';
import { channel } from '../define';

const empty = z.object({}).strict();

export const updateStatusSchema = z
  .object({
    state: z.enum(['disabled', 'idle', 'checking', 'downloading', 'ready', 'failed', 'paused']),
    currentVersion: z.string().max(40),
    version: z.string().max(40).nullable(),
    lastCheckedAt: z.string().datetime().nullable(),
    error: z.enum(['OFFLINE', 'BAD_SIGNATURE', 'BAD_FEED', 'DOWNLOAD_FAILED', 'UNKNOWN']).nullable(),
    paused: z.boolean(),
    disabledReason: z.enum(['NO_FEED']).nullable(),
  })
  .strict();
export type UpdateStatusView = z.infer<typeof updateStatusSchema>;

export const updateChannels = {
  'updates.getStatus': channel({
    request: empty,
    response: updateStatusSchema,
    phi: false,
    permission: 'public',
    summary: 'Where CareRelay is with updates: current version, a newer one found, downloaded and ready, paused or failed (by code).',
  }),
  'updates.checkNow': channel({
    request: empty,
    response: updateStatusSchema,
    phi: false,
    permission: 'settings.manage',
    summary: 'An administrator asks CareRelay to look for an update now.',
  }),
  'updates.setPaused': channel({
    request: z.object({ paused: z.boolean() }).strict(),
    response: updateStatusSchema,
    phi: false,
    permission: 'settings.manage',
    summary: 'An administrator pauses or resumes updates on this computer (audited).',
  }),
  'updates.restartToUpdate': channel({
    request: empty,
    response: z.object({ restarting: z.boolean() }).strict(),
    phi: false,
    permission: 'session.self',
    summary: 'The signed-in person chooses to restart now to install a downloaded update (audited); refused unless one is ready.',
  }),
} as const;
