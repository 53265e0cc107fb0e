/**
 * One conversation: who it is with (or "Unmatched number" with a way to link it to a patient or
 * add them), its status and who it is assigned to, the messages in reading order with time,
 * sender, delivery state and (on failure) the reason in plain words with what to do next, and
 * the reply box. Every message body is inert text (SafeText). Messages shown are reported to the
 * audit trail; the conversation counts as read for this person while it is on screen.
 */
import { memo, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { claimedByOther } from '../../../../shared/inbox/claims';
import { explainDeliveryCode } from '../../../../shared/sync/delivery-reasons';
import type { MergeValues } from '../../../../shared/compose/templates';
import {
  assignConversation,
  clearFailures,
  getPatient,
  markRead,
  observeConversationTasks,
  recordConfirmedOptOut,
  resolveReview,
  setConversationStatus,
  useConversation,
  usePatientIndex,
  usePracticeDb,
  useThread,
  THREAD_PAGE,
  type Conversation,
  type InboxMemory,
  type Message,
  type Patient,
  type Task,
} from '../../../data';
import { useAppData } from '../../app/app-data';
import { shortcut } from '../../app/shortcuts';
import { useStaffName } from '../../app/staff-directory';
import { applyRevocation } from '../../consent/consent-effects';
import { SafeLabel, SafeText } from '../../components/SafeText';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { Composer } from './Composer';
import { DELIVERY_COLOURS, DELIVERY_LABELS, formatPhone } from './delivery-labels';
import { reportMessageViews, useNow, usePracticeSettings } from './inbox-hooks';
import { mergeValuesFor } from './merge-values';
import { LinkPatientDialog } from './LinkPatientDialog';
import { TaskPrompt } from './TaskPrompt';

/** The patient record behind a conversation, re-read when the patient index changes. */
export function usePatient(patientId: string | null | undefined): Patient | null {
  const db = usePracticeDb();
  const { version } = usePatientIndex();
  const [patient, setPatient] = useState<Patient | null>(null);
  useEffect(() => {
    if (!db || !patientId) {
      setPatient(null);
      return;
    }
    let live = true;
    void getPatient(db, patientId).then((p) => live && setPatient(p));
    return () => {
      live = false;
    };
  }, [db, patientId, version]);
  return patient;
}

export interface ThreadPaneProps {
  memory: InboxMemory;
  conversationId: string;
  staffId: string;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  sendRef: RefObject<(() => void) | null>;
}

/** Memoised: the queue publishing (rows read while scrolling) must not re-render a long thread. */
export const ThreadPane = memo(function ThreadPane({ memory, conversationId, staffId, replyRef, sendRef }: ThreadPaneProps) {
  const live = useConversation(conversationId);
  const conversation = live.state === 'ready' ? live.value : null;
  if (live.state === 'ready' && !conversation) return <Typography color="text.secondary">This conversation is no longer here.</Typography>;
  if (!conversation) return <Typography color="text.secondary">Opening the conversation…</Typography>;
  return <LoadedThread memory={memory} conversation={conversation} staffId={staffId} replyRef={replyRef} sendRef={sendRef} />;
});

function LoadedThread({ memory, conversation, staffId, replyRef, sendRef }: Omit<ThreadPaneProps, 'conversationId'> & { conversation: Conversation }) {
  const db = usePracticeDb();
  const staffName = useStaffName();
  const patient = usePatient(conversation.patientId);
  const settings = usePracticeSettings();
  const [limit, setLimit] = useState(THREAD_PAGE);
  const thread = useThread(conversation.id, limit);
  const messages = thread.state === 'ready' ? thread.value : [];
  const [linking, setLinking] = useState(false);
  const [mergeValues, setMergeValues] = useState<MergeValues>({});
  useEffect(() => {
    let live = true;
    void mergeValuesFor(db, patient, settings).then((v) => live && setMergeValues(v));
    return () => {
      live = false;
    };
  }, [db, patient, settings]);

  // Read while on screen: this person's read position follows the conversation's inbound count.
  const readPosition = memory.queue.getSnapshot().viewer.readPositions.get(conversation.id) ?? 0;
  useEffect(() => {
    if (!db || conversation.inboundCount <= readPosition) return;
    const mark = () => {
      if (document.visibilityState === 'visible') void markRead(db, staffId, conversation.id, conversation.inboundCount).catch(() => undefined);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [db, staffId, conversation.id, conversation.inboundCount, readPosition]);

  // Staff tasks (reschedule requests, questions) shown on the message that made them.
  const [tasks, setTasks] = useState<ReadonlyMap<string, Task>>(new Map());
  useEffect(() => {
    if (!db) return;
    const subscription = observeConversationTasks(db, conversation.id).subscribe((list) => setTasks(new Map(list.map((t) => [t.messageId, t]))));
    return () => subscription.unsubscribe();
  }, [db, conversation.id]);
  const practiceZone = settings?.practice.timeZone ?? 'America/New_York';

  const ids = messages.map((m) => m.id).join(',');
  useEffect(() => {
    if (messages.length) reportMessageViews(memory, messages.map((m) => m.id));
  }, [memory, ids]);

  const end = useRef<HTMLLIElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [lastId]);

  const { gateway } = useAppData();
  const offline = gateway.state === 'ready' && gateway.value.state === 'offline';
  const title = patient ? `${patient.givenName} ${patient.familyName}` : formatPhone(conversation.phone);
  const hasFailed = conversation.failedCount > 0;

  return (
    <Box component="section" aria-labelledby="thread-title" sx={{ display: 'flex', flexDirection: 'column', gap: 1, height: '100%', minHeight: 0 }} data-testid="thread">
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, flexWrap: 'wrap' }}>
        <Box sx={{ flex: 1, minWidth: 200 }}>
          <Typography id="thread-title" variant="h2" sx={{ fontSize: '1.25rem' }} data-testid="thread-title">
            <SafeLabel text={title} />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {patient ? (
              <>
                {formatPhone(conversation.phone)} · <Link href={`#/patients/${encodeURIComponent(patient.id)}`}>Patient page</Link>
                {patient.preferredLanguage === 'es' ? ' · Prefers Spanish' : ''}
              </>
            ) : (
              'Unmatched number: not linked to a patient yet'
            )}
            {' · '}
            {conversation.assignedTo ? (
              <>
                Assigned to <SafeLabel text={conversation.assignedTo === staffId ? 'you' : staffName(conversation.assignedTo)} />
              </>
            ) : (
              'Unassigned'
            )}
          </Typography>
        </Box>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Chip size="small" label={conversation.status === 'open' ? 'Open' : conversation.status === 'waiting' ? 'Waiting on patient' : 'Closed'} data-testid="thread-status" />
          {!patient ? (
            <Button size="small" variant="outlined" onClick={() => setLinking(true)}>
              Link to patient
            </Button>
          ) : null}
          {conversation.assignedTo !== staffId ? (
            <Button size="small" onClick={() => db && void assignConversation(db, conversation.id, staffId)}>
              Assign to me
            </Button>
          ) : null}
          {conversation.status === 'closed' ? (
            <Button size="small" onClick={() => db && void setConversationStatus(db, conversation.id, 'open')}>
              Reopen
            </Button>
          ) : (
            <>
              {conversation.status === 'open' ? (
                <Button size="small" onClick={() => db && void setConversationStatus(db, conversation.id, 'waiting')}>
                  Waiting on patient
                </Button>
              ) : null}
              <Button size="small" variant="outlined" onClick={() => db && void setConversationStatus(db, conversation.id, 'closed')} aria-keyshortcuts={shortcut('close').aria}>
                Close ({shortcut('close').keys})
              </Button>
            </>
          )}
        </Box>
      </Box>
      <ReplyingBanner conversation={conversation} staffId={staffId} />
      {hasFailed ? (
        <Alert severity="error" action={<Button color="inherit" size="small" onClick={() => db && void clearFailures(db, conversation.id)}>Dismiss</Button>}>
          A message in this conversation was not delivered: see the reason below.
        </Alert>
      ) : null}
      <Box component="ol" aria-label="Messages" sx={{ listStyle: 'none', m: 0, p: 1, display: 'flex', flexDirection: 'column', gap: 1, flex: 1, minHeight: 120, overflowY: 'auto', bgcolor: 'background.default', borderRadius: 2 }}>
        {messages.length >= limit ? (
          <li style={{ alignSelf: 'center' }}>
            <Button size="small" onClick={() => setLimit((l) => l + THREAD_PAGE)}>
              Show earlier messages
            </Button>
          </li>
        ) : null}
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} staffId={staffId} offline={offline} phone={conversation.phone ?? ''} task={tasks.get(m.id)} practiceZone={practiceZone} />
        ))}
        <li ref={end} aria-hidden="true" />
      </Box>
      <Composer key={conversation.id} conversation={conversation} patient={patient} staffId={staffId} mergeValues={mergeValues} replyRef={replyRef} sendRef={sendRef} />
      {linking ? <LinkPatientDialog conversation={conversation} onClose={() => setLinking(false)} /> : null}
    </Box>
  );
}

