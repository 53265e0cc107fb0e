/**
 * One patient's page: name, date of birth, phones (with who gave the texting number), language,
 * preferred contact hours, texting preference (R17), the consent summary per purpose derived
 * from the ledger, the standing acknowledgement of SMS risk (R16: record or withdraw, appended
 * to the ledger), the consent history with its exports, upcoming appointments with their text
 * reminders, and their conversations. Edit opens the validated form.
 */
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { deriveConsentState, type ConsentState } from '../../../../shared/consent/consent-state';
import { minuteToHhmm } from '../../../../shared/patients/patient-form';
import {
  CONSENT_PURPOSES,
  consentHistoryForPatient,
  conversationsForPatient,
  getPatient,
  onConsentEventAdded,
  recordConsentEvent,
  usePracticeDb,
  type ConsentPurpose,
  type Conversation,
  type Patient,
} from '../../../data';
import { SafeLabel, SafeText } from '../../components/SafeText';
import { useSession } from '../../session/session-context';
import { formatPhone } from '../inbox/delivery-labels';
import { formatWhen } from '../inbox/QueuePane';
import { AppointmentsSection } from './AppointmentsSection';
import { ConsentCaptureDialog } from './ConsentCaptureDialog';
import { ConsentHistory } from './ConsentHistory';
import { MergeHistory } from './MergeHistory';
import { PatientFormDialog } from './PatientFormDialog';
import { RevocationDialog } from './RevocationDialog';

export const PURPOSE_LABELS: Readonly<Record<ConsentPurpose, string>> = {
  'appointment-reminders': 'Appointment reminders',
  billing: 'Billing and payment notices',
  care: 'Care messages (lab-ready, replies)',
  'practice-news': 'Practice news',
  marketing: 'Marketing',
  'phi-by-sms': 'Health details by text (risk acknowledged)',
};

const SOURCE_TEXT = { patient: 'given by the patient', representative: 'given by their representative', staff: 'entered by staff', import: 'imported', unknown: 'source not known' } as const;
const PREFERENCE_TEXT = { any: 'Texts are fine', 'appointments-only': 'Appointment texts only', none: 'Do not text: call instead' } as const;

const RISK_DISCLOSURE =
  'Text messages are not encrypted and may be read by anyone with access to the phone. The patient asked to receive health details by text anyway and understands they can withdraw this at any time.';

function describe(state: ConsentState): string {
  if (state.state === 'none') return 'Not recorded';
  const when = new Date(state.since).toLocaleDateString();
  return state.state === 'granted' ? `Given ${when} (${state.method})` : `Withdrawn ${when}${state.keyword ? ` by text “${state.keyword}”` : ` (${state.method})`}`;
}

