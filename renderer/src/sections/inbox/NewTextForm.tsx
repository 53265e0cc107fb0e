/**
 * Starts a conversation by texting a number (in training mode, one of the simulated patients).
 * The number is checked here for shape; main's compliance gate decides whether it may be sent.
 */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useGatewayBridge } from '../../../data';
import { normaliseUsPhone } from '../../../../shared/phone/us-phone';

export function NewTextForm({ staffId, training, onSent }: { staffId: string; training: boolean; onSent: (conversationId: string) => void }) {
  const bridge = useGatewayBridge();
  const [to, setTo] = useState('');
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const e164 = normaliseUsPhone(to);
    if (!e164) {
      setProblem('Enter a 10-digit US mobile number, for example (202) 555-0103.');
      return;
    }
    if (!bridge || !body.trim()) return;
    setBusy(true);
    setProblem(null);
    const sent = await bridge.send({ to: e164, body: body.trim(), staffId });
    setBusy(false);
    if (!sent.ok) setProblem(sent.error?.message ?? 'The message was not sent.');
    else {
      setBody('');
      if (sent.conversationId) onSent(sent.conversationId);
    }
  };

  return (
    <Box component="form" aria-labelledby="new-text-title" onSubmit={onSubmit} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, border: 1, borderColor: 'divider', borderRadius: 3, p: 2.5, bgcolor: 'background.paper' }}>
      <Typography id="new-text-title" variant="h2" sx={{ fontSize: '1.125rem' }}>
        New text
      </Typography>
      {training ? (
        <Typography color="text.secondary">
          Training mode: simulated patients answer on (202) 555-0101 to (202) 555-0112. Some confirm, some cancel, some reply STOP.
        </Typography>
      ) : null}
      {problem ? <Alert severity="error">{problem}</Alert> : null}
      <TextField label="To (mobile number)" type="tel" value={to} onChange={(e) => setTo(e.target.value.slice(0, 20))} autoComplete="off" />
      <TextField label="Message" value={body} onChange={(e) => setBody(e.target.value.slice(0, 1600))} multiline minRows={2} />
      <Box>
        <Button type="submit" variant="contained" disabled={busy || !bridge || !body.trim() || !to.trim()}>
          Send text
        </Button>
      </Box>
    </Box>
  );
}
