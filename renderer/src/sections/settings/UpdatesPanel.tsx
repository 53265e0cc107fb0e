/**
 * Settings → Updates: this computer's version and where CareRelay is with the next one (found,
 * downloading, ready, paused, failed by reason), "Restart to update" for whoever is signed in
 * once an update is ready (it also installs by itself when CareRelay quits — never a restart in
 * the middle of someone's work), and for administrators "Check now" and pause/resume. Also the
 * "Copy details for support" diagnostics.
 */
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { IpcResult } from '../../../../shared/ipc';
import type { UpdateStatusView } from '../../../../shared/ipc/channels/updates';
import { CopyDiagnosticsButton } from '../../app/ProblemNotice';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

const ERROR_WORDS: Readonly<Record<NonNullable<UpdateStatusView['error']>, string>> = {
  OFFLINE: 'CareRelay could not reach the update server (no connection). It will try again within the hour.',
  BAD_SIGNATURE: 'The update did not carry the publisher’s valid signature, so it was not installed. Tell support.',
  BAD_FEED: 'The update server’s answer was not usable. It will try again within the hour.',
  DOWNLOAD_FAILED: 'The download did not finish. It will try again within the hour.',
  UNKNOWN: 'The update could not be checked. It will try again within the hour.',
};

export function describeUpdate(s: UpdateStatusView): string {
  switch (s.state) {
    case 'disabled':
      return 'Updates are not set up for this copy (no update server configured). Your IT contact installs new versions.';
    case 'paused':
      return 'Updates are paused by an administrator.';
    case 'checking':
      return 'Looking for an update…';
    case 'downloading':
      return `Downloading version ${s.version ?? ''} in the background…`;
    case 'ready':
      return `Version ${s.version ?? ''} is ready. It installs when CareRelay quits, or restart now.`;
    case 'failed':
      return s.error ? ERROR_WORDS[s.error] : ERROR_WORDS.UNKNOWN;
    default:
      return 'CareRelay is up to date.';
  }
}

export function UpdatesPanel({ isAdmin }: { isAdmin: boolean }) {
  const [status, setStatus] = useState<UpdateStatusView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await call(() => carerelay().updates.getStatus({}));
    if (r.ok) setStatus(r.value);
  }, []);
  useEffect(() => {
    void load();
    const t = setInterval(() => void load(), 30_000);
    return () => clearInterval(t);
  }, [load]);

  const act = async (run: () => Promise<IpcResult<UpdateStatusView>>) => {
    setProblem(null);
    const r = await run();
    if (r.ok) setStatus(r.value);
    else setProblem(r.error.message);
  };
  const restart = async () => {
    const r = await call(() => carerelay().updates.restartToUpdate({}));
    if (!r.ok) setProblem(r.error.message);
    else if (!r.value.restarting) setProblem('No update is ready to install.');
  };

  return (
    <Paper component="section" aria-labelledby="settings-updates" sx={{ border: 1, borderColor: 'divider', borderRadius: 3, p: 3 }}>
      <Typography variant="h2" id="settings-updates" sx={{ mb: 1.5 }}>
        Updates
      </Typography>
      {status ? (
        <>
          <Typography data-testid="update-status">
            Version {status.currentVersion}. {describeUpdate(status)}
          </Typography>
          {status.lastCheckedAt ? (
            <Typography variant="body2" color="text.secondary">
              Last checked {new Date(status.lastCheckedAt).toLocaleString()}
            </Typography>
          ) : null}
        </>
      ) : (
        <Typography color="text.secondary">Reading update status…</Typography>
      )}
      {problem ? (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          {problem}
        </Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 2, alignItems: 'center' }}>
        {status?.state === 'ready' ? (
          <Button variant="contained" onClick={() => void restart()}>
            Restart to update
          </Button>
        ) : null}
        {isAdmin && status && status.state !== 'disabled' ? (
          <>
            <Button disabled={status.paused || status.state === 'checking' || status.state === 'downloading'} onClick={() => void act(() => call(() => carerelay().updates.checkNow({})))}>
              Check now
            </Button>
            <Button onClick={() => void act(() => call(() => carerelay().updates.setPaused({ paused: !status.paused })))}>{status.paused ? 'Resume updates' : 'Pause updates'}</Button>
          </>
        ) : null}
        <CopyDiagnosticsButton color="primary" />
      </Box>
    </Paper>
  );
}
