/**
 * Adding or editing a patient: name, date of birth, texting number (normalised and checked:
 * landlines and invalid numbers are flagged) and who gave it (R18), other phones, language,
 * preferred contact hours, and a confidential-communications request (R17: text anything,
 * appointment texts only, or do not text). Validation is the shared rule; each problem shows
 * next to its field and goes away as soon as that field is edited.
 */
import { useState, type FormEvent } from 'react';
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
import { checkPatientForm, minuteToHhmm, US_STATES, type PatientFormField, type PatientFormInput } from '../../../../shared/patients/patient-form';
import { formatUsPhone } from '../../../../shared/phone/us-phone';
import { addPatients, updatePatient, usePracticeDb, type Patient } from '../../../data';
import { localDate } from '../../app/local-date';

const SOURCE_LABELS = {
  patient: 'The patient gave it to us',
  representative: 'Their parent, guardian or representative gave it',
  staff: 'Staff found or typed it (not from the patient)',
  import: 'Imported from another system',
  unknown: 'Not known',
} as const;

const PREFERENCE_LABELS = {
  any: 'Texts are fine',
  'appointments-only': 'Appointment texts only',
  none: 'Do not text (call instead)',
} as const;

function initial(patient: Patient | null, phone: string): PatientFormInput {
  return {
    givenName: patient?.givenName ?? '',
    familyName: patient?.familyName ?? '',
    dateOfBirth: patient?.dateOfBirth ?? '',
    phone: patient ? formatUsPhone(patient.phone) : phone ? formatUsPhone(phone) : '',
    phoneType: patient?.phoneType ?? 'unknown',
    phoneSource: patient?.phoneSource ?? '',
    otherPhones: patient?.otherPhones?.map((o) => ({ number: formatUsPhone(o.number), label: o.label })) ?? [],
    email: patient?.email ?? '',
    notes: patient?.notes ?? '',
    preferredLanguage: patient?.preferredLanguage ?? 'en',
    textingPreference: patient?.textingPreference ?? 'any',
    preferenceNote: patient?.preferenceNote ?? '',
    preferenceWritten: patient?.preferenceWritten ?? false,
    contactFrom: patient?.contactWindow ? minuteToHhmm(patient.contactWindow.startMinute) : '',
    contactTo: patient?.contactWindow ? minuteToHhmm(patient.contactWindow.endMinute) : '',
    addressState: patient?.addressState ?? '',
  };
}

