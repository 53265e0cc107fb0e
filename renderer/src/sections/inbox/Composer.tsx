/**
 * The reply box of one conversation (mounted per conversation, so nothing typed or shown here
 * can follow the receptionist to another patient). What is typed is this person's encrypted
 * draft for this conversation: restored when they come back, saved as they type and when they
 * leave, so a lock, a crash or a restart loses nothing. Focusing the box claims the
 * conversation for a few minutes ("Maria is replying"), renewed while they type; leaving with a
 * draft keeps the claim until it expires, leaving with nothing typed or sending lets it go.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { CLAIM_RENEW_MS } from '../../../../shared/inbox/claims';
import {
  claimConversation,
  ClaimedElsewhereError,
  getDraft,
  releaseConversation,
  saveDraft,
  usePracticeDb,
  type Conversation,
  type Patient,
} from '../../../data';
import { SafeLabel } from '../../components/SafeText';
import { useStaffName } from '../../app/staff-directory';
import { ComposeBox } from './ComposeBox';
import { useSendFlow } from './use-send-flow';
import type { MergeValues } from '../../../../shared/compose/templates';

const SAVE_AFTER_MS = 400;

export function Composer({
  conversation,
  patient,
  staffId,
  mergeValues,
  replyRef,
  sendRef,
}: {
  conversation: Conversation;
  patient: Patient | null;
  staffId: string;
  mergeValues: MergeValues;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  /** Set to this box's send, for the Ctrl+Enter shortcut from outside the box. */
  sendRef: RefObject<(() => void) | null>;
}) {
  const db = usePracticeDb();
  const staffName = useStaffName();
  const { send, dialogs } = useSendFlow(staffId);
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const [claimedBy, setClaimedBy] = useState<string | null>(null);
  const pending = useRef<{ text: string; timer: ReturnType<typeof setTimeout> } | null>(null);
  const holdsClaim = useRef(false);
  const id = conversation.id;

  // Restore this person's draft for this conversation.
  useEffect(() => {
    if (!db) return;
    let live = true;
    void getDraft(db, staffId, id).then((d) => live && setText((current) => current ?? d?.text ?? ''));
    return () => {
      live = false;
    };
  }, [db, staffId, id]);

  const flush = () => {
    const p = pending.current;
    if (!p || !db) return;
    clearTimeout(p.timer);
    pending.current = null;
    void saveDraft(db, staffId, id, { text: p.text }).catch(() => undefined);
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;
  // Save on leaving (another conversation, another screen, lock) and when the window closes.
  useEffect(() => {
    const onUnload = () => flushRef.current();
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      flushRef.current();
    };
  }, []);

  const change = (next: string) => {
    setText(next);
    setProblem(null);
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = { text: next, timer: setTimeout(flush, SAVE_AFTER_MS) };
  };

  const claim = async () => {
    if (!db) return;
    try {
      await claimConversation(db, id, staffId);
      holdsClaim.current = true;
      setClaimedBy(null);
    } catch (error) {
      if (error instanceof ClaimedElsewhereError) setClaimedBy(error.claimedBy);
    }
  };
  // Renew the claim while this person has something typed; let it go when they leave.
  const renewRef = useRef(() => undefined as void);
  renewRef.current = () => {
    if (holdsClaim.current && text && document.activeElement === replyRef.current) void claim();
  };
  useEffect(() => {
    const timer = setInterval(() => renewRef.current(), CLAIM_RENEW_MS);
    return () => clearInterval(timer);
  }, []);
  // Leaving with nothing typed lets the claim go; leaving a draft keeps it until it expires.
  const typedRef = useRef(false);
  typedRef.current = Boolean(text?.trim());
  useEffect(
    () => () => {
      if (holdsClaim.current && db && !typedRef.current) void releaseConversation(db, id, staffId).catch(() => undefined);
    },
    [db, id, staffId],
  );

  const onSend = async () => {
    if (!conversation.phone || text === null) return;
    const sentText = text;
    setBusy(true);
    setProblem(null);
    setWarning(null);
    const outcome = await send({ to: conversation.phone, text: sentText, conversationId: id, patient });
    setBusy(false);
    if (!outcome.sent) {
      if (outcome.problem) setProblem(outcome.problem);
      return;
    }
    // Only clear what was sent: anything typed meanwhile stays.
    setText((current) => (current === sentText ? '' : current));
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    if (db) {
      const left = replyRef.current?.value ?? '';
      void saveDraft(db, staffId, id, { text: left === sentText ? '' : left }).catch(() => undefined);
      holdsClaim.current = false;
      void releaseConversation(db, id, staffId).catch(() => undefined);
    }
    setWarning(outcome.warning);
  };
  sendRef.current = () => void onSend();

  if (!conversation.phone) return <Alert severity="info">CareRelay has no number on file for this older conversation.</Alert>;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }} data-testid="composer">
      {claimedBy ? (
        <Alert severity="warning" data-testid="claim-warning">
          <SafeLabel text={staffName(claimedBy)} /> is replying to this conversation. You can still write; you’ll be asked before it is sent.
        </Alert>
      ) : null}
      {warning ? <Alert severity="warning" onClose={() => setWarning(null)}>{warning}</Alert> : null}
      <ComposeBox
        label="Reply"
        value={text ?? ''}
        onChange={change}
        onSend={() => void onSend()}
        busy={busy || text === null}
        mergeValues={mergeValues}
        language={patient?.preferredLanguage ?? 'en'}
        inputRef={replyRef}
        onFocus={() => void claim()}
        problem={problem ? <Alert severity="error" data-testid="send-problem">{problem}</Alert> : null}
      />
      {dialogs}
    </Box>
  );
}
