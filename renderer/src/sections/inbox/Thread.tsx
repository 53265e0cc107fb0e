/**
 * One conversation's messages in reading order, each with its delivery state, and the reply
 * box. A reply goes to main's outbox through the gateway bridge (refusals such as an opt-out
 * are shown as written by main) and appears in the thread at once as Queued.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useGatewayBridge, useThread, type Conversation } from '../../../data';
import { DELIVERY_COLOURS, DELIVERY_LABELS, formatPhone } from './delivery-labels';

export function Thread({ conversation, staffId }: { conversation: Conversation; staffId: string }) {
  const thread = useThread(conversation.id);
  const bridge = useGatewayBridge();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const count = thread.state === 'ready' ? thread.value.length : 0;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [count]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!bridge || !conversation.phone || !text.trim()) return;
    setBusy(true);
    setProblem(null);
    const sent = await bridge.send({ to: conversation.phone, body: text.trim(), staffId, conversationId: conversation.id });
    setBusy(false);
    if (!sent.ok) setProblem(sent.error?.message ?? 'The message was not sent.');
    else {
      setText('');
      setWarning(sent.warning ?? null);
    }
  };

  return (
    <Box component="section" aria-label={`Conversation with ${formatPhone(conversation.phone)}`} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Typography variant="h2" sx={{ fontSize: '1.25rem' }}>
        {formatPhone(conversation.phone)}
      </Typography>
      <Box component="ol" aria-label="Messages" sx={{ listStyle: 'none', m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 1, maxHeight: 420, overflow: 'auto' }}>
        {thread.state === 'ready'
          ? thread.value.map((m) => (
              <Box
                component="li"
                key={m.id}
                data-testid="message"
                sx={{
                  alignSelf: m.direction === 'outbound' ? 'flex-end' : 'flex-start',
                  maxWidth: '75%',
                  bgcolor: 'background.paper',
                  border: 1,
                  borderColor: m.direction === 'outbound' ? 'primary.main' : 'divider',
                  borderRadius: 2,
                  px: 1.5,
                  py: 1,
                }}
              >
                <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Typography>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 0.5 }}>
                  <Typography variant="caption" color="text.secondary">
                    {new Date(m.sentAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                  </Typography>
                  {m.direction === 'outbound' ? (
                    <Chip size="small" label={DELIVERY_LABELS[m.state]} color={DELIVERY_COLOURS[m.state]} variant="outlined" data-testid="delivery-state" />
                  ) : null}
                </Box>
              </Box>
            ))
          : null}
      </Box>
      <div ref={end} />
      {problem ? <Alert severity="error">{problem}</Alert> : null}
      {warning ? <Alert severity="warning">{warning}</Alert> : null}
      {conversation.phone ? (
        <Box component="form" onSubmit={onSubmit} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
          <TextField
            label="Reply"
            value={text}
            onChange={(e) => setText(e.target.value.slice(0, 1600))}
            multiline
            minRows={2}
            fullWidth
            helperText="Keep texts to what the patient needs: no diagnoses or results."
          />
          <Button type="submit" variant="contained" disabled={busy || !bridge || !text.trim()} sx={{ mt: 1 }}>
            Send
          </Button>
        </Box>
      ) : (
        <Alert severity="info">CareRelay has no number on file for this older conversation.</Alert>
      )}
    </Box>
  );
}
