/**
 * A campaign's results, from what main's outbox says happened to each of its texts and what
 * became of each appointment: scheduled, sent, delivered, failed by reason, withdrawn (the
 * patient confirmed or cancelled first), refused (opted out), and per appointment confirmed,
 * cancelled or no response. Pure over its inputs; the page reads them and exports the CSV.
 */
import { explainDeliveryCode } from '../../../../shared/sync/delivery-reasons';
import type { OutboxEntryView } from '../../../../shared/ipc/channels/sync';
import { toCsv } from '../../../../shared/text/csv';

export interface CampaignResults {
  readonly texts: number;
  readonly waiting: number;
  readonly sent: number;
  readonly delivered: number;
  readonly failed: number;
  readonly failedByReason: Readonly<Record<string, number>>;
  readonly withdrawn: number;
  readonly optedOut: number;
  readonly appointments: number;
  readonly confirmed: number;
  readonly cancelled: number;
  readonly noResponse: number;
}

export function campaignResults(entries: readonly OutboxEntryView[], appointmentStatus: ReadonlyMap<string, string>): CampaignResults {
  let waiting = 0;
  let sent = 0;
  let delivered = 0;
  let failed = 0;
  let withdrawn = 0;
  let optedOut = 0;
  const failedByReason: Record<string, number> = {};
  const appointments = new Set<string>();
  for (const e of entries) {
    if (e.origin.refs.appointment) appointments.add(e.origin.refs.appointment);
    switch (e.state) {
      case 'queued':
      case 'sending':
        waiting++;
        break;
      case 'accepted':
      case 'sent':
        sent++;
        break;
      case 'delivered':
        sent++;
        delivered++;
        break;
      case 'failed':
      case 'undelivered': {
        sent++;
        failed++;
        const reason = explainDeliveryCode(e.errorCode)?.explanation ?? (e.errorCode ? `Code ${e.errorCode}` : 'No reason given');
        failedByReason[reason] = (failedByReason[reason] ?? 0) + 1;
        break;
      }
      case 'cancelled':
        if (e.errorCode === 'CONSENT_REVOKED') optedOut++;
        else withdrawn++;
        break;
      case 'refused':
        if (e.errorCode === 'RECIPIENT_OPTED_OUT' || e.errorCode === '21610') optedOut++;
        else {
          failed++;
          failedByReason['Refused before sending'] = (failedByReason['Refused before sending'] ?? 0) + 1;
        }
        break;
    }
  }
  let confirmed = 0;
  let cancelled = 0;
  for (const id of appointments) {
    const s = appointmentStatus.get(id);
    if (s === 'confirmed' || s === 'completed') confirmed++;
    else if (s === 'cancelled' || s === 'rescheduled') cancelled++;
  }
  return {
    texts: entries.length,
    waiting,
    sent,
    delivered,
    failed,
    failedByReason,
    withdrawn,
    optedOut,
    appointments: appointments.size,
    confirmed,
    cancelled,
    noResponse: appointments.size - confirmed - cancelled,
  };
}

export function resultsCsv(name: string, r: CampaignResults): string {
  const rows: (readonly unknown[])[] = [
    ['Texts planned', r.texts],
    ['Waiting', r.waiting],
    ['Sent', r.sent],
    ['Delivered', r.delivered],
    ['Failed', r.failed],
    ...Object.entries(r.failedByReason).map(([reason, n]) => [`Failed: ${reason}`, n]),
    ['Withdrawn (confirmed or cancelled first)', r.withdrawn],
    ['Opted out', r.optedOut],
    ['Appointments', r.appointments],
    ['Confirmed', r.confirmed],
    ['Cancelled', r.cancelled],
    ['No response', r.noResponse],
  ];
  return toCsv(['Campaign', 'Measure', 'Count'], rows.map(([m, n]) => [name, m, n]));
}
