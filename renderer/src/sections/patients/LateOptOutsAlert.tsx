/**
 * R23's dashboard for practice managers and administrators: opt-out requests staff entered more
 * than 5 business days after the patient asked (a warning) or more than 10 (an error: past the
 * FCC's limit), on the Patients page, with the list one click away. Keywords and the carrier's
 * list take effect the moment they arrive and never show here. Re-read after events are added
 * to the ledger; nothing shows while every entry is on time.
 */
import { useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { METHOD_WORDS } from '../../../../shared/consent/ledger-export';
import { LAG_ERROR_DAYS, LAG_WARNING_DAYS, lateRevocationEntries, type LateEntry } from '../../../../shared/consent/revocation-lag';
import { onConsentEventAdded, staffEnteredRevocations, usePatientIndex, usePracticeDb, type ConsentPurpose } from '../../../data';
import { localDate } from '../../app/local-date';
import { useStaffName } from '../../app/staff-directory';
import { SafeLabel } from '../../components/SafeText';

const dayOf = (t: number) => localDate(new Date(t));

export function LateOptOutsAlert({ purposeLabels, onOpenPatient }: { purposeLabels: Readonly<Record<ConsentPurpose, string>>; onOpenPatient: (id: string) => void }) {
  const db = usePracticeDb();
  const { index } = usePatientIndex();
  const staffName = useStaffName();
  const [entries, setEntries] = useState<LateEntry[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!db) return;
    let live = true;
    const load = () =>
      void staffEnteredRevocations(db).then(
        (events) => live && setEntries(lateRevocationEntries(events, dayOf)),
        () => live && setEntries([]),
      );
    load();
    // One read per burst of new events (a desk pulling the practice files many at once), not one per event.
    let pending: ReturnType<typeof setTimeout> | null = null;
    const stop = onConsentEventAdded(db, () => {
      if (pending === null) pending = setTimeout(() => ((pending = null), load()), 300);
    });
    return () => {
      live = false;
      if (pending !== null) clearTimeout(pending);
      stop();
    };
  }, [db]);

  const errors = useMemo(() => entries.filter((e) => e.level === 'error').length, [entries]);
  if (entries.length === 0) return null;
  const n = entries.length;
  return (
    <>
      <Alert
        severity={errors ? 'error' : 'warning'}
        data-testid="late-opt-outs"
        sx={{ mb: 1.5 }}
        action={
          <Button color="inherit" size="small" onClick={() => setOpen(true)}>
            Show
          </Button>
        }
      >
        {n === 1 ? '1 request to stop texts was' : `${n} requests to stop texts were`} entered more than {LAG_WARNING_DAYS} business days after the patient asked
        {errors ? ` (${errors} more than ${LAG_ERROR_DAYS}: past the legal limit)` : ''}. Enter requests the day they arrive.
      </Alert>
      <Dialog open={open} onClose={() => setOpen(false)} maxWidth="lg" fullWidth aria-labelledby="late-opt-outs-title">
        <DialogTitle id="late-opt-outs-title">Requests to stop texts entered late</DialogTitle>
        <DialogContent>
          <Table size="small" aria-labelledby="late-opt-outs-title">
            <TableHead>
              <TableRow>
                <TableCell scope="col">Patient</TableCell>
                <TableCell scope="col">Asked on</TableCell>
                <TableCell scope="col">Entered on</TableCell>
                <TableCell scope="col">Business days</TableCell>
                <TableCell scope="col">How they asked</TableCell>
                <TableCell scope="col">Entered by</TableCell>
                <TableCell scope="col">Covers</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {entries.map((e) => {
                const patient = index?.get(e.patientId);
                return (
                  <TableRow key={e.id} data-testid="late-opt-out-row">
                    <TableCell>
                      {patient ? (
                        <Link
                          component="button"
                          type="button"
                          onClick={() => {
                            setOpen(false);
                            onOpenPatient(e.patientId);
                          }}
                        >
                          <SafeLabel text={`${patient.familyName}, ${patient.givenName}`} />
                        </Link>
                      ) : (
                        'Not in CareRelay'
                      )}
                    </TableCell>
                    <TableCell>{e.received}</TableCell>
                    <TableCell>{e.entered}</TableCell>
                    <TableCell sx={{ color: e.level === 'error' ? 'error.main' : 'warning.dark', fontWeight: 600 }}>
                      {e.days} {e.level === 'error' ? '(over the limit)' : '(late)'}
                    </TableCell>
                    <TableCell>{METHOD_WORDS[e.method] ?? e.method}</TableCell>
                    <TableCell>{staffName(e.staffId)}</TableCell>
                    <TableCell>{e.purposes.length >= 5 ? 'Every kind of text' : e.purposes.map((p) => purposeLabels[p as ConsentPurpose] ?? p).join(', ')}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
