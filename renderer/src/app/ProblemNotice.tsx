/**
 * The calm face of an unexpected error: "Something went wrong — what you typed is kept", with a
 * button that copies CareRelay's PHI-free diagnostic details (versions, connection state, recent
 * problems by code, from main) for support. Shown for errors the renderer did not expect; the
 * screens keep working underneath.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { call } from '../platform/call';
import { carerelay } from '../platform/carerelay';
import { onProblem } from '../platform/problem-reports';

/** Copies the diagnostic details to the clipboard; says so, or says why not. */
export function CopyDiagnosticsButton({ color = 'inherit' }: { color?: 'inherit' | 'primary' }) {
  const [done, setDone] = useState<string | null>(null);
  const copy = async () => {
    const r = await call(() => carerelay().app.getDiagnostics({}));
    if (!r.ok) return setDone('Could not gather the details.');
    try {
      await navigator.clipboard.writeText(r.value.text);
      setDone('Copied: paste it into your message to support.');
    } catch {
      setDone('Could not copy: the clipboard is not available.');
    }
  };
  return (
    <>
      <Button color={color} size="small" onClick={() => void copy()}>
        Copy details for support
      </Button>
      {done ? (
        <span role="status" style={{ marginLeft: 8, fontSize: '0.8125rem' }}>
          {done}
        </span>
      ) : null}
    </>
  );
}

export function ProblemNotice() {
  const [open, setOpen] = useState(false);
  useEffect(() => onProblem(() => setOpen(true)), []);
  return (
    <Snackbar open={open} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
      <Alert severity="warning" variant="filled" onClose={() => setOpen(false)} data-testid="problem-notice" action={<CopyDiagnosticsButton />}>
        Something went wrong. What you typed is kept; carry on, or restart CareRelay if it happens again.
      </Alert>
    </Snackbar>
  );
}
