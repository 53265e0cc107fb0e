/**
 * A patient's consent ledger on their page (R20): every event, oldest first — purpose, given or
 * withdrawn, how, the keyword or the patient's words, form version and disclosures, who recorded
 * it — with a CSV export and a printable record for carrier and TCPA audits. Both leave the
 * screen only by a person's click and are recorded in the audit trail (ids only). Rows are
 * React text (SafeLabel): a patient's words cannot become markup or a link.
 */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import GlobalStyles from '@mui/material/GlobalStyles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ledgerCsv, ledgerRows, type LedgerRow } from '../../../../shared/consent/ledger-export';
import { consentLedgerForPatient, usePracticeDb, type ConsentPurpose, type Patient } from '../../../data';
import { useStaffName } from '../../app/staff-directory';
import { SafeLabel } from '../../components/SafeText';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { downloadCsv } from '../../platform/download';
import { useSession } from '../../session/session-context';
import { formatPhone } from '../inbox/delivery-labels';
import { usePracticeSettings } from '../inbox/inbox-hooks';

const SHOWN = 8;

export function ConsentHistory({ patient, labels, version }: { patient: Patient; labels: Readonly<Record<ConsentPurpose, string>>; version: number }) {
  const db = usePracticeDb();
  const staffName = useStaffName();
  const [rows, setRows] = useState<LedgerRow[]>([]);
  const [all, setAll] = useState(false);
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    if (!db) return;
    let live = true;
    void consentLedgerForPatient(db, patient).then((events) => {
      if (live) setRows(ledgerRows(events, (p) => labels[p as ConsentPurpose] ?? p, staffName));
    });
    return () => {
      live = false;
    };
  }, [db, patient, labels, staffName, version]);

  const exportCsv = async () => {
    const audited = await call(() => carerelay().audit.recordView({ objectType: 'consent-ledger', objectId: patient.id, use: 'export' }));
    if (!audited.ok) return;
    downloadCsv(`consent-record-${new Date().toISOString().slice(0, 10)}.csv`, ledgerCsv(rows, formatPhone(patient.phone)));
  };
  const openPrint = async () => {
    const audited = await call(() => carerelay().audit.recordView({ objectType: 'consent-ledger', objectId: patient.id, use: 'print' }));
    if (audited.ok) setPrinting(true);
  };

  const visible = all ? rows : rows.slice(-SHOWN);
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h3" sx={{ fontSize: '1.0625rem', flex: 1 }}>
          Consent history
        </Typography>
        <Button size="small" disabled={rows.length === 0} onClick={() => void exportCsv()}>
          Export CSV
        </Button>
        <Button size="small" disabled={rows.length === 0} onClick={() => void openPrint()}>
          Printable record
        </Button>
      </Box>
      {rows.length === 0 ? (
        <Typography color="text.secondary">Nothing recorded yet.</Typography>
      ) : (
        <>
          {rows.length > SHOWN && !all ? (
            <Button size="small" onClick={() => setAll(true)}>
              Show all {rows.length} events
            </Button>
          ) : null}
          <LedgerTable rows={visible} testId="consent-history" />
        </>
      )}
      {printing ? <PrintableLedger patient={patient} rows={rows} onClose={() => setPrinting(false)} /> : null}
    </Box>
  );
}

function LedgerTable({ rows, testId }: { rows: readonly LedgerRow[]; testId: string }) {
  return (
    <Table size="small" aria-label="Consent history" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>Recorded</TableCell>
          <TableCell>Kind of text</TableCell>
          <TableCell>Event</TableCell>
          <TableCell>How</TableCell>
          <TableCell>By</TableCell>
          <TableCell>Details</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.id} data-testid="consent-event">
            <TableCell>
              {r.recorded}
              {r.received !== r.recorded ? (
                <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                  asked {r.received}
                </Typography>
              ) : null}
            </TableCell>
            <TableCell>{r.purpose}</TableCell>
            <TableCell sx={{ color: r.event === 'Consent withdrawn' ? 'error.main' : 'success.main', fontWeight: 500 }}>{r.event}</TableCell>
            <TableCell>{r.method}</TableCell>
            <TableCell>{r.staff}</TableCell>
            <TableCell>
              {[r.keyword ? `Keyword ${r.keyword}` : '', r.formVersion ? `Form ${r.formVersion}` : '', r.signature === 'yes' ? 'Signature on file' : ''].filter(Boolean).join(' · ')}
              {r.words ? (
                <Typography variant="caption" sx={{ display: 'block' }}>
                  “<SafeLabel text={r.words} />”
                </Typography>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PrintableLedger({ patient, rows, onClose }: { patient: Patient; rows: readonly LedgerRow[]; onClose: () => void }) {
  const settings = usePracticeSettings();
  const { session } = useSession();
  return (
    <Dialog open fullScreen transitionDuration={0} onClose={onClose} aria-labelledby="ledger-print-title" data-testid="printable-ledger" className="carerelay-print-root">
      {/* On paper only this record prints: the rest of the app is hidden. */}
      <GlobalStyles styles={{ '@media print': { 'body > *:not(.carerelay-print-root)': { display: 'none !important' }, '.carerelay-no-print': { display: 'none !important' } } }} />
      <DialogTitle id="ledger-print-title">Consent to text messages — record</DialogTitle>
      <DialogContent>
        <Typography>{settings?.practice.name ?? ''}</Typography>
        <Typography>
          Patient: <SafeLabel text={`${patient.givenName} ${patient.familyName}`} />
          {patient.dateOfBirth ? ` · born ${patient.dateOfBirth}` : ''} · number {formatPhone(patient.phone)}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Printed {new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC by {session.user?.fullName ?? ''}. Events are never changed or deleted; the current state is the latest event
          for each kind of text.
        </Typography>
        <LedgerTable rows={rows} testId="printable-ledger-table" />
      </DialogContent>
      <DialogActions className="carerelay-no-print">
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" onClick={() => window.print()}>
          Print
        </Button>
      </DialogActions>
    </Dialog>
  );
}