/**
 * R22/R19: a text that may be an opt-out (or says "wrong number") is put in front of staff, never
 * acted on silently and never ignored: record it as an opt-out (every messaging purpose revoked,
 * with the patient's words and when they arrived), or say it is not one.
 */
function ReviewPrompt({ message, phone, staffId }: { message: Message; phone: string; staffId: string }) {
  const db = usePracticeDb();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const wrongNumber = message.review === 'wrong-number';
  const decide = async (decision: 'confirmed' | 'dismissed') => {
    if (!db || !phone) return;
    setBusy(true);
    try {
      if (decision === 'confirmed') await recordConfirmedOptOut(db, { phone, body: message.body, receivedAt: message.sentAt, messageId: message.id, staffId, wrongNumber });
      // Main follows the decision: an opt-out is suppressed at once and what waits is cancelled
      // (R24); a wrong-number hold is lifted when it was not one (R19).
      const applied: { ok: boolean; message?: string } =
        decision === 'confirmed'
          ? await applyRevocation(phone, message.id)
          : wrongNumber
            ? await call(() => carerelay().suppression.set({ number: phone, action: 'review-cleared', consentEventId: message.id })).then((r) => ({ ok: r.ok, message: r.ok ? undefined : r.error.message }))
            : { ok: true };
      await resolveReview(db, message.id, decision);
      if (!applied.ok) setProblem(applied.message ?? 'The sending queue could not be updated; try again.');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'It could not be recorded.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      severity="warning"
      sx={{ mt: 1 }}
      data-testid="review-prompt"
      action={
        <>
          <Button color="inherit" size="small" disabled={busy} onClick={() => void decide('confirmed')}>
            {wrongNumber ? 'Stop texting this number' : 'Record opt-out'}
          </Button>
          <Button color="inherit" size="small" disabled={busy} onClick={() => void decide('dismissed')}>
            {wrongNumber ? 'It is the patient' : 'Not an opt-out'}
          </Button>
        </>
      }
    >
      {wrongNumber
        ? `This reply says the number is not the patient’s (${message.reviewConfidence}% sure). Until you decide, check before texting it.`
        : `This may be a request to stop texts (${message.reviewConfidence}% sure). Opt-outs must be honoured: record it, or say it is not one.`}
      {problem ? ` ${problem}` : null}
    </Alert>
  );
}

/** "Maria is replying", with its own clock (claims expire) so the thread need not re-render. */
function ReplyingBanner({ conversation, staffId }: { conversation: Conversation; staffId: string }) {
  const now = useNow();
  const staffName = useStaffName();
  const replying = claimedByOther(conversation, staffId, now);
  if (!replying) return null;
  return (
    <Alert severity="info" data-testid="thread-replying">
      <SafeLabel text={staffName(replying.staffId)} /> is replying.
    </Alert>
  );
}

/** One message; memoised so a gateway status change or the clock re-renders none of them. */
const MessageItem = memo(function MessageItem({
  message: m,
  staffId,
  offline,
  phone,
  task,
  practiceZone,
}: {
  message: Message;
  staffId: string;
  offline: boolean;
  phone: string;
  task: Task | undefined;
  practiceZone: string;
}) {
  const staffName = useStaffName();
  const outbound = m.direction === 'outbound';
  const sender = !outbound ? 'Patient' : m.campaignId || m.staffId === 'system' ? 'CareRelay (automatic)' : m.staffId === staffId ? 'You' : staffName(m.staffId);
  const failed = m.state === 'failed' || m.state === 'undelivered';
  const reason = useMemo(() => (failed ? explainDeliveryCode(m.failureCode || (m.errorCode ? String(m.errorCode) : null)) : null), [failed, m.failureCode, m.errorCode]);
  return (
    <Box
      component="li"
      data-testid="message"
      data-direction={m.direction}
      sx={{
        alignSelf: outbound ? 'flex-end' : 'flex-start',
        maxWidth: '78%',
        minWidth: 0,
        bgcolor: outbound ? '#eef6f9' : 'background.paper',
        border: 1,
        borderColor: failed ? 'error.main' : outbound ? 'primary.light' : 'divider',
        borderRadius: 2,
        px: 1.5,
        py: 1,
      }}
    >
      <SafeText text={m.body} testId="message-body" />
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 0.5, flexWrap: 'wrap' }}>
        <Typography variant="caption" color="text.secondary">
          <SafeLabel text={sender} /> · {new Date(m.sentAt).toLocaleString([], { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}
        </Typography>
        {outbound ? <Chip size="small" label={DELIVERY_LABELS[m.state]} color={DELIVERY_COLOURS[m.state]} variant="outlined" data-testid="delivery-state" /> : null}
      </Box>
      {outbound && m.state === 'queued' && offline ? (
        <Typography variant="caption" color="text.secondary" component="p" data-testid="queued-offline">
          Queued — will send when the connection returns.
        </Typography>
      ) : null}
      {m.review === 'opt-out' || m.review === 'wrong-number' ? <ReviewPrompt message={m} phone={phone} staffId={staffId} /> : null}
      {task ? <TaskPrompt task={task} staffId={staffId} practiceZone={practiceZone} /> : null}
      {m.review === 'confirmed' ? (
        <Typography variant="caption" color="error" component="p" data-testid="review-done">
          Recorded as an opt-out: this number is not texted again unless the patient texts START or signs a new consent.
        </Typography>
      ) : null}
      {failed ? (
        <Alert severity="error" sx={{ mt: 1 }} data-testid="failure-reason">
          {reason ? (
            <>
              {reason.explanation} <strong>{reason.nextStep}</strong>
            </>
          ) : (
            'The carrier did not deliver this text and gave no reason. Try calling the patient.'
          )}
        </Alert>
      ) : null}
    </Box>
  );
});
