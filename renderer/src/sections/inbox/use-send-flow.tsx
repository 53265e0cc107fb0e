/**
 * Everything between pressing Send and the text reaching main's outbox, for the reply box and
 * New text alike: an empty, over-long or half-filled message is explained, not silently
 * blocked; consent and the patient's texting preference (R17, R21) decide with the shared rule;
 * a colleague's claim is confirmed; the minimum-necessary guard (R16) asks for a call or the
 * portal, or the patient's recorded acknowledgement plus identity verification, audited. Main's
 * compliance gate checks again before anything reaches the network.
 */
import { useCallback, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { PHI_KIND_LABELS, scanForPhi, type PhiScan } from '../../../../shared/compose/phi-guard';
import { fieldsIn, MERGE_FIELD_LABELS } from '../../../../shared/compose/templates';
import { claimedByOther } from '../../../../shared/inbox/claims';
import { inboxSendPermission } from '../../../../shared/inbox/send-permission';
import { MAX_SMS_CHARACTERS } from '../../../../shared/sms/segments';
import {
  claimConversation,
  consentStateForPhone,
  getConversation,
  smsRiskAcknowledgement,
  useGatewayBridge,
  usePracticeDb,
  type ConsentEvent,
  type Patient,
} from '../../../data';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { SafeLabel } from '../../components/SafeText';
import { useStaffName } from '../../app/staff-directory';

export interface SendRequest {
  readonly to: string;
  readonly text: string;
  readonly conversationId?: string;
  readonly patient: Patient | null;
}

export type SendOutcome = { readonly sent: true; readonly conversationId: string; readonly warning: string | null } | { readonly sent: false; readonly problem: string | null };

/** Problems with the text itself, before anything is asked of the database. */
export function textProblem(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return 'Type a message first: an empty text cannot be sent.';
  const length = [...trimmed].length;
  if (length > MAX_SMS_CHARACTERS) {
    return `This message is ${length.toLocaleString()} characters; a text can be at most ${MAX_SMS_CHARACTERS.toLocaleString()}. Shorten it by ${(length - MAX_SMS_CHARACTERS).toLocaleString()} characters. Nothing was cut.`;
  }
  const { known, unknown } = fieldsIn(trimmed);
  if (known.length > 0 || unknown.length > 0) {
    const names = [...known.map((f) => MERGE_FIELD_LABELS[f]), ...unknown.map((u) => `{{${u}}}`)];
    return `Fill in or remove ${names.join(', ')} before sending: CareRelay could not fill ${names.length === 1 ? 'it' : 'them'} in for this patient.`;
  }
  return null;
}

type Question =
  | { kind: 'appointments-only'; message: string }
  | { kind: 'claimed'; who: string }
  | { kind: 'phi'; scan: PhiScan; acknowledgement: ConsentEvent | null };
type Ask = Question & { resolve: (yes: boolean) => void };

export function useSendFlow(staffId: string) {
  const db = usePracticeDb();
  const bridge = useGatewayBridge();
  const staffName = useStaffName();
  const [ask, setAsk] = useState<Ask | null>(null);
  const busy = useRef(false);

  const askUser = useCallback((question: Question) => new Promise<boolean>((resolve) => setAsk({ ...question, resolve } as Ask)), []);

  const send = useCallback(
    async (request: SendRequest): Promise<SendOutcome> => {
      const problem = textProblem(request.text);
      if (problem) return { sent: false, problem };
      if (!db || !bridge) return { sent: false, problem: 'The practice’s records are still opening. Try again in a moment.' };
      if (busy.current) return { sent: false, problem: null };
      busy.current = true;
      try {
        const body = request.text.trim();
        const conversation = request.conversationId ? await getConversation(db, request.conversationId) : null;
        const consent = await consentStateForPhone(db, request.to, 'care');
        const patient = request.patient;
        const permission = inboxSendPermission({
          consent,
          patient: patient
            ? { textingPreference: patient.textingPreference, phoneSource: patient.phoneSource, numberIsTheirs: patient.phoneHash === (conversation?.phoneHash ?? (await db.blind.phone(request.to))) }
            : null,
          patientInitiated: (conversation?.inboundCount ?? 0) > 0,
        });
        if (permission.kind === 'refused') return { sent: false, problem: permission.message };
        if (permission.kind === 'confirm' && !(await askUser({ kind: 'appointments-only', message: permission.message }))) return { sent: false, problem: null };

        if (conversation) {
          const other = claimedByOther(conversation, staffId, Date.now());
          if (other && !(await askUser({ kind: 'claimed', who: staffName(other.staffId) }))) return { sent: false, problem: null };
          await claimConversation(db, conversation.id, staffId, { force: true }).catch(() => undefined);
        }

        const scan = scanForPhi(body);
        if (scan.flagged) {
          const acknowledgement = patient ? await smsRiskAcknowledgement(db, patient.id) : null;
          if (!(await askUser({ kind: 'phi', scan, acknowledgement }))) return { sent: false, problem: null };
          const kinds = [...new Set(scan.findings.map((f) => f.kind))];
          const audited = await call(() =>
            carerelay().audit.recordPhiOverride({ conversationId: conversation?.id ?? 'new', acknowledgementId: acknowledgement!.id, kinds, identityVerified: true }),
          );
          if (!audited.ok) return { sent: false, problem: `Not sent: the confirmation could not be recorded in the audit trail (${audited.error.message}).` };
        }

        const result = await bridge.send({ to: request.to, body, staffId, ...(conversation ? { conversationId: conversation.id } : {}) });
        if (!result.ok || !result.conversationId) return { sent: false, problem: result.error?.message ?? 'The message was not sent.' };
        return { sent: true, conversationId: result.conversationId, warning: result.warning ?? null };
      } catch (error) {
        return { sent: false, problem: error instanceof Error ? error.message : 'The message was not sent.' };
      } finally {
        busy.current = false;
      }
    },
    [db, bridge, staffId, staffName, askUser],
  );

  const answer = (yes: boolean) => {
    ask?.resolve(yes);
    setAsk(null);
  };
  const dialogs = ask ? <SendQuestion ask={ask} answer={answer} /> : null;
  return { send, dialogs };
}

function SendQuestion({ ask, answer }: { ask: Ask; answer: (yes: boolean) => void }) {
  const [verified, setVerified] = useState(false);
  if (ask.kind === 'appointments-only' || ask.kind === 'claimed') {
    return (
      <Dialog open onClose={() => answer(false)} aria-labelledby="send-question-title">
        <DialogTitle id="send-question-title">{ask.kind === 'claimed' ? 'A colleague is replying' : 'Appointment texts only'}</DialogTitle>
        <DialogContent>
          <Typography>
            {ask.kind === 'claimed' ? (
              <>
                <SafeLabel text={ask.who} /> is replying to this patient right now. Send yours as well?
              </>
            ) : (
              ask.message
            )}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => answer(false)}>Don’t send</Button>
          <Button variant="contained" onClick={() => answer(true)}>
            {ask.kind === 'claimed' ? 'Send anyway' : 'It is about an appointment: send'}
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  const kinds = [...new Set(ask.scan.findings.map((f) => f.kind))];
  return (
    <Dialog open onClose={() => answer(false)} aria-labelledby="phi-guard-title" data-testid="phi-guard">
      <DialogTitle id="phi-guard-title">This text may contain health details</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        <Typography>
          Texts are not private: they show on lock screens and shared phones. It looks like it mentions {kinds.map((k) => PHI_KIND_LABELS[k]).join(', ')}:
        </Typography>
        <ul style={{ margin: 0 }}>
          {ask.scan.findings.slice(0, 5).map((f, i) => (
            <li key={i}>
              “<SafeLabel text={f.match} />” {f.reason}
            </li>
          ))}
        </ul>
        <Typography>Best: call the patient, or ask them to read it in the patient portal, and text only that there is something to discuss.</Typography>
        {ask.acknowledgement ? (
          <>
            <Alert severity="info">
              The patient acknowledged the risks of health details by text on {new Date(ask.acknowledgement.recordedAt).toLocaleDateString()}.
            </Alert>
            <FormControlLabel
              control={<Checkbox checked={verified} onChange={(e) => setVerified(e.target.checked)} />}
              label="I have verified that this number reaches the patient (identity confirmed)"
            />
          </>
        ) : (
          <Alert severity="warning">
            There is no recorded acknowledgement from this patient that they accept health details by text, so it cannot be sent as written. Record one on their patient page if they ask for it.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={() => answer(false)} autoFocus>
          Edit the message
        </Button>
        {ask.acknowledgement ? (
          <Button color="warning" disabled={!verified} onClick={() => answer(true)}>
            Send with health details
          </Button>
        ) : null}
      </DialogActions>
    </Dialog>
  );
}
