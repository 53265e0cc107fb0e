/**
 * Translates between the audit trail's records and what crosses IPC: filters from the screen
 * become trail queries (dates parsed, ids passed through), records become plain views.
 */
import type { AuditRecordView } from '../../shared/ipc';
import type { AuditQuery } from './audit-trail';
import type { AuditRecord } from './audit-record';

export function auditQueryFromFilter(filter: { actorId?: string; action?: string; objectId?: string; from?: string; to?: string }): AuditQuery {
  const query: AuditQuery = {};
  if (filter.actorId) query.actorId = filter.actorId;
  if (filter.action) query.action = filter.action;
  if (filter.objectId) query.objectId = filter.objectId;
  if (filter.from) query.from = new Date(filter.from);
  if (filter.to) query.to = new Date(filter.to);
  return query;
}

export function toAuditView(r: AuditRecord): AuditRecordView {
  const view: AuditRecordView = {
    seq: r.seq,
    at: r.at,
    actorId: r.actorId,
    actorRole: r.actorRole,
    device: r.device,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    outcome: r.outcome,
  };
  if (r.detail) view.detail = r.detail;
  return view;
}
