/**
 * What an audit record may hold, as zod schemas. Every field is an identifier or a short
 * code: free text cannot pass, so a message body, a patient's name or a phone number can
 * never reach the trail. The actor is never null; system events use `SYSTEM_ACTOR`.
 */
import { z } from 'zod';

/** Opaque ids: letters, digits and . _ : - only (no spaces, no '+', so no phone numbers or prose). */
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be an opaque id');

export const AuditRoleSchema = z.enum(['front-desk', 'practice-manager', 'administrator', 'system']);
export type AuditRole = z.infer<typeof AuditRoleSchema>;

/** The actor of events no person caused (start-up, auto-lock, scheduled sends, repairs). */
export const SYSTEM_ACTOR = { actorId: 'system', actorRole: 'system' } as const;

export const AuditOutcomeSchema = z.enum(['success', 'failure', 'denied']);

/** Dotted lower-case action names, e.g. `auth.sign-in`, `consent.change`, `audit.export`. */
export const AuditActionSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must be a dotted action code');

/** A short upper-case reason code such as `WRONG_PASSWORD` or `TORN_TAIL`. */
export const AuditDetailSchema = z.string().regex(/^[A-Z0-9][A-Z0-9_]{0,47}$/, 'must be a short UPPER_CASE code');

export const AuditEventSchema = z
  .strictObject({
    actorId: Id,
    actorRole: AuditRoleSchema,
    action: AuditActionSchema,
    objectType: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a lower-case type code'),
    objectId: Id,
    outcome: AuditOutcomeSchema,
    detail: AuditDetailSchema.optional(),
  })
  .refine((e) => (e.actorRole === 'system') === (e.actorId === SYSTEM_ACTOR.actorId), {
    message: "the 'system' actor and the system role go together",
    path: ['actorRole'],
  });

/** What a caller supplies; main stamps `seq`, `at` and `device`. */
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditRecordSchema = z.strictObject({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  device: Id,
  actorId: Id,
  actorRole: AuditRoleSchema,
  action: AuditActionSchema,
  objectType: z.string(),
  objectId: Id,
  outcome: AuditOutcomeSchema,
  detail: AuditDetailSchema.optional(),
});

export type AuditRecord = z.infer<typeof AuditRecordSchema>;

