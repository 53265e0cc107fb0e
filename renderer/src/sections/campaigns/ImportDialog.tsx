/**
 * Importing the schedule: a CSV export from the practice-management system (columns matched to
 * CareRelay's fields, with a guess from the header names and the last mapping remembered on
 * this computer — column names only, no patient data) or a FHIR R4 Bundle of Appointment and
 * Patient resources. "Check file" lists every rejected row with its reason before anything is
 * written; "Import" writes all of it (re-importing updates changed appointments and, for the
 * dates the file covers, cancels ones no longer listed, withdrawing their waiting reminders).
 */
import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { FIELD_LABELS, importCsv, MAPPING_FIELDS, mappingProblems, readCsvHeader, suggestMapping, type ColumnMapping, type CsvHeader, type MappingField } from '../../../../shared/appointments/csv-import';
import { importFhirBundle } from '../../../../shared/appointments/fhir-import';
import type { ImportResult } from '../../../../shared/appointments/import-row';
import { coveredDays } from '../../../../shared/appointments/reimport-plan';
import { applyImport, usePracticeDb } from '../../../data';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

const MAPPING_KEY = 'carerelay.csv-mapping';
const SHOWN_PROBLEMS = 100;

function rememberedMapping(headers: readonly string[]): ColumnMapping | null {
  try {
    const saved = JSON.parse(localStorage.getItem(MAPPING_KEY) ?? 'null') as ColumnMapping | null;
    if (!saved) return null;
    // Only when every remembered column is in this file.
    return Object.values(saved).every((h) => h && headers.includes(h)) ? saved : null;
  } catch {
    return null;
  }
}

