/**
 * A new reminder campaign, as a practice manager sets it up: a name, the appointments it covers
 * (dates, optionally one provider, location or appointment type, or a list of patients), up to three touches relative to each
 * appointment (3 days, 1 day, 2 hours before…) with their English and Spanish texts (merge
 * fields; the minimum-necessary guard and missing fields are checked as they type), "stop after
 * the patient confirms", and the per-patient caps across all campaigns (default 1 a day, 3 a
 * week). Saved as a draft; nothing is sent until the preview is approved.
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
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
import { wallClockToInstant } from '../../../../shared/time/wall-clock';
import { BUILT_IN_TEMPLATES, fieldsIn } from '../../../../shared/compose/templates';
import { scanForPhi } from '../../../../shared/compose/phi-guard';
import { countSegments } from '../../../../shared/sms/segments';
import { createCampaign, usePatientNameSearch, usePracticeDb, type Campaign, type NamedPatient } from '../../../data';
import { localDate } from '../../app/local-date';

const OFFSETS = [
  { label: '3 days before', minutes: -3 * 24 * 60 },
  { label: '2 days before', minutes: -2 * 24 * 60 },
  { label: '1 day before', minutes: -24 * 60 },
  { label: '4 hours before', minutes: -4 * 60 },
  { label: '2 hours before', minutes: -2 * 60 },
] as const;

const body = (id: string) => BUILT_IN_TEMPLATES.find((t) => t.id === id)?.body ?? '';
// YES confirms (the reply interpreter acts on it); never suggest CANCEL: it is an opt-out keyword.
const DEFAULT_EN = body('rem-appointment-en').replace('To reschedule, call', 'Reply YES to confirm. To change it, reply with a day that suits you or call');
const DEFAULT_ES = body('rem-appointment-es').replace('Si necesita cambiarla, llame', 'Responda SÍ para confirmar. Para cambiarla, responda con un día que le convenga o llame');

interface TouchDraft {
  minutes: number;
  en: string;
  es: string;
}

/** Problems with one text, in words (empty: fine). */
export function textProblems(text: string): string[] {
  const problems: string[] = [];
  if (!text.trim()) problems.push('Write the text.');
  const { unknown } = fieldsIn(text);
  if (unknown.length) problems.push(`Unknown merge field: ${unknown.map((u) => `{{${u}}}`).join(', ')}.`);
  if (scanForPhi(text).flagged) problems.push('It may contain health details: keep reminders to the date, time and how to reply.');
  if (!/\bSTOP\b/.test(text)) problems.push('Say how to opt out (Reply STOP…).');
  if (text.length > 1600) problems.push('Too long (1,600 characters at most).');
  return problems;
}