export function PatientDetail({ patientId }: { patientId: string }) {
  const db = usePracticeDb();
  const { session } = useSession();
  const [patient, setPatient] = useState<Patient | null | undefined>(undefined);
  const [consent, setConsent] = useState<Partial<Record<ConsentPurpose, ConsentState>>>({});
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [editing, setEditing] = useState(false);
  const [recording, setRecording] = useState<'grant' | 'revoke' | null>(null);
  const [capturing, setCapturing] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const load = useCallback(async () => {
    if (!db) return;
    const p = await getPatient(db, patientId);
    setPatient(p);
    if (!p) return;
    const states: Partial<Record<ConsentPurpose, ConsentState>> = {};
    for (const purpose of CONSENT_PURPOSES) states[purpose] = deriveConsentState(await consentHistoryForPatient(db, p.id, purpose));
    setConsent(states);
    setConversations(await conversationsForPatient(db, p.id, p.phoneHash));
    setVersion((v) => v + 1);
  }, [db, patientId]);
  useEffect(() => {
    void load();
    if (!db) return;
    // A STOP or START filed while the page is open (or staff at this desk) shows at once.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = onConsentEventAdded(db, () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void load();
      }, 150);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [db, load]);

  if (patient === undefined) return <Typography color="text.secondary">Opening the patient…</Typography>;
  if (patient === null) return <Alert severity="warning">This patient is no longer here.</Alert>;
  const risk = consent['phi-by-sms'];

  return (
    <Box component="section" aria-labelledby="patient-title" sx={{ display: 'flex', flexDirection: 'column', gap: 2 }} data-testid="patient-detail">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography id="patient-title" variant="h2" sx={{ fontSize: '1.375rem', flex: 1 }}>
          <SafeLabel text={`${patient.givenName} ${patient.familyName}`} />
        </Typography>
        <Button variant="outlined" onClick={() => setEditing(true)}>
          Edit
        </Button>
      </Box>
      <Table size="small" aria-label="Details">
        <TableBody>
          <Row label="Date of birth" value={patient.dateOfBirth ?? 'Not recorded'} />
          <Row label="Texting number" value={`${formatPhone(patient.phone)} · ${patient.phoneType === 'landline' ? 'landline' : patient.phoneType === 'mobile' ? 'mobile' : 'type not known'} · ${SOURCE_TEXT[patient.phoneSource]}`} />
          {patient.otherPhones?.length ? <Row label="Other phones" value={patient.otherPhones.map((o) => `${formatPhone(o.number)} (${o.label})`).join(', ')} /> : null}
          <Row label="Language for texts" value={patient.preferredLanguage === 'es' ? 'Spanish' : 'English'} />
          <Row label="Preferred contact hours" value={patient.contactWindow ? `${minuteToHhmm(patient.contactWindow.startMinute)} to ${minuteToHhmm(patient.contactWindow.endMinute)}` : 'No preference'} />
          <Row
            label="Texting"
            value={
              <>
                {PREFERENCE_TEXT[patient.textingPreference]}
                {patient.preferenceNote ? (
                  <>
                    {' '}
                    — “<SafeLabel text={patient.preferenceNote} />”{patient.preferenceWritten ? ' (in writing)' : ''}
                  </>
                ) : null}
              </>
            }
          />
          {patient.email ? <Row label="E-mail" value={<SafeLabel text={patient.email} />} /> : null}
          {patient.notes ? <Row label="Notes" value={<SafeText text={patient.notes} />} /> : null}
        </TableBody>
      </Table>
      <Box>
        <Typography variant="h3" sx={{ fontSize: '1.0625rem', mb: 1 }}>
          Consent to be texted
        </Typography>
        <Table size="small" aria-label="Consent to be texted" data-testid="consent-summary">
          <TableBody>
            {CONSENT_PURPOSES.map((purpose) => (
              <Row
                key={purpose}
                label={PURPOSE_LABELS[purpose]}
                value={
                  <Chip size="small" variant="outlined" color={consent[purpose]?.state === 'granted' ? 'success' : consent[purpose]?.state === 'revoked' ? 'error' : 'default'} label={describe(consent[purpose] ?? { state: 'none' })} />
                }
              />
            ))}
          </TableBody>
        </Table>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {patient.phoneSource === 'patient' || patient.phoneSource === 'representative'
            ? 'The patient gave this number, so the front desk may text them about their care until they opt out.'
            : 'The number was not given by the patient: record their consent before texting them.'}
        </Typography>
        <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
          <Button size="small" variant="contained" onClick={() => setCapturing(true)}>
            Record consent to texts
          </Button>
          <Button size="small" variant="outlined" color="error" onClick={() => setRevoking(true)}>
            Record a request to stop texts
          </Button>
          {risk?.state === 'granted' ? (
            <Button size="small" onClick={() => setRecording('revoke')}>
              Withdraw the SMS-risk acknowledgement
            </Button>
          ) : (
            <Button size="small" variant="outlined" onClick={() => setRecording('grant')}>
              Record SMS-risk acknowledgement
            </Button>
          )}
        </Box>
        {notice ? (
          <Alert severity="info" sx={{ mt: 1 }} onClose={() => setNotice(null)} data-testid="consent-notice">
            {notice}
          </Alert>
        ) : null}
      </Box>
      <ConsentHistory patient={patient} labels={PURPOSE_LABELS} version={version} />
      <AppointmentsSection patient={patient} />
      <MergeHistory editHistory={patient.editHistory} />
      <Box>
        <Typography variant="h3" sx={{ fontSize: '1.0625rem', mb: 1 }}>
          Conversations
        </Typography>
        {conversations.length === 0 ? (
          <Typography color="text.secondary">No text conversations yet.</Typography>
        ) : (
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {conversations.map((c) => (
              <li key={c.id}>
                <Link href={`#/inbox/${encodeURIComponent(c.id)}`}>
                  {formatPhone(c.phone)} · {c.status === 'closed' ? 'closed' : c.status === 'waiting' ? 'waiting on patient' : 'open'} · last activity {formatWhen(c.lastActivityAt)}
                </Link>
              </li>
            ))}
          </Box>
        )}
      </Box>
      {editing ? (
        <PatientFormDialog
          patient={patient}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void load();
          }}
        />
      ) : null}
      {revoking ? (
        <RevocationDialog
          patient={patient}
          staffId={session.user?.id ?? ''}
          onClose={() => setRevoking(false)}
          onSaved={(message) => {
            setRevoking(false);
            setNotice(message ?? null);
            void load();
          }}
        />
      ) : null}
      {capturing ? (
        <ConsentCaptureDialog
          patient={patient}
          staffId={session.user?.id ?? ''}
          onClose={() => setCapturing(false)}
          onSaved={(message) => {
            setCapturing(false);
            setNotice(message ?? null);
            void load();
          }}
        />
      ) : null}
      {recording ? (
        <RiskDialog
          action={recording}
          onClose={() => setRecording(null)}
          onRecord={async (method) => {
            if (!db) return;
            await recordConsentEvent(db, {
              phone: patient.phone,
              patientId: patient.id,
              purpose: 'phi-by-sms',
              action: recording,
              method,
              disclosures: recording === 'grant' ? [RISK_DISCLOSURE] : [],
              formVersion: 'sms-risk-1',
              staffId: session.user?.id ?? '',
            });
            setRecording(null);
            await load();
          }}
        />
      ) : null}
    </Box>
  );
}

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <TableRow>
      <TableCell component="th" scope="row" sx={{ width: 220, color: 'text.secondary', fontWeight: 500 }}>
        {label}
      </TableCell>
      <TableCell>{value}</TableCell>
    </TableRow>
  );
}

