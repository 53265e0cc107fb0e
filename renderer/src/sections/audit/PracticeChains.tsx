/**
 * Several desks on the Audit page: whether the records list shows this desk's trail or every
 * desk's (as the practice server holds their chains), and "Verify every desk", which checks each
 * desk's shared chain and says per desk how many records verified or what the first problem is.
 * Shown only on a desk that is a member of a practice of several desks.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ResponseOf } from '../../../../shared/ipc';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

type Reports = ResponseOf<'audit.verifyDesks'>['desks'];

export function PracticeChains({ everyDesk, onEveryDesk }: { everyDesk: boolean; onEveryDesk: (on: boolean) => void }) {
  const [member, setMember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reports, setReports] = useState<Reports | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void call(() => carerelay().desks.getStatus({})).then((r) => live && r.ok && setMember(r.value.configured && r.value.member));
    return () => {
      live = false;
    };
  }, []);
  if (!member) return null;

  const verifyAll = async () => {
    setBusy(true);
    setError(null);
    const result = await call(() => carerelay().audit.verifyDesks({}));
    setBusy(false);
    if (result.ok) setReports(result.value.desks);
    else setError(result.error.message);
  };

  return (
    <Box data-testid="practice-chains" sx={{ display: 'grid', gap: 1.5, mb: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
        <FormControlLabel control={<Switch checked={everyDesk} onChange={(e) => onEveryDesk(e.target.checked)} />} label="Show records from every desk of the practice" sx={{ flex: 1 }} />
        <Button variant="outlined" disabled={busy} onClick={() => void verifyAll()}>
          Verify every desk
        </Button>
      </Box>
      {busy ? (
        <Typography role="status" color="text.secondary">
          Checking each desk’s chain on the practice server…
        </Typography>
      ) : null}
      {error ? <Alert severity="error">{error}</Alert> : null}
      {reports ? (
        <>
          <Alert severity={reports.every((d) => d.ok) ? 'success' : 'error'}>
            {reports.every((d) => d.ok)
              ? `Every desk’s chain verified (${reports.length} desk${reports.length === 1 ? '' : 's'}): no record changed, missing or out of order.`
              : 'At least one desk’s chain did not verify. The desk’s own trail is still the record; contact support with the desk named below.'}
          </Alert>
          <Table size="small" aria-label="Each desk’s audit chain">
            <TableHead>
              <TableRow>
                <TableCell scope="col">Desk</TableCell>
                <TableCell scope="col">Records</TableCell>
                <TableCell scope="col">Result</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {reports.map((d) => (
                <TableRow key={d.desk} data-testid={`chain-${d.desk}`}>
                  <TableCell>
                    {d.desk}
                    {d.thisDesk ? ' (this desk)' : ''}
                  </TableCell>
                  <TableCell>{d.records}</TableCell>
                  <TableCell>{d.ok ? 'Verified' : d.problem}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      ) : null}
    </Box>
  );
}
