/**
 * The practice's desks (Settings → Desks, administrators of a member desk): each desk's name and
 * when it joined, which one is this desk, removed ones marked — and **Remove** for a lost or
 * retired desk. Removal needs the practice server administrator's name and password (typed
 * here, used for that one change, never stored): the desk's server account stops working and
 * the list marks it removed, and the practice moves to a new key epoch the removed desk never
 * gets (main/desks/key-epoch-keeper.ts). This desk cannot remove itself.
 */
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { carerelay } from '../../platform/carerelay';
import { useCall } from '../../platform/use-call';

type Desk = { username: string; deskName: string; joinedAt: string; removedAt: string | null; thisDesk: boolean };

const day = (iso: string) => (iso ? new Date(iso).toLocaleDateString() : '—');

export function PracticeDesks() {
  const [desks, setDesks] = useState<Desk[] | null>(null);
  const [removing, setRemoving] = useState<Desk | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { error, run } = useCall();
  const load = useCallback(async () => {
    const r = await run(() => carerelay().desks.list({}));
    if (r.ok) setDesks(r.value.desks);
  }, [run]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Box sx={{ display: 'grid', gap: 1 }} data-testid="practice-desks">
      <Typography variant="subtitle1" component="h3">
        Desks in this practice
      </Typography>
      {error && !removing ? <Alert severity="error">{error}</Alert> : null}
      {desks ? (
        <Table size="small" aria-label="Desks in this practice">
          <TableHead>
            <TableRow>
              <TableCell scope="col">Desk</TableCell>
              <TableCell scope="col">Joined</TableCell>
              <TableCell scope="col">State</TableCell>
              <TableCell scope="col" align="right">
                Actions
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {desks.map((d) => (
              <TableRow key={d.username} data-testid="practice-desk">
                <TableCell>
                  {d.deskName || d.username}
                  {d.thisDesk ? ' (this desk)' : ''}
                </TableCell>
                <TableCell>{day(d.joinedAt)}</TableCell>
                <TableCell>{d.removedAt ? `Removed ${day(d.removedAt)}` : 'Active'}</TableCell>
                <TableCell align="right">
                  {!d.thisDesk && !d.removedAt ? (
                    <Button size="small" color="error" onClick={() => setRemoving(d)}>
                      Remove
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {done ? <Alert severity="success">{done}</Alert> : null}
      {removing ? (
        <RemoveDeskDialog
          desk={removing}
          onClose={() => setRemoving(null)}
          onRemoved={(d, key) => {
            setRemoving(null);
            const keyNote =
              key.keyEpoch === null
                ? ' The practice key could not be changed yet; CareRelay keeps trying every few seconds.'
                : ` The practice key changed to epoch ${key.keyEpoch}: what is shared from now on does not open with the removed desk’s keys, and older records are re-sealed in the background.${
                    key.keyWaiting.length > 0 ? ` Waiting for ${key.keyWaiting.join(', ')} to publish its key.` : ''
                  }`;
            setDone(`“${d.deskName || d.username}” was removed: its server account no longer works.${keyNote} Change the gateway key it used, too (see the README's lost-laptop steps).`);
            void load();
          }}
        />
      ) : null}
    </Box>
  );
}

function RemoveDeskDialog({ desk, onClose, onRemoved }: { desk: Desk; onClose: () => void; onRemoved: (d: Desk, key: { keyEpoch: number | null; keyWaiting: readonly string[] }) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useCall();
  // A refusal answers the attempt it came from: typing again clears it.
  const edit = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    setError(null);
    set(e.target.value);
  };
  const remove = async () => {
    const r = await run(() => carerelay().desks.remove({ username: desk.username, serverAdmin: { name, password } }));
    setPassword('');
    if (r.ok) onRemoved(r.value.desk, { keyEpoch: r.value.keyEpoch, keyWaiting: r.value.keyWaiting });
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="remove-desk-title" maxWidth="sm" fullWidth>
      <DialogTitle id="remove-desk-title">Remove “{desk.deskName || desk.username}”</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        <Typography>
          Its account on the practice server stops working at once, so it can no longer send or receive the practice’s records. It is marked removed in this list. Enter the practice
          server administrator’s name and password: they are used for this change only and not kept.
        </Typography>
        <Alert severity="info">
          The desk still holds what it had when it was lost. The practice then moves to a new key that only the remaining desks receive, so nothing shared from now on opens with
          the lost desk’s keys; older records on the server are re-sealed in the background.
        </Alert>
        <TextField label="Server administrator name" value={name} onChange={edit(setName)} autoComplete="off" slotProps={{ htmlInput: { maxLength: 100 } }} />
        <TextField label="Server administrator password" type="password" value={password} onChange={edit(setPassword)} autoComplete="off" slotProps={{ htmlInput: { maxLength: 200 } }} />
        {error ? <Alert severity="error">{error}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Keep it</Button>
        <Button color="error" variant="contained" disabled={busy || !name || !password} onClick={() => void remove()}>
          Remove this desk
        </Button>
      </DialogActions>
    </Dialog>
  );
}
