/**
 * R23: staff record a revocation the patient made by phone, in person, by letter, e-mail or the
 * portal, with the date it reached the practice. It takes effect at once (the inbox reads the
 * ledger before every send); entering it more than 5 business days after receipt warns, more
 * than 10 is flagged as an error (shared/consent/revocation-lag.ts). By default it covers every
 * messaging purpose (R26).
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { revocationLag } from '../../../../shared/consent/revocation-lag';
import { CAPTURE_PURPOSES, purposeText, type CapturePurpose } from '../../../../shared/consent/disclosures';
import { recordConsentEvent, usePracticeDb, type Patient } from '../../../data';
import { applyRevocation } from '../../consent/consent-effects';
import { localDate } from '../../app/local-date';

type Channel = 'phone-call' | 'verbal' | 'paper-form' | 'email' | 'patient-portal';
const CHANNELS: Readonly<Record<Channel, string>> = {
  'phone-call': 'On a phone call',
  verbal: 'In person at the desk',
  'paper-form': 'By letter or a signed form',
  email: 'By e-mail',
  'patient-portal': 'Through the patient portal',
};

export function RevocationDialog({ patient, staffId, onClose, onSaved }: { patient: Patient; staffId: string; onClose: () => void; onSaved: (notice?: string) => void }) {
  const db = usePracticeDb();
  const today = localDate();
  const [channel, setChannel] = useState<Channel>('phone-call');
  const [received, setReceived] = useState(today);
  const [all, setAll] = useState(true);
  const [purpose, setPurpose] = useState<CapturePurpose>('appointment-reminders');
  const [words, setWords] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(received) && received <= today;
  const lag = validDate ? revocationLag(received, today) : null;

  const save = async () => {
    if (!validDate) return setProblem('Enter the date the patient asked, today or earlier.');
    if (!db) return;
    const receivedAt = Date.parse(`${received}T12:00:00`);
    try {
      const ids: string[] = [];
      for (const p of all ? CAPTURE_PURPOSES : [purpose]) {
        const event = await recordConsentEvent(db, {
          phone: patient.phone,
          patientId: patient.id,
          purpose: p,
          action: 'revoke',
          method: channel,
          staffId,
          receivedAt,
          ...(words.trim() ? { sourceText: words.trim().slice(0, 1600) } : {}),
        });
        ids.push(event.id);
      }
      // It takes effect at once (R23): main suppresses the number and cancels what waits (R24).
      const applied = await applyRevocation(patient.phone, ids[0]!, all ? undefined : [purpose]);
      onSaved(applied.ok ? (applied.cancelled ? `Recorded. ${applied.cancelled === 1 ? '1 waiting text was' : `${applied.cancelled} waiting texts were`} cancelled.` : undefined) : applied.message);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The revocation could not be recorded.');
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="revoke-title" maxWidth="sm" fullWidth>
      <DialogTitle id="revoke-title">Record a request to stop texts</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField select label="How the patient asked" value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
          {Object.entries(CHANNELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Date the patient asked"
          type="date"
          value={received}
          onChange={(e) => {
            setReceived(e.target.value);
            setProblem(null);
          }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: today } }}
          error={!validDate}
          helperText={validDate ? ' ' : 'Today or earlier.'}
        />
        {lag && lag.level !== 'ok' ? (
          <Alert severity={lag.level === 'error' ? 'error' : 'warning'} data-testid="revocation-lag">
            This request is {lag.days} business days old. Revocations must be honoured within 10 business days of the request
            {lag.level === 'error' ? ': this one is late — record it now and tell the practice manager.' : ': record it now.'}
          </Alert>
        ) : null}
        <FormControlLabel control={<Checkbox checked={all} onChange={(e) => setAll(e.target.checked)} />} label="Stop all texts (recommended)" />
        {!all ? (
          <TextField select label="Only this kind of text" value={purpose} onChange={(e) => setPurpose(e.target.value as CapturePurpose)}>
            {CAPTURE_PURPOSES.map((p) => (
              <MenuItem key={p} value={p}>
                {purposeText(p)}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
        <TextField label="What the patient said (optional)" value={words} onChange={(e) => setWords(e.target.value)} multiline minRows={2} autoComplete="off" />
        {problem ? <Alert severity="error">{problem}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" color="error" onClick={() => void save()}>
          Record the request
        </Button>
      </DialogActions>
    </Dialog>
  );
}
