/**
 * Owns creating a new outbox entry (queued) with its client id, so the IPC handler, a future
 * campaign scheduler and the tests build entries the same way.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxEntry, OutboxOrigin } from '../../shared/sync/outbox-model';

export interface NewOutboxEntry {
  readonly to: string;
  readonly body: string;
  readonly origin: OutboxOrigin;
  readonly createdBy: string;
  readonly purpose?: string;
  readonly notBefore?: string | null;
  readonly notAfter?: string | null;
  readonly recipientTimeZone?: string | null;
  readonly recipientStates?: readonly string[];
  readonly recipientWindow?: { readonly startMinute: number; readonly endMinute: number } | null;
  readonly clientId?: string;
}

export function newOutboxEntry(input: NewOutboxEntry, now: number): OutboxEntry {
  const at = new Date(now).toISOString();
  return {
    clientId: input.clientId ?? `out-${randomUUID()}`,
    to: input.to,
    body: input.body,
    origin: input.origin,
    purpose: input.purpose ?? 'care',
    createdBy: input.createdBy,
    createdAt: at,
    notBefore: input.notBefore ?? null,
    notAfter: input.notAfter ?? null,
    recipientTimeZone: input.recipientTimeZone ?? null,
    recipientStates: input.recipientStates ?? [],
    ...(input.recipientWindow ? { recipientWindow: input.recipientWindow } : {}),
    state: 'queued',
    sid: null,
    attempts: 0,
    sendingAt: null,
    needsReconcile: false,
    nextAttemptAt: null,
    acceptedAt: null,
    finalAt: null,
    updatedAt: at,
    lastError: null,
    nextStatusPollAt: null,
  };
}