export function ImportDialog({ timeZone, onClose, onDone }: { timeZone: string; onClose: () => void; onDone: (message: string) => void }) {
  const db = usePracticeDb();
  const [text, setText] = useState<string | null>(null);
  const [kind, setKind] = useState<'csv' | 'fhir'>('csv');
  const [header, setHeader] = useState<CsvHeader | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [checked, setChecked] = useState<ImportResult | null>(null);
  const [fromPatients, setFromPatients] = useState(false);
  const [wholeRange, setWholeRange] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (file: File | undefined) => {
    setChecked(null);
    setProblem(null);
    if (!file) return;
    if (file.size > 20_000_000) return setProblem('The file is larger than 20 MB. Export a shorter date range and import it in parts.');
    const content = await file.text();
    setText(content);
    const fhir = /^\s*\{/.test(content);
    setKind(fhir ? 'fhir' : 'csv');
    if (!fhir) {
      const h = readCsvHeader(content);
      setHeader(h);
      if (h.error) return setProblem(h.error);
      setMapping(rememberedMapping(h.headers) ?? suggestMapping(h.headers, h.preview));
    } else setHeader(null);
  };

  const blocking = useMemo(() => (kind === 'csv' && header ? mappingProblems(mapping, header.headers).filter((p) => p.blocking) : []), [kind, header, mapping]);

  const check = () => {
    if (!text) return;
    const result = kind === 'fhir' ? importFhirBundle(text) : importCsv(text, mapping, { timeZone, ...(header ? { delimiter: header.delimiter } : {}) });
    if (result.error) return setProblem(result.error);
    setProblem(null);
    setChecked(result);
    if (kind === 'csv') localStorage.setItem(MAPPING_KEY, JSON.stringify(mapping));
  };

  const range = checked ? coveredDays(checked.rows, timeZone) : null;

  const run = async () => {
    if (!db || !checked) return;
    setBusy(true);
    try {
      const report = await applyImport(db, checked.rows, { source: kind, timeZone, numbersFromPatients: fromPatients, coveredRange: wholeRange ? range : null });
      for (const w of report.withdraw) await call(() => carerelay().outbox.withdraw({ appointmentId: w.id, reason: w.reason }));
      onDone(
        `Imported: ${report.created} new appointment(s), ${report.updated} changed, ${report.unchanged} unchanged, ${report.cancelled} cancelled; ${report.patientsAdded} new patient(s).` +
          (report.noNumber ? ` ${report.noNumber} row(s) left out: a new patient without a usable mobile number.` : '') +
          (checked.rejected.length ? ` ${checked.rejected.length} row(s) rejected (listed before import).` : ''),
      );
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'The import failed; nothing was half-written. Try again.');
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="import-title" maxWidth="md" fullWidth>
      <DialogTitle id="import-title">Import appointments</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <Typography variant="body2">A CSV export from your practice-management system, or a FHIR R4 Bundle (Appointment and Patient resources). Times are read in the practice’s time zone.</Typography>
        <Button variant="outlined" component="label" sx={{ alignSelf: 'flex-start' }}>
          Choose file
          <input hidden type="file" accept=".csv,.txt,.json,text/csv,application/json,application/fhir+json" data-testid="import-file" onChange={(e) => void open(e.target.files?.[0])} />
        </Button>
        {kind === 'csv' && header && !header.error ? (
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 1.5 }} data-testid="column-mapping">
            {MAPPING_FIELDS.map((f: MappingField) => (
              <TextField
                key={f}
                select
                size="small"
                label={FIELD_LABELS[f]}
                value={mapping[f] ?? ''}
                onChange={(e) => {
                  setChecked(null);
                  setMapping((m) => {
                    const next = { ...m };
                    if (e.target.value) next[f] = e.target.value;
                    else delete next[f];
                    return next;
                  });
                }}
              >
                <MenuItem value="">(not in this file)</MenuItem>
                {header.headers.map((h) => (
                  <MenuItem key={h} value={h}>
                    {h}
                  </MenuItem>
                ))}
              </TextField>
            ))}
          </Box>
        ) : null}
        {blocking.length ? <Alert severity="warning">{blocking.map((p) => p.message).join(' ')}</Alert> : null}
        {text ? (
          <Button variant="outlined" sx={{ alignSelf: 'flex-start' }} disabled={blocking.length > 0} onClick={check}>
            Check file
          </Button>
        ) : null}
        {checked ? (
          <Box data-testid="import-check">
            <Typography>
              {checked.rows.length} appointment(s) ready
              {range ? `, ${format(new TZDate(range.from, timeZone), 'd MMM')} to ${format(new TZDate(range.to - 1, timeZone), 'd MMM yyyy')}` : ''}; {checked.rejected.length} rejected; {checked.warnings.length} warning(s).
            </Typography>
            {checked.rejected.length ? (
              <Alert severity="error" sx={{ mt: 1, maxHeight: 220, overflow: 'auto' }} data-testid="import-rejected">
                {checked.rejected.slice(0, SHOWN_PROBLEMS).map((r) => (
                  <div key={`${r.line}-${r.reason}`}>
                    {kind === 'fhir' ? 'Entry' : 'Line'} {r.line}: {r.reason}
                  </div>
                ))}
                {checked.rejected.length > SHOWN_PROBLEMS ? <div>…and {checked.rejected.length - SHOWN_PROBLEMS} more.</div> : null}
              </Alert>
            ) : null}
            {checked.warnings.length ? (
              <Alert severity="warning" sx={{ mt: 1, maxHeight: 160, overflow: 'auto' }}>
                {checked.warnings.slice(0, SHOWN_PROBLEMS).map((w) => (
                  <div key={`${w.line}-${w.reason}`}>
                    {kind === 'fhir' ? 'Entry' : 'Line'} {w.line}: {w.reason}
                  </div>
                ))}
              </Alert>
            ) : null}
            <FormControlLabel
              control={<Checkbox checked={fromPatients} onChange={(e) => setFromPatients(e.target.checked)} />}
              label="The mobile numbers in this file were given by the patients themselves (for example on registration forms)"
            />
            <FormControlLabel
              control={<Checkbox checked={wholeRange} onChange={(e) => setWholeRange(e.target.checked)} />}
              label="This file is the whole schedule for these dates: cancel appointments it no longer lists"
            />
          </Box>
        ) : null}
        {problem ? <Alert severity="error">{problem}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!checked || checked.rows.length === 0 || busy} onClick={() => void run()}>
          Import {checked ? checked.rows.length : ''}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