export function PatientFormDialog({ patient, phone = '', onClose, onSaved }: { patient: Patient | null; phone?: string; onClose: () => void; onSaved: (patient: Patient) => void }) {
  const db = usePracticeDb();
  const [form, setForm] = useState<PatientFormInput>(() => initial(patient, phone));
  const [problems, setProblems] = useState<Partial<Record<PatientFormField, string>>>({});
  const [warnings, setWarnings] = useState<Partial<Record<PatientFormField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof PatientFormInput>(key: K, value: PatientFormInput[K], field: PatientFormField | null = key as PatientFormField) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (field) {
      setProblems((p) => ({ ...p, [field]: undefined }));
      setWarnings((w) => ({ ...w, [field]: undefined }));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkPatientForm(form, localDate());
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    if (!db) return;
    setBusy(true);
    setFailure(null);
    try {
      const saved = patient ? await updatePatient(db, patient.id, checked.patient) : (await addPatients(db, [checked.patient]))[0]!;
      setWarnings(checked.warnings);
      onSaved(saved);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The patient could not be saved.');
    } finally {
      setBusy(false);
    }
  };

  const field = (key: PatientFormField) => ({ error: Boolean(problems[key]), helperText: problems[key] ?? warnings[key] ?? ' ' });

  return (
    <Dialog open onClose={onClose} aria-labelledby="patient-form-title" maxWidth="md" fullWidth>
      <Box component="form" onSubmit={submit} noValidate autoComplete="off">
        <DialogTitle id="patient-form-title">{patient ? 'Edit patient' : 'Add patient'}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2, rowGap: 0.5, pt: '8px !important' }}>
          {failure ? <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>{failure}</Alert> : null}
          <TextField label="First name" required value={form.givenName} onChange={(e) => set('givenName', e.target.value)} autoComplete="off" autoFocus {...field('givenName')} />
          <TextField label="Last name" required value={form.familyName} onChange={(e) => set('familyName', e.target.value)} autoComplete="off" {...field('familyName')} />
          <TextField label="Date of birth" type="date" value={form.dateOfBirth} onChange={(e) => set('dateOfBirth', e.target.value)} slotProps={{ inputLabel: { shrink: true } }} autoComplete="off" {...field('dateOfBirth')} />
          <TextField select label="Language for texts" value={form.preferredLanguage} onChange={(e) => set('preferredLanguage', e.target.value as 'en' | 'es', null)} helperText=" ">
            <MenuItem value="en">English</MenuItem>
            <MenuItem value="es">Spanish</MenuItem>
          </TextField>
          <TextField label="Mobile number for texts" type="tel" required value={form.phone} onChange={(e) => set('phone', e.target.value)} autoComplete="off" {...field('phone')} />
          <TextField select label="This number is a" value={form.phoneType} onChange={(e) => set('phoneType', e.target.value as PatientFormInput['phoneType'], 'phone')} helperText=" ">
            <MenuItem value="mobile">Mobile</MenuItem>
            <MenuItem value="landline">Landline (cannot receive texts)</MenuItem>
            <MenuItem value="unknown">Not sure</MenuItem>
          </TextField>
          <TextField select label="Who gave the practice this number?" required value={form.phoneSource} onChange={(e) => set('phoneSource', e.target.value as PatientFormInput['phoneSource'])} sx={{ gridColumn: '1 / -1' }} {...field('phoneSource')}>
            {Object.entries(SOURCE_LABELS).map(([value, label]) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="Other phone (optional)"
            type="tel"
            value={form.otherPhones[0]?.number ?? ''}
            onChange={(e) => set('otherPhones', e.target.value ? [{ number: e.target.value, label: form.otherPhones[0]?.label ?? 'home' }] : [])}
            autoComplete="off"
            {...field('otherPhones')}
          />
          <TextField select label="Texting" value={form.textingPreference} onChange={(e) => set('textingPreference', e.target.value as PatientFormInput['textingPreference'], null)} helperText="A confidential-communications request is honoured by every send.">
            {Object.entries(PREFERENCE_LABELS).map(([value, label]) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
          {form.textingPreference !== 'any' ? (
            <>
              <TextField label="Their request, in their words" value={form.preferenceNote} onChange={(e) => set('preferenceNote', e.target.value)} autoComplete="off" {...field('preferenceNote')} />
              <FormControlLabel control={<Checkbox checked={form.preferenceWritten} onChange={(e) => set('preferenceWritten', e.target.checked, null)} />} label="They asked in writing" />
            </>
          ) : null}
          <Box sx={{ display: 'flex', gap: 1 }}>
            <TextField label="Contact from" type="time" value={form.contactFrom} onChange={(e) => set('contactFrom', e.target.value, 'contactWindow')} slotProps={{ inputLabel: { shrink: true } }} error={Boolean(problems.contactWindow)} helperText={problems.contactWindow ?? 'Preferred hours (optional)'} sx={{ flex: 1 }} />
            <TextField label="Contact until" type="time" value={form.contactTo} onChange={(e) => set('contactTo', e.target.value, 'contactWindow')} slotProps={{ inputLabel: { shrink: true } }} error={Boolean(problems.contactWindow)} helperText=" " sx={{ flex: 1 }} />
          </Box>
          <TextField select label="State (address)" value={form.addressState} onChange={(e) => set('addressState', e.target.value)} {...field('addressState')}>
            <MenuItem value="">Not recorded</MenuItem>
            {US_STATES.map((s) => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </TextField>
          <TextField label="E-mail (optional)" type="email" value={form.email} onChange={(e) => set('email', e.target.value)} autoComplete="off" {...field('email')} />
          <TextField label="Notes for the front desk (optional)" value={form.notes} onChange={(e) => set('notes', e.target.value)} multiline minRows={2} sx={{ gridColumn: '1 / -1' }} autoComplete="off" {...field('notes')} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={busy || !db}>
            {patient ? 'Save changes' : 'Add patient'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
