/**
 * Emergency ("break-glass") access from the sign-in screen: the practice's emergency-access code
 * and a typed reason of at least 15 characters. Main opens a short, bannered session in which
 * every action is recorded; this dialog only collects the two fields and shows main's answer.
 */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useCall } from '../platform/use-call';
import { carerelay } from '../platform/carerelay';
import { FieldStack } from './AuthLayout';

export const MIN_REASON_LENGTH = 15;

export interface EmergencyDialogProps {
  open: boolean;
  onClose: () => void;
  onStarted: () => void;
}

export function EmergencyDialog({ open, onClose, onStarted }: EmergencyDialogProps) {
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useCall();
  const [tried, setTried] = useState(false);

  const reasonLength = reason.trim().length;
  const codeOk = code.trim().length >= 6;
  const reasonOk = reasonLength >= MIN_REASON_LENGTH;

  const close = () => {
    if (busy) return;
    setCode('');
    setReason('');
    setError(null);
    setTried(false);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!codeOk || !reasonOk) {
      setError(!codeOk ? 'Enter the emergency-access code.' : `Give a reason of at least ${MIN_REASON_LENGTH} characters.`);
      return;
    }
    const result = await run(() => carerelay().session.beginEmergency({ emergencyCode: code.trim(), reason: reason.trim() }));
    if (!result.ok) return;
    setCode('');
    setReason('');
    onStarted();
  };

  return (
    <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="emergency-title">
      <form onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <DialogTitle id="emergency-title" component="h2">
          Emergency access
        </DialogTitle>
        <DialogContent>
          <Typography sx={{ mb: 2 }}>
            For emergencies only, when nobody who can sign in is available. Emergency access ends by itself after
            a short time, shows a red banner the whole time, and records every action with your reason.
          </Typography>
          <FieldStack>
            {error ? <Alert severity="error">{error}</Alert> : null}
            <TextField
              label="Emergency access code"
              value={code}
              onChange={(e) => setCode(e.target.value.slice(0, 32))}
              fullWidth
              autoFocus
              autoComplete="off"
              error={tried && !codeOk}
              helperText={tried && !codeOk ? 'Enter the emergency-access code.' : 'The code the practice’s administrator keeps for emergencies.'}
              slotProps={{ htmlInput: { required: true, maxLength: 32, spellCheck: false, autoCapitalize: 'off' } }}
            />
            <TextField
              label="Reason"
              value={reason}
              onChange={(e) => setReason(e.target.value.slice(0, 500))}
              fullWidth
              multiline
              minRows={3}
              error={tried && !reasonOk}
              helperText={
                reasonOk
                  ? `${reasonLength} characters.`
                  : `Say why emergency access is needed: at least ${MIN_REASON_LENGTH} characters (${reasonLength} so far).`
              }
              slotProps={{ htmlInput: { required: true, maxLength: 500 } }}
            />
          </FieldStack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2.5 }}>
          <Button onClick={close} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" color="error" disabled={busy}>
            {busy ? 'Starting…' : 'Start emergency access'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