function RiskDialog({ action, onClose, onRecord }: { action: 'grant' | 'revoke'; onClose: () => void; onRecord: (method: 'verbal' | 'paper-form' | 'phone-call') => Promise<void> }) {
  const [method, setMethod] = useState<'verbal' | 'paper-form' | 'phone-call'>('paper-form');
  const [confirmed, setConfirmed] = useState(false);
  return (
    <Dialog open onClose={onClose} aria-labelledby="risk-title" maxWidth="sm" fullWidth>
      <DialogTitle id="risk-title">{action === 'grant' ? 'Record the patient’s acknowledgement of SMS risk' : 'Withdraw the acknowledgement'}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        {action === 'grant' ? <Alert severity="info">{RISK_DISCLOSURE}</Alert> : <Typography>Health details will no longer be sent to this patient by text.</Typography>}
        <TextField select label="How did the patient tell you?" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
          <MenuItem value="paper-form">Signed a paper form</MenuItem>
          <MenuItem value="verbal">In person at the desk</MenuItem>
          <MenuItem value="phone-call">On a phone call</MenuItem>
        </TextField>
        {action === 'grant' ? (
          <FormControlLabel control={<Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />} label="The patient was shown or read the text above" />
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={action === 'grant' && !confirmed} onClick={() => void onRecord(method)}>
          {action === 'grant' ? 'Record acknowledgement' : 'Withdraw'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
