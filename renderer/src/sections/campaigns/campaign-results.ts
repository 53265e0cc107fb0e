/**
 * A campaign's results, from what main's outbox says happened to each of its texts and what
 * became of each appointment: scheduled, sent, delivered, failed by reason, withdrawn (the
 * patient confirmed or cancelled first), refused (opted out), and per appointment confirmed,
 * cancelled or no response; from the patients' replies (read again by the reply interpreter,
 * which is deterministic) the reschedule requests and questions, and the confirmation rate day
 * by day since the first reminder left. Pure over its inputs; the page reads them and exports
 * the CSV.
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
  readonly rescheduleRequests: number;
  readonly questions: number;
  readonly noResponse: number;
  /** Share of reminded appointments confirmed by the end of each day (local), from the first reminder. */
  readonly confirmationRate: readonly { readonly day: string; readonly rate: number }[];
}

/** A patient's reply to one of the campaign's reminders, as the interpreter read it. */
export interface ReplyFact {
  readonly appointmentId: string;
  readonly at: number;
  readonly intent: string;
  readonly confident: boolean;
}

export function campaignResults(
  entries: readonly OutboxEntryView[],
  appointmentStatus: ReadonlyMap<string, string>,
  replies: readonly ReplyFact[] = [],
  dayOf: (t: number) => string = (t) => new Date(t).toISOString().slice(0, 10),
): CampaignResults {
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
  const rescheduleAppointments = new Set(replies.filter((r) => r.intent === 'reschedule').map((r) => r.appointmentId));
  const questionAppointments = new Set(replies.filter((r) => r.intent === 'question').map((r) => r.appointmentId));
  const answered = new Set(replies.map((r) => r.appointmentId));
  // Day by day from the first reminder that left: confirmed (first confident confirm) / reminded.
  const firstSent = entries.map((e) => (e.acceptedAt ? Date.parse(e.acceptedAt) : NaN)).filter(Number.isFinite).sort((a, b) => a - b)[0];
  const confirmAt = new Map<string, number>();
  for (const r of [...replies].sort((a, b) => a.at - b.at)) if (r.intent === 'confirm' && r.confident && !confirmAt.has(r.appointmentId)) confirmAt.set(r.appointmentId, r.at);
  const confirmationRate: { day: string; rate: number }[] = [];
  if (firstSent !== undefined && appointments.size) {
    const lastDay = Math.max(firstSent, ...[...confirmAt.values()]);
    const lastLabel = dayOf(lastDay);
    for (let t = firstSent; dayOf(t) <= lastLabel && confirmationRate.length < 31; t += 86_400_000) {
      const day = dayOf(t);
      const by = [...confirmAt.values()].filter((c) => dayOf(c) <= day).length;
      confirmationRate.push({ day, rate: Math.round((1000 * by) / appointments.size) / 10 });
    }
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
    rescheduleRequests: rescheduleAppointments.size,
    questions: questionAppointments.size,
    noResponse: [...appointments].filter((id) => !answered.has(id) && appointmentStatus.get(id) !== 'confirmed' && appointmentStatus.get(id) !== 'cancelled').length,
    confirmationRate,
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
    ['Reschedule requests', r.rescheduleRequests],
    ['Questions', r.questions],
    ['No response', r.noResponse],
    ...r.confirmationRate.map((p) => [`Confirmed by ${p.day} (%)`, p.rate]),
  ];
  return toCsv(['Campaign', 'Measure', 'Count'], rows.map(([m, n]) => [name, m, n]));
}
