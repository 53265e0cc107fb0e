/**
 * Patients: everyone the practice texts, as a virtualised list searchable by name, number or date
 * of birth (over the in-memory index: nothing searchable on disk), and one patient's page
 * (#/patients/<id>). Add and edit go through the validated form. In training mode the simulated
 * patients can be added with one click.
 */
import { useMemo, useRef, useState } from 'react';
import PeopleAltOutlined from '@mui/icons-material/PeopleAltOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { roleAllows } from '../../../../shared/accounts/roles';
import { TRAINING_PATIENTS } from '../../../../shared/training/training-patients';
import { addPatients, findPatientsByPhone, usePatientIndex, usePracticeDb, usePracticeDbStatus, type NamedPatient } from '../../../data';
import { useAppData } from '../../app/app-data';
import { setDetailRoute, useDetailRoute } from '../../app/detail-route';
import { EmptyState } from '../../components/EmptyState';
import { SafeLabel } from '../../components/SafeText';
import { VirtualList } from '../../components/VirtualList';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { useSession } from '../../session/session-context';
import { formatPhone } from '../inbox/delivery-labels';
import { LateOptOutsAlert } from './LateOptOutsAlert';
import { PatientDetail, PURPOSE_LABELS } from './PatientDetail';
import { PatientFormDialog } from './PatientFormDialog';

const ROW = 60;

export default function PatientsPage() {
  const status = usePracticeDbStatus();
  const { ready, index, version } = usePatientIndex();
  const detail = useDetailRoute();
  const { info } = useAppData();
  const training = info.state === 'ready' && info.value.mode === 'training';
  const { session } = useSession();
  const canSeeReports = session.user ? roleAllows(session.user.role, 'reports.view') : false;
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const list = useMemo<readonly NamedPatient[]>(() => {
    if (!index || !ready) return [];
    const q = query.trim();
    if (!q) return index.sorted();
    const digits = q.replace(/\D/g, '');
    if (/^\d{4}-\d{2}-\d{2}$/.test(q)) return index.sorted().filter((p) => p.dateOfBirth === q);
    if (!/[a-z]/i.test(q) && digits.length >= 3) return index.searchDigits(digits, 500);
    return index.search(q, 500);
  }, [index, ready, version, query]);

  const open = (id: string) => {
    setDetailRoute('patients', id);
    void call(() => carerelay().audit.recordView({ objectType: 'patient', objectId: id }));
  };

  if (status.state !== 'open') {
    return <Typography color="text.secondary" aria-live="polite">{status.state === 'failed' ? status.message : 'Opening the practice’s records…'}</Typography>;
  }
  const empty = ready && index && index.sorted().length === 0;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 560, maxWidth: 1400, mx: 'auto', mt: -1.5, mb: -2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="h1" tabIndex={-1} sx={{ flex: 1, fontSize: '1.5rem' }}>
          Patients
        </Typography>
        {training ? <AddTrainingPatients /> : null}
        <Button variant="contained" onClick={() => setAdding(true)}>
          Add patient
        </Button>
      </Box>
      {canSeeReports ? <LateOptOutsAlert purposeLabels={PURPOSE_LABELS} onOpenPatient={open} /> : null}
      <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 340px) minmax(0, 1fr)', gap: 2, flex: 1, minHeight: 0 }}>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, minHeight: 0 }}>
          <Box component="form" role="search" onSubmit={(e) => e.preventDefault()} autoComplete="off">
            <TextField inputRef={searchRef} size="small" fullWidth label="Find: name, number or birth date" value={query} onChange={(e) => setQuery(e.target.value.slice(0, 80))} autoComplete="off" />
          </Box>
          <Typography variant="body2" color="text.secondary" aria-live="polite">
            {!ready ? 'Loading patients…' : query.trim() ? `${list.length} found` : `${list.length} patients`}
          </Typography>
          <VirtualList
            count={list.length}
            rowHeight={ROW}
            ariaLabel="Patients"
            testId="patient-list"
            selectedIndex={detail ? list.findIndex((p) => p.id === detail) : -1}
            rowKey={(i) => list[i]!.id}
            renderRow={(i) => {
              const p = list[i]!;
              const selected = p.id === detail;
              return (
                <Box
                  component="button"
                  type="button"
                  onClick={() => open(p.id)}
                  aria-current={selected ? 'true' : undefined}
                  data-testid="patient-row"
                  sx={{
                    all: 'unset',
                    boxSizing: 'border-box',
                    display: 'flex',
                    flexDirection: 'column',
                    justifyContent: 'center',
                    width: '100%',
                    height: '100%',
                    px: 1.5,
                    cursor: 'pointer',
                    borderBottom: 1,
                    borderColor: 'divider',
                    borderLeft: 4,
                    borderLeftColor: selected ? 'primary.main' : 'transparent',
                    bgcolor: selected ? 'action.selected' : 'transparent',
                    '&:hover': { bgcolor: 'action.hover' },
                    '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 },
                  }}
                >
                  <Typography component="span" noWrap sx={{ fontWeight: 600 }}>
                    <SafeLabel text={`${p.familyName}, ${p.givenName}`} />
                  </Typography>
                  <Typography component="span" variant="body2" color="text.secondary" noWrap>
                    {[p.dateOfBirth ? `Born ${p.dateOfBirth}` : '', p.phone ? formatPhone(p.phone) : ''].filter(Boolean).join(' · ')}
                  </Typography>
                </Box>
              );
            }}
          />
        </Box>
        <Box sx={{ minHeight: 0, minWidth: 0, overflow: 'auto' }}>
          {detail ? (
            <PatientDetail key={detail} patientId={detail} />
          ) : empty ? (
            <EmptyState
              Icon={PeopleAltOutlined}
              title="No patients yet"
              description="Add the patients you text. Each patient’s number, who gave it, their language and their consent to be texted are kept with them, encrypted on this computer."
              pointsLabel="How patients get here"
              points={[
                'Add patient, here, with the number they gave you.',
                'From the Inbox: link a text from an unknown number to a patient, or add them from it.',
                'Importing an appointment list adds each patient on it (reminder campaigns).',
              ]}
            />
          ) : (
            <Typography color="text.secondary" sx={{ p: 2 }}>
              Choose a patient to see their details, consent and conversations.
            </Typography>
          )}
        </Box>
      </Box>
      {adding ? (
        <PatientFormDialog
          patient={null}
          onClose={() => setAdding(false)}
          onSaved={(p) => {
            setAdding(false);
            open(p.id);
          }}
        />
      ) : null}
    </Box>
  );
}

function AddTrainingPatients() {
  const db = usePracticeDb();
  const [done, setDone] = useState<string | null>(null);
  const add = async () => {
    if (!db) return;
    const missing = [];
    for (const p of TRAINING_PATIENTS) if ((await findPatientsByPhone(db, p.phone)).length === 0) missing.push(p);
    await addPatients(db, missing.map((p) => ({ ...p, phoneType: 'unknown' as const, phoneSource: 'patient' as const, notes: `Training patient: ${p.behaviour}.` })));
    setDone(missing.length === 0 ? 'The training patients are already here.' : `Added ${missing.length} training patients.`);
  };
  return (
    <>
      {done ? <Alert severity="success" onClose={() => setDone(null)} sx={{ py: 0 }}>{done}</Alert> : null}
      <Button variant="outlined" onClick={() => void add()} data-testid="add-training-patients">
        Add training patients
      </Button>
    </>
  );
}