export function CampaignEditor({ staffId, timeZone, onClose, onSaved }: { staffId: string; timeZone: string; onClose: () => void; onSaved: (c: Campaign) => void }) {
  const db = usePracticeDb();
  const tomorrow = localDate(new Date(Date.now() + 86_400_000));
  const nextWeek = localDate(new Date(Date.now() + 8 * 86_400_000));
  const [name, setName] = useState('Next week’s reminders');
  const [from, setFrom] = useState(tomorrow);
  const [to, setTo] = useState(nextWeek);
  const [provider, setProvider] = useState('');
  const [location, setLocation] = useState('');
  const [appointmentType, setAppointmentType] = useState('');
  const [listed, setListed] = useState<NamedPatient[]>([]);
  const [query, setQuery] = useState('');
  const { matches } = usePatientNameSearch(query, 15);
  const [touches, setTouches] = useState<TouchDraft[]>([
    { minutes: -3 * 24 * 60, en: DEFAULT_EN, es: DEFAULT_ES },
    { minutes: -24 * 60, en: DEFAULT_EN, es: DEFAULT_ES },
  ]);
  const [stopAfterConfirm, setStopAfterConfirm] = useState(true);
  const [perDay, setPerDay] = useState('1');
  const [perWeek, setPerWeek] = useState('3');
  const [problems, setProblems] = useState<string[]>([]);

  const edit = (i: number, change: Partial<TouchDraft>) => setTouches((t) => t.map((x, j) => (j === i ? { ...x, ...change } : x)));

  const save = async () => {
    performance.mark('campaign:save'); // User Timing (read by bench:campaign; no data in it)
    const found: string[] = [];
    if (name.trim().length < 2) found.push('Give the campaign a name.');
    // From the first day's midnight to the midnight after the last day, in the practice's zone.
    const start = wallClockToInstant(from, timeZone);
    const endDay = /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) : '';
    const end = wallClockToInstant(endDay, timeZone);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) found.push('Choose the first and last day of appointments (the last on or after the first).');
    if (touches.length === 0) found.push('Add at least one reminder.');
    if (new Set(touches.map((t) => t.minutes)).size !== touches.length) found.push('Two reminders are at the same time.');
    touches.forEach((t, i) => {
      for (const p of textProblems(t.en)) found.push(`Reminder ${i + 1} (English): ${p}`);
      for (const p of textProblems(t.es)) found.push(`Reminder ${i + 1} (Spanish): ${p}`);
    });
    const day = Number(perDay);
    const week = Number(perWeek);
    if (!Number.isInteger(day) || day < 1 || day > 5 || !Number.isInteger(week) || week < day || week > 20) found.push('Caps: 1 to 5 a day, and a weekly cap at least the daily one (at most 20).');
    setProblems(found);
    if (found.length || !db) return;
    const campaign = await createCampaign(db, {
      name: name.trim().slice(0, 120),
      audience: { from: start, to: end, provider: provider.trim(), location: location.trim(), appointmentType: appointmentType.trim(), patientIds: listed.map((p) => p.id) },
      touches: [...touches].sort((a, b) => a.minutes - b.minutes).map((t) => ({ offsetMinutes: t.minutes, templateEn: t.en, templateEs: t.es })),
      stopAfterConfirm,
      perDay: day,
      perWeek: week,
      createdBy: staffId,
    });
    performance.measure('campaign:save', 'campaign:save');
    onSaved(campaign);
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="campaign-editor-title" maxWidth="md" fullWidth>
      <DialogTitle id="campaign-editor-title">New reminder campaign</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          <TextField label="Appointments from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField label="Appointments until" type="date" value={to} onChange={(e) => setTo(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField label="Only provider (optional)" value={provider} onChange={(e) => setProvider(e.target.value)} autoComplete="off" />
          <TextField label="Only location (optional)" value={location} onChange={(e) => setLocation(e.target.value)} autoComplete="off" />
          <TextField label="Only appointment type (optional)" value={appointmentType} onChange={(e) => setAppointmentType(e.target.value)} autoComplete="off" />
        </Box>
        <Autocomplete
          multiple
          options={matches}
          value={listed}
          filterOptions={(x) => x}
          getOptionLabel={(p) => `${p.familyName}, ${p.givenName}${p.dateOfBirth ? ` (${p.dateOfBirth})` : ''}`}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          onChange={(_e, value) => setListed(value.slice(0, 5000))}
          onInputChange={(_e, value) => setQuery(value)}
          renderInput={(params) => <TextField {...params} label="Only these patients (optional)" helperText="A patient list: only their appointments in the dates above. Leave empty for everyone." />}
        />
        {touches.map((t, i) => (
          <Box key={i} sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 1.5, display: 'flex', flexDirection: 'column', gap: 1 }} data-testid="campaign-touch">
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <TextField select size="small" label={`Reminder ${i + 1}`} value={t.minutes} onChange={(e) => edit(i, { minutes: Number(e.target.value) })} sx={{ minWidth: 200 }}>
                {OFFSETS.map((o) => (
                  <MenuItem key={o.minutes} value={o.minutes}>
                    {o.label}
                  </MenuItem>
                ))}
              </TextField>
              <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
                {countSegments(t.en).segments} text(s) in English · {countSegments(t.es).segments} in Spanish
              </Typography>
              {touches.length > 1 ? (
                <Button size="small" onClick={() => setTouches((all) => all.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              ) : null}
            </Box>
            <TextField label="English text" value={t.en} onChange={(e) => edit(i, { en: e.target.value })} multiline minRows={2} autoComplete="off" />
            <TextField label="Spanish text" value={t.es} onChange={(e) => edit(i, { es: e.target.value })} multiline minRows={2} autoComplete="off" />
          </Box>
        ))}
        {touches.length < 3 ? (
          <Button size="small" sx={{ alignSelf: 'flex-start' }} onClick={() => setTouches((all) => [...all, { minutes: -2 * 60, en: DEFAULT_EN, es: DEFAULT_ES }])}>
            Add a reminder
          </Button>
        ) : null}
        <FormControlLabel control={<Checkbox checked={stopAfterConfirm} onChange={(e) => setStopAfterConfirm(e.target.checked)} />} label="Stop reminding a patient once they confirm" />
        <Box sx={{ display: 'flex', gap: 2 }}>
          <TextField label="At most texts a day per patient" value={perDay} onChange={(e) => setPerDay(e.target.value)} inputMode="numeric" helperText="Across all campaigns" />
          <TextField label="At most texts a week per patient" value={perWeek} onChange={(e) => setPerWeek(e.target.value)} inputMode="numeric" helperText="Any 7 days" />
        </Box>
        {problems.length ? (
          <Alert severity="error" data-testid="campaign-problems">
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Save draft
        </Button>
      </DialogActions>
    </Dialog>
  );
}
