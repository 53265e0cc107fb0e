/**
 * The administrator's danger zone: "Wipe this computer". Main records the wipe in the audit
 * trail, then deletes this computer's key from the OS keychain and its local stores, so nothing
 * stored here can be read again. The dialog asks for the administrator's password and for
 * "WIPE THIS COMPUTER" typed exactly. Loaded only for administrators.
 */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteForeverOutlined from '@mui/icons-material/DeleteForeverOutlined';
import { useCall } from '../../platform/use-call';
import { carerelay } from '../../platform/carerelay';
import { CurrentPasswordField } from '../../session/PasswordFields';
import { useSession } from '../../session/session-context';

const PHRASE = 'WIPE THIS COMPUTER';

export default function WipeSection() {
  const { refresh } = useSession();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [phrase, setPhrase] = useState('');
  const { busy, error, setError, run } = useCall();

  const close = () => {
    if (busy) return;
    setOpen(false);
    setPassword('');
    setPhrase('');
    setError(null);
  };

  const wipe = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || phrase !== PHRASE || !password) return;
    const result = await run(() => carerelay().device.wipe({ password, confirm: PHRASE }));
    setPassword('');
    if (!result.ok) return;
    refresh();
  };

  return (
    <Paper
      component="section"
      aria-labelledby="settings-wipe"
      sx={{ border: 1, borderColor: 'error.main', borderRadius: 3, p: 3 }}
    >
      <Typography variant="h2" id="settings-wipe" sx={{ mb: 1, color: 'error.main' }}>
        Danger zone
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', justifyContent: 'space-between' }}>
        <Typography sx={{ maxWidth: 600 }}>
          Wiping this computer deletes its CareRelay key and every local store: messages, patients, accounts and the
          audit trail kept here can never be read again. Use it before the computer is sold, recycled or sent for
          repair. It cannot be undone.
        </Typography>
        <Button variant="outlined" color="error" startIcon={<DeleteForeverOutlined />} onClick={() => setOpen(true)}>
          Wipe this computer
        </Button>
      </Box>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm" aria-labelledby="wipe-title">
        <form onSubmit={(e) => void wipe(e)} noValidate autoComplete="off">
          <DialogTitle id="wipe-title" component="h2">
            Wipe this computer?
          </DialogTitle>
          <DialogContent>
            <Alert severity="error" sx={{ mb: 2 }}>
              Everything CareRelay keeps on this computer becomes unreadable, for good. Sync or export anything you need
              first.
            </Alert>
            <Box sx={{ display: 'grid', gap: 2.5 }}>
              {error ? <Alert severity="error">{error}</Alert> : null}
              <CurrentPasswordField value={password} onChange={setPassword} autoFocus helperText="Your own password, to confirm it is you." />
              <TextField
                label={`Type ${PHRASE} to confirm`}
                value={phrase}
                onChange={(e) => setPhrase(e.target.value)}
                fullWidth
                autoComplete="off"
                error={phrase.length > 0 && !PHRASE.startsWith(phrase)}
                slotProps={{ htmlInput: { required: true, spellCheck: false, maxLength: 40 } }}
              />
            </Box>
          </DialogContent>
          <DialogActions sx={{ px: 3, pb: 2.5 }}>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" variant="contained" color="error" disabled={busy || phrase !== PHRASE || !password}>
              {busy ? 'Wiping…' : 'Wipe this computer'}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </Paper>
  );
}
