/**
 * Owns what a patient's reply to a reminder does once it is filed: the reply interpreter
 * (shared/campaigns/reply-interpreter.ts) reads it; a confident confirm marks the appointment
 * confirmed, withdraws its remaining reminders (stop after confirm) and thanks the patient with
 * the confirmation template; a confident cancel marks it cancelled, withdraws its reminders and
 * acknowledges; a reschedule request, a question or anything unclear becomes a task for staff
 * (repositories/tasks.ts: the inbox's Tasks filter and a prompt on the message, naming the
 * appointment) and the conversation stays open and unread; opt-outs and wrong numbers already
 * went through the consent rules. "A reply to a reminder" = the conversation's latest outbound text was a reminder
 * (campaign or one-off) sent in the last 7 days. There, an opt-out word the consent classifier
 * itself calls probably not an opt-out ("I need to cancel, sorry": confidence below 0.5) is read
 * as the appointment reply it is, not put to staff as a possible opt-out. Runs in the renderer after unlock, so a reply
 * that arrived while the screens were locked is acted on when they open.
 */
import { AUTO_ACTION_CONFIDENCE, interpretReply, type ReplyInterpretation } from '../../../shared/campaigns/reply-interpreter';
import { appointmentMergeValues } from '../../../shared/compose/appointment-merge';
import { BUILT_IN_TEMPLATES, renderTemplate } from '../../../shared/compose/templates';
import { formatUsPhone } from '../../../shared/phone/us-phone';
import type { CareRelayApi } from '../../../shared/ipc';
import type { PracticeDb } from '../database/open-practice-db';
import { setAppointmentStatus } from '../repositories/campaigns';
import { findConversationByPhone, setConversationStatus } from '../repositories/conversations';
import { latestMessages } from '../repositories/messages';
import { getPatient } from '../repositories/patients';
import { openTask } from '../repositories/tasks';

const WEEK = 7 * 86_400_000;

export interface ReplyOutcome {
  readonly interpretation: ReplyInterpretation;
  readonly appointmentId: string | null;
  readonly action: 'confirmed' | 'cancelled' | 'for-staff' | 'none';
  /** The staff task made for a for-staff reply. */
  readonly taskId?: string;
}

export interface ReplyDeps {
  readonly api: Pick<CareRelayApi, 'outbox'>;
  /** Sends an automatic acknowledgement into the conversation (the bridge's send, as CareRelay). */
  readonly acknowledge: (to: string, body: string, conversationId: string) => Promise<void>;
  readonly practice: () => { name: string; phone: string; timeZone: string } | null;
}

const isReminder = (clientId: string) => clientId.startsWith('cmp-') || clientId.startsWith('rem-');

/** The reminder a text at `at` in this conversation answers: its latest outbound text, if a reminder from the last 7 days. */
async function answeredReminder(db: PracticeDb, conversationId: string, at: number) {
  const recent = await latestMessages(db, conversationId, 10);
  const last = recent.filter((m) => m.direction === 'outbound' && m.sentAt <= at).sort((a, b) => b.sentAt - a.sentAt)[0];
  return last && last.clientId && isReminder(last.clientId) && at - last.sentAt <= WEEK ? last : null;
}

/** Whether a text from this number at `at` would be a reply to a reminder (before it is filed). */
export async function isReplyToReminder(db: PracticeDb, phone: string, at: number): Promise<boolean> {
  const conversation = await findConversationByPhone(db, phone);
  return conversation ? (await answeredReminder(db, conversation.id, at)) !== null : false;
}

export async function handleReminderReply(
  db: PracticeDb,
  deps: ReplyDeps,
  input: { conversationId: string; messageId: string; body: string; at: number; from: string },
): Promise<ReplyOutcome | null> {
  const reminder = await answeredReminder(db, input.conversationId, input.at);
  if (!reminder?.clientId) return null;
  const interpretation = interpretReply(input.body);
  const entry = await deps.api.outbox.get({ clientId: reminder.clientId });
  const refs = entry.ok ? entry.value.entry.origin.refs : {};
  const appointmentId = refs.appointment ?? null;
  const forStaff = async (): Promise<ReplyOutcome> => {
    const kind = interpretation.intent === 'reschedule' || interpretation.intent === 'question' ? interpretation.intent : 'unclear';
    const task = await openTask(db, {
      kind,
      conversationId: input.conversationId,
      messageId: input.messageId,
      appointmentId: appointmentId ?? '',
      campaignId: refs.campaign ?? '',
      confidence: interpretation.confidence,
    });
    return { interpretation, appointmentId, action: 'for-staff', taskId: task.id };
  };
  if (interpretation.intent === 'opt-out' || interpretation.intent === 'wrong-number') return { interpretation, appointmentId, action: 'none' };
  const confident = interpretation.confidence >= AUTO_ACTION_CONFIDENCE;
  if (!appointmentId || !confident || (interpretation.intent !== 'confirm' && interpretation.intent !== 'cancel')) return forStaff();
  const confirmed = interpretation.intent === 'confirm';
  const appointment = await db.collections.appointments.findOne(appointmentId).exec();
  if (!appointment) return forStaff();
  await setAppointmentStatus(db, appointmentId, confirmed ? 'confirmed' : 'cancelled');
  await deps.api.outbox.withdraw({ appointmentId, reason: confirmed ? 'confirmed' : 'cancelled' });
  const practice = deps.practice();
  const patient = await getPatient(db, appointment.patientId);
  if (practice && patient) {
    const template = BUILT_IN_TEMPLATES.find((t) => t.id === `${confirmed ? 'qr-confirm' : 'ack-cancelled'}-${patient.preferredLanguage}`);
    const text = template
      ? renderTemplate(template.body, {
          firstName: patient.givenName,
          practiceName: practice.name,
          practicePhone: formatUsPhone(practice.phone),
          ...appointmentMergeValues(appointment.startsAt, appointment.timeZone || practice.timeZone, patient.preferredLanguage),
        })
      : null;
    if (text && text.missing.length === 0) await deps.acknowledge(input.from, text.text, input.conversationId);
  }
  // Nothing left for staff: the conversation waits on the patient.
  await setConversationStatus(db, input.conversationId, 'waiting').catch(() => undefined);
  return { interpretation, appointmentId, action: confirmed ? 'confirmed' : 'cancelled' };
}
