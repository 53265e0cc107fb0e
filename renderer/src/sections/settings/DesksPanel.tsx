/**
 * Several desks, for administrators: connect this desk to the practice's replication server
 * (address, database prefix, this desk's name and its own server account), see the practice key
 * fingerprint every desk of the practice shows alike, add a new desk (type the code its screen
 * shows, compare the safety numbers, approve) and — on a new desk — ask to join (show the code
 * and safety number, wait for the approval, then start afresh with the practice's records); list
 * the practice's desks and remove a lost one (PracticeDesks.tsx).
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DESKS_CHANGED_EVENT, replicationStatus, subscribeReplicationStatus } from '../../../data';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { useCall } from '../../platform/use-call';
import { PracticeDesks } from './PracticeDesks';

type Status = { configured: boolean; server: string | null; prefix: string | null; deskName: string | null; practiceKeyId: string; legacyPractice: boolean; joining: { code: string; safetyNumber: string } | null; freshStart: boolean; member: boolean; sender: boolean; keyEpoch: number; waitingForKeyEpoch: number | null };
type Found = { code: string; deskName: string; safetyNumber: string; requestedAt: string };

const groupKey = (id: string) => id.match(/.{1,4}/g)?.join(' ') ?? id;

export default function DesksPanel() {
  const [status, setStatus] = useState<Status | null>(null);
  const [changing, setChanging] = useState(false);
  const load = useCallback(async () => {
    const r = await call(() => carerelay().desks.getStatus({}));
    if (r.ok) setStatus(r.value);
  }, []);
  useEffect(() => {
    void load();
    // Which desk answers for the practice changes when a desk shuts down or goes quiet.
    const t = setInterval(() => void load(), 5_000);
    return () => clearInterval(t);
  }, [load]);

  return (
    <Paper component="section" aria-labelledby="settings-desks" sx={{ borderRadius: 3, p: 3, display: 'grid', gap: 2 }} data-testid="desks-panel">
      <Typography variant="h2" id="settings-desks">
        Desks
      </Typography>
      {!status ? (
        <Typography color="text.secondary">Loading…</Typography>
      ) : (
        <>
          <Typography data-testid="desks-status">
            {status.configured ? (
              <>
                Shares the practice through <strong>{status.server}</strong> (databases “{status.prefix}-…”) as “{status.deskName}”.
              </>
            ) : (
              'Not connected: this desk keeps its own inbox. Connect it to the practice’s server to share one inbox with the other desks.'
            )}
          </Typography>
          {status.configured && status.member ? <ReplicationLine /> : null}
          {status.configured && status.member ? (
            <Typography variant="body2" data-testid="sender-status">
              {status.sender
                ? 'This desk answers patients’ STOP, HELP and START for the practice.'
                : 'Another desk answers patients’ STOP, HELP and START; this one takes over if that desk shuts down or goes quiet.'}
            </Typography>
          ) : null}
          <Typography variant="body2" color="text.secondary">
            Practice key fingerprint: <span data-testid="practice-key-id">{groupKey(status.practiceKeyId)}</span> — the same on every desk of this practice.
          </Typography>
          {status.configured && status.member ? (
            <Typography variant="body2" color="text.secondary" data-testid="key-epoch">
              {status.waitingForKeyEpoch !== null
                ? `Key epoch ${status.keyEpoch}: the practice moved to epoch ${status.waitingForKeyEpoch} after a desk was removed, and this desk is waiting for another desk to pass it the new key.`
                : `Key epoch ${status.keyEpoch}${status.keyEpoch > 1 ? ' (the practice changed its key after a desk was removed)' : ''}.`}
            </Typography>
          ) : null}
          {status.configured && !changing ? (
            <Box>
              <Button size="small" onClick={() => setChanging(true)}>
                Change the server or this desk’s account
              </Button>
            </Box>
          ) : (
            <ServerForm
              onSaved={(s) => {
                setStatus(s);
                setChanging(false);
              }}
            />
          )}
          {status.configured && status.member ? <AddDesk legacy={status.legacyPractice} /> : null}
          {status.configured && status.member ? <PracticeDesks /> : null}
          {status.configured ? <JoinPractice status={status} onChange={() => void load()} /> : null}
        </>
      )}
    </Paper>
  );
}

function ReplicationLine() {
  const r = useSyncExternalStore(subscribeReplicationStatus, replicationStatus);
  const when = r.lastActivityAt ? new Date(r.lastActivityAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit', second: '2-digit' }) : null;
  return (
    <Box data-testid="replication-status">
      <Typography variant="body2">
        {!r.running
          ? 'Not sharing right now (CareRelay shares while someone is signed in here).'
          : !r.caughtUp
            ? `Receiving the practice’s records from the server${r.loaded ? ` · ${r.loaded.toLocaleString('en-US')} so far` : ''}${when ? ` · last exchange ${when}` : ''}… The inbox fills in as they arrive.`
            : `Up to date with the practice server. Sharing with the other desks${when ? ` · last exchange ${when}` : ''}.`}
      </Typography>
      {r.problems.length ? (
        <Alert severity="warning" sx={{ mt: 1 }}>
          Recent problems reaching the practice server: {r.problems.join('; ')}. Work here goes on and is shared when the server answers.
        </Alert>
      ) : null}
    </Box>
  );
}

function ServerForm({ onSaved }: { onSaved: (s: Status) => void }) {
  const [serverUrl, setServerUrl] = useState('');
  const [prefix, setPrefix] = useState('');
  const [deskName, setDeskName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useCall();
  const [saved, setSaved] = useState(false);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const r = await run(() => carerelay().desks.configureServer({ serverUrl: serverUrl.trim(), prefix: prefix.trim(), deskName: deskName.trim(), username: username.trim(), password }));
    setPassword('');
    if (r.ok) {
      setSaved(true);
      onSaved(r.value);
      // The open practice database starts replicating now, not at the next unlock.
      window.dispatchEvent(new Event(DESKS_CHANGED_EVENT));
    }
  };
  return (
    <Box component="form" onSubmit={(e) => void save(e)} noValidate autoComplete="off" sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { md: '1fr 1fr' } }} aria-label="Practice server">
      <TextField label="Practice server address" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://couch.your-practice.example:6984/" />
      <TextField label="Database prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} helperText="Lower case, e.g. maplefamily" />
      <TextField label="This desk’s name" value={deskName} onChange={(e) => setDeskName(e.target.value)} helperText="e.g. Front desk 2" />
      <TextField label="This desk’s server user" value={username} onChange={(e) => setUsername(e.target.value)} />
      <TextField label="This desk’s server password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
        <Button type="submit" variant="outlined" disabled={busy || !serverUrl || !prefix || !deskName || !username || !password}>
          Connect this desk
        </Button>
        {saved ? <Typography color="success.main">Connected.</Typography> : null}
      </Box>
      {error ? (
        <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
          {error}
        </Alert>
      ) : null}
    </Box>
  );
}

function AddDesk({ legacy }: { legacy: boolean }) {
  const [code, setCode] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useCall();
  const look = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const r = await run(() => carerelay().desks.findRequest({ code }));
    setFound(r.ok ? r.value : null);
  };
  const approve = async () => {
    if (!found) return;
    const r = await run(() => carerelay().desks.approve({ code: found.code, safetyNumber: found.safetyNumber }));
    if (r.ok) {
      setDone(`“${found.deskName}” was added. It opens the practice’s records in a moment.`);
      setFound(null);
      setCode('');
    }
  };
  if (legacy) {
    return <Alert severity="info">This desk was set up before desks could share a practice, so it cannot add other desks. Add them from a desk set up since.</Alert>;
  }
  return (
    <Box sx={{ display: 'grid', gap: 1 }} data-testid="add-desk">
      <Typography variant="subtitle1" component="h3">
        Add a desk
      </Typography>
      <Box component="form" onSubmit={(e) => void look(e)} sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <TextField size="small" label="Code on the new desk" value={code} onChange={(e) => setCode(e.target.value)} slotProps={{ htmlInput: { maxLength: 12, spellCheck: false } }} />
        <Button type="submit" variant="outlined" disabled={busy || code.trim().length < 8}>
          Look up
        </Button>
      </Box>
      {found ? (
        <Alert
          severity="warning"
          data-testid="desk-request"
          action={
            <Box sx={{ display: 'grid', gap: 0.5 }}>
              <Button color="inherit" size="small" disabled={busy} onClick={() => void approve()}>
                The numbers match: add it
              </Button>
              <Button
                color="inherit"
                size="small"
                onClick={() => {
                  setFound(null);
                  setError('Not added. If the numbers differed, someone may be trying to join in its place: tell your IT contact.');
                }}
              >
                They differ
              </Button>
            </Box>
          }
        >
          “{found.deskName}” asks to join. Its screen shows a safety number; it must be exactly:
          <Typography component="p" sx={{ fontFamily: 'monospace', fontSize: '1.25rem', mt: 1 }} data-testid="desk-request-number">
            {found.safetyNumber}
          </Typography>
        </Alert>
      ) : null}
      {done ? <Alert severity="success">{done}</Alert> : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
    </Box>
  );
}

function JoinPractice({ status, onChange }: { status: Status; onChange: () => void }) {
  const [shown, setShown] = useState(status.joining);
  const [offered, setOffered] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const { busy, error, run } = useCall();
  // The poll must not restart whenever the page re-renders (the parent passes a new callback).
  const changed = useRef(onChange);
  changed.current = onChange;
  useEffect(() => {
    if (!shown || offered) return;
    let live = true;
    const timer = setInterval(() => {
      void call(() => carerelay().desks.pollJoin({})).then((r) => {
        if (!live || !r.ok) return;
        if (r.value.state === 'confirm' && r.value.practiceKeyId) {
          setOffered(r.value.practiceKeyId);
        } else if (r.value.state === 'refused') {
          setState(r.value.message ?? 'The answer could not be used. Ask again.');
          setShown(null);
        }
      });
    }, 2_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [shown, offered]);
  const ask = async () => {
    const r = await run(() => carerelay().desks.startJoin({}));
    if (r.ok) setShown(r.value);
  };
  const confirm = async () => {
    if (!offered) return;
    const r = await run(() => carerelay().desks.confirmJoin({ practiceKeyId: offered }));
    if (!r.ok) return;
    setOffered(null);
    setShown(null);
    setState('Joined. CareRelay locks now and starts this desk afresh with the practice’s records: unlock to continue.');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await call(() => carerelay().session.lock({}));
    changed.current();
  };
  return (
    <Box sx={{ display: 'grid', gap: 1 }} data-testid="join-practice">
      <Typography variant="subtitle1" component="h3">
        Join the practice (a new desk)
      </Typography>
      {offered ? (
        <Alert
          severity="warning"
          data-testid="join-confirm"
          action={
            <Button color="inherit" size="small" disabled={busy} onClick={() => void confirm()}>
              It matches: join
            </Button>
          }
        >
          An administrator answered. Check that the practice key fingerprint on their desk (Settings → Desks) is exactly:
          <Typography component="p" sx={{ fontFamily: 'monospace', fontSize: '1.25rem', mt: 1 }} data-testid="join-fingerprint">
            {groupKey(offered)}
          </Typography>
          If it differs, do not join: someone else may have answered.
        </Alert>
      ) : shown ? (
        <Alert severity="info" data-testid="join-request">
          Give this code to an administrator at a desk already in the practice: <strong data-testid="join-code">{shown.code}</strong>. They will see a safety number; it must match this one exactly:
          <Typography component="p" sx={{ fontFamily: 'monospace', fontSize: '1.25rem', mt: 1 }} data-testid="join-number">
            {shown.safetyNumber}
          </Typography>
          Waiting for their approval…
        </Alert>
      ) : status.member ? (
        <Typography variant="body2" color="text.secondary">
          This desk is part of the practice on this server.
        </Typography>
      ) : (
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="body2" sx={{ maxWidth: 560 }}>
            Connected, but not part of the practice on this server yet. On a new desk only: joining replaces this desk’s own records with the practice’s shared ones.
          </Typography>
          <Button variant="outlined" disabled={busy} onClick={() => void ask()}>
            Ask to join
          </Button>
        </Box>
      )}
      {state ? (
        <Alert severity="success" data-testid="join-state">
          {state}
        </Alert>
      ) : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
    </Box>
  );
}
