/**
 * Training mode only (sandbox gateway): pretend to be a patient texting the practice, and
 * pretend the network is down, so staff can practise unmatched numbers, replies and offline
 * sending without a real phone. Main refuses both against a production gateway.
 */
import { useEffect, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { checkTextingNumber } from '../../../../shared/phone/texting-number';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

export function TrainingTools() {
  const [offline, setOffline] = useState<boolean | null>(null);
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [ahead, setAhead] = useState(0);
  useEffect(() => {
    void call(() => carerelay().training.getState()).then((r) => {
      if (!r.ok || !r.value.available) return;
      setOffline(r.value.offline);
      setAhead(r.value.clockOffsetMinutes);
    });
  }, []);
  if (offline === null) return null;
  const toggle = async (next: boolean) => {
    setOffline(next);
    const r = await call(() => carerelay().training.setOutage({ offline: next }));
    if (r.ok) setOffline(r.value.offline);
    else {
      setOffline(!next);
      setProblem(r.error.message);
    }
  };
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      {problem ? <Alert severity="error" onClose={() => setProblem(null)}>{problem}</Alert> : null}
      <FormControlLabel control={<Switch checked={offline} onChange={(e) => void toggle(e.target.checked)} size="small" />} label="Practise an outage" />
      <Button size="small" variant="outlined" onClick={() => setOpen(true)}>
        Simulate a patient text
      </Button>
      <Button
        size="small"
        variant="outlined"
        title="Moves the training clock forward a day: reminders scheduled for tomorrow go out now."
        onClick={() =>
          void call(() => carerelay().training.advanceClock({ minutes: 24 * 60 })).then((r) => (r.ok ? setAhead(r.value.offsetMinutes) : setProblem(r.error.message)))
        }
      >
        Skip ahead a day
      </Button>
      {ahead > 0 ? (
        <Typography variant="caption" color="text.secondary" data-testid="training-clock">
          Training clock: +{Math.round(ahead / 60)} h
        </Typography>
      ) : null}
      {open ? <SimulateDialog onClose={() => setOpen(false)} /> : null}
    </Box>
  );
}

function SimulateDialog({ onClose }: { onClose: () => void }) {
  const [from, setFrom] = useState('(202) 555-0101');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkTextingNumber(from);
    if (!check.e164) return setProblem(check.problem?.message ?? 'Enter a number.');
    if (!body.trim()) return setProblem('Type what the patient texts.');
    const r = await call(() => carerelay().training.simulateInbound({ from: check.e164!, body: body.slice(0, 1600) }));
    if (r.ok) onClose();
    else setProblem(r.error.message);
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="simulate-title" fullWidth maxWidth="sm">
      <Box component="form" onSubmit={submit} autoComplete="off">
        <DialogTitle id="simulate-title">Simulate a patient text (training)</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
          {problem ? <Alert severity="error">{problem}</Alert> : null}
          <TextField label="From (patient’s number)" value={from} onChange={(e) => { setFrom(e.target.value.slice(0, 30)); setProblem(null); }} autoComplete="off" />
          <TextField label="What the patient texts" value={body} onChange={(e) => { setBody(e.target.value); setProblem(null); }} multiline minRows={2} autoComplete="off" />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained">Send as the patient</Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
