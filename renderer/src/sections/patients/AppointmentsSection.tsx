/**
 * A patient's upcoming appointments on their page: add one by hand (date, time, length,
 * provider), and schedule its text reminder — the appointment-reminder template in the
 * patient's language, due 24 hours before (or now) until an hour before, checked against the
 * appointment-reminder consent, the number's provenance and the patient's texting preference
 * before it is queued (R17, R18, R21). Main then holds it: quiet hours and caps defer it, an
 * opt-out cancels it even while the screens are locked (R24), and its state shows here.
 * Cancelling an appointment withdraws its waiting reminders, one-off and campaign alike.
 */
import { useCallback, useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { BUILT_IN_TEMPLATES, renderTemplate } from '../../../../shared/compose/templates';
import type { OutboxEntryView } from '../../../../shared/ipc/channels/sync';
import { automatedSendPermission } from '../../../../shared/inbox/send-permission';
import { formatUsPhone } from '../../../../shared/phone/us-phone';
import { reminderWindow } from '../../../../shared/reminders/reminder-window';
import { addAppointments, appointmentsForPatient, consentStateForPhone, setAppointmentStatus, usePracticeDb, type Appointment, type Patient } from '../../../data';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { usePracticeSettings } from '../inbox/inbox-hooks';
import { appointmentMergeValues } from '../../../../shared/compose/appointment-merge';

const REMINDER_STATE: Readonly<Record<OutboxEntryView['state'], string>> = {
  queued: 'Reminder waiting',
  sending: 'Reminder sending',
  accepted: 'Reminder sending',
  sent: 'Reminder sent',
  delivered: 'Reminder delivered',
  undelivered: 'Reminder not delivered',
  failed: 'Reminder failed',
  cancelled: 'Reminder cancelled',
  refused: 'Reminder not sent',
};

function reminderLabel(e: OutboxEntryView, zone: string): string {
  if (e.state === 'cancelled' && e.errorCode === 'CONSENT_REVOKED') return 'Reminder cancelled: the patient opted out';
  if (e.state === 'queued' && e.notBefore) return `Reminder waiting to go ${format(new TZDate(Math.max(Date.parse(e.notBefore), Date.now()), zone), 'EEE d MMM, h:mm a')}`;
  return REMINDER_STATE[e.state] + (e.errorText ? `: ${e.errorText}` : '');
}

export function AppointmentsSection({ patient }: { patient: Patient }) {
  const db = usePracticeDb();
  const settings = usePracticeSettings();
  const zone = settings?.practice.timeZone ?? 'America/New_York';
  const [appointments, setAppointments] = useState<Appointment[]>([]);
  const [reminders, setReminders] = useState<Map<string, OutboxEntryView>>(new Map());
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    if (!db) return;
    setAppointments((await appointmentsForPatient(db, patient.id, Date.now() - 86_400_000)).filter((a) => a.status === 'booked' || a.status === 'confirmed'));
    const listed = await call(() => carerelay().outbox.list({ limit: 500, offset: 0 }));
    if (listed.ok) {
      const byAppointment = new Map<string, OutboxEntryView>();
      // Newest first: the latest reminder per appointment wins.
      for (const e of listed.value.entries) {
        const id = e.origin.kind === 'appointment' ? e.origin.refs.appointment : undefined;
        if (id && !byAppointment.has(id)) byAppointment.set(id, e);
      }
      setReminders(byAppointment);
    }
  }, [db, patient.id]);
  useEffect(() => {
    void load();
    const off = carerelay().outbox.onChanged(() => void load());
    return off;
  }, [load]);

  const schedule = async (a: Appointment) => {
    setProblem(null);
    if (!db || !settings) return;
    const consent = await consentStateForPhone(db, patient.phone, 'appointment-reminders');
    const permission = automatedSendPermission({
      consent,
      patient: { textingPreference: patient.textingPreference, phoneSource: patient.phoneSource, numberIsTheirs: true },
      purposeLabel: 'appointment reminders',
    });
    if (permission.kind === 'refused') return setProblem(permission.message);
    const window = reminderWindow(a.startsAt, Date.now());
    if (!window) return setProblem('Not scheduled: the appointment is less than an hour away (or has passed); call the patient instead.');
    const template = BUILT_IN_TEMPLATES.find((t) => t.id === `rem-appointment-${patient.preferredLanguage}`)!;
    const rendered = renderTemplate(template.body, {
      firstName: patient.givenName,
      practiceName: settings.practice.name,
      practicePhone: formatUsPhone(settings.practice.phone),
      ...appointmentMergeValues(a.startsAt, zone, patient.preferredLanguage),
    });
    if (rendered.missing.length) return setProblem('Not scheduled: the reminder text is missing some details.');
    const r = await call(() =>
      carerelay().outbox.queueReminder({
        to: patient.phone,
        body: rendered.text,
        appointmentId: a.id,
        patientId: patient.id,
        notBefore: new Date(window.notBefore).toISOString(),
        notAfter: new Date(window.notAfter).toISOString(),
        recipientTimeZone: patient.timeZone ?? a.timeZone,
        ...(patient.addressState ? { recipientStates: [patient.addressState.toUpperCase()] } : {}),
        // R17: main sends only inside the patient's preferred contact hours.
        ...(patient.contactWindow ? { contactWindow: { startMinute: patient.contactWindow.startMinute, endMinute: patient.contactWindow.endMinute } } : {}),
      }),
    );
    if (!r.ok) return setProblem(r.error.message);
    await load();
  };

  /** Cancelling withdraws every reminder still waiting for it (one-off or campaign). */
  const cancel = async (a: Appointment) => {
    if (!db) return;
    await setAppointmentStatus(db, a.id, 'cancelled');
    const r = await call(() => carerelay().outbox.withdraw({ appointmentId: a.id, reason: 'cancelled' }));
    if (!r.ok) setProblem(`Cancelled here, but its waiting reminders could not be withdrawn: ${r.error.message}`);
    await load();
  };

  return (
    <Box>
      <Typography variant="h3" sx={{ fontSize: '1.0625rem', mb: 1 }}>
        Upcoming appointments
      </Typography>
      {appointments.length === 0 ? (
        <Typography color="text.secondary">No upcoming appointments.</Typography>
      ) : (
        <Table size="small" aria-label="Upcoming appointments" data-testid="appointments">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>With</TableCell>
              <TableCell>Text reminder</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {appointments.map((a) => {
              const reminder = reminders.get(a.id);
              return (
                <TableRow key={a.id} data-testid="appointment-row">
                  <TableCell>{format(new TZDate(a.startsAt, zone), 'EEE d MMM yyyy, h:mm a')}</TableCell>
                  <TableCell>{a.provider ?? '—'}</TableCell>
                  <TableCell>
                    {reminder ? (
                      <Chip size="small" variant="outlined" data-testid="reminder-state" color={reminder.state === 'cancelled' || reminder.state === 'refused' || reminder.state === 'failed' ? 'error' : 'default'} label={reminderLabel(reminder, zone)} />
                    ) : (
                      <Button size="small" variant="outlined" onClick={() => void schedule(a)}>
                        Schedule a text reminder
                      </Button>
                    )}
                    <Button size="small" color="error" onClick={() => void cancel(a)} sx={{ ml: 1 }}>
                      Cancel appointment
                    </Button>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {problem ? (
        <Alert severity="warning" sx={{ mt: 1 }} data-testid="reminder-problem">
          {problem}
        </Alert>
      ) : null}
      <Button size="small" sx={{ mt: 1 }} onClick={() => setAdding(true)}>
        Add an appointment
      </Button>
      {adding ? (
        <AddAppointmentDialog
          zone={zone}
          onClose={() => setAdding(false)}
          onAdd={async (startsAt, durationMinutes, provider) => {
            if (!db) return;
            await addAppointments(db, [{ patientId: patient.id, startsAt, durationMinutes, timeZone: zone, status: 'booked', source: 'manual', ...(provider ? { provider } : {}) }]);
            setAdding(false);
            await load();
          }}
        />
      ) : null}
    </Box>
  );
}

function AddAppointmentDialog({ zone, onClose, onAdd }: { zone: string; onClose: () => void; onAdd: (startsAt: number, minutes: number, provider: string) => Promise<void> }) {
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [minutes, setMinutes] = useState('20');
  const [provider, setProvider] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = async () => {
    const [y, m, d] = date.split('-').map(Number);
    const [hh, mm] = time.split(':').map(Number);
    const length = Number(minutes);
    if (!y || !m || !d || hh === undefined || mm === undefined || Number.isNaN(hh) || Number.isNaN(mm)) return setProblem('Enter the date and time of the appointment.');
    if (!Number.isInteger(length) || length < 5 || length > 480) return setProblem('The length is in minutes, from 5 to 480.');
    // The time typed is the practice's local time.
    const startsAt = new TZDate(y, m - 1, d, hh, mm, zone).getTime();
    if (startsAt <= Date.now()) return setProblem('That time has passed. Enter an upcoming appointment.');
    await onAdd(startsAt, length, provider.trim().slice(0, 200));
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="appointment-title" maxWidth="xs" fullWidth>
      <DialogTitle id="appointment-title">Add an appointment</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField label="Date" type="date" value={date} onChange={(e) => (setDate(e.target.value), setProblem(null))} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField label="Time" type="time" value={time} onChange={(e) => (setTime(e.target.value), setProblem(null))} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField label="Length (minutes)" value={minutes} onChange={(e) => (setMinutes(e.target.value), setProblem(null))} inputMode="numeric" />
        <TextField label="With (optional)" value={provider} onChange={(e) => setProvider(e.target.value)} autoComplete="off" />
        {problem ? <Alert severity="error">{problem}</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()}>
          Add
        </Button>
      </DialogActions>
    </Dialog>
  );
}
