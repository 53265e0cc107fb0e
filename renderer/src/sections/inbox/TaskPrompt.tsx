/**
 * A staff task on the patient's text that created it (a reply to a reminder asking to
 * reschedule, a question, or an answer CareRelay could not read confidently): what the patient
 * seems to want and which appointment it is about, with the actions that finish it — move the
 * appointment to a new time, confirm it, cancel it, or mark the task done. Moving, confirming or
 * cancelling withdraws the reminders still waiting for the old time (audited in main). A done
 * task shows who finished it and how.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { wallClockToInstant } from '../../../../shared/time/wall-clock';
import { finishTask, getAppointment, moveAppointment, setAppointmentStatus, usePracticeDb, type Appointment, type Task } from '../../../data';
import { useStaffName } from '../../app/staff-directory';
import { SafeLabel } from '../../components/SafeText';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';

const ASKS: Readonly<Record<Task['kind'], string>> = {
  reschedule: 'The patient asks to move their appointment',
  question: 'The patient asked a question about their appointment',
  unclear: 'CareRelay could not tell what this reply means for the appointment',
};

const OUTCOME: Readonly<Record<Exclude<Task['outcome'], ''>, string>> = {
  moved: 'appointment moved',
  cancelled: 'appointment cancelled',
  confirmed: 'appointment confirmed',
  answered: 'answered',
  'no-action': 'nothing needed',
};

export function TaskPrompt({ task, staffId, practiceZone }: { task: Task; staffId: string; practiceZone: string }) {
  const db = usePracticeDb();
  const staffName = useStaffName();
  const [appointment, setAppointment] = useState<Appointment | null>(null);
  const [moving, setMoving] = useState(false);
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!db || !task.appointmentId) return;
    let live = true;
    void getAppointment(db, task.appointmentId).then((a) => live && setAppointment(a));
    return () => {
      live = false;
    };
  }, [db, task.appointmentId, task.updatedAt]);

  const zone = appointment?.timeZone || practiceZone;
  const when = appointment ? `${format(new TZDate(appointment.startsAt, zone), 'EEE d MMM, h:mm a')}${appointment.provider ? ` with ${appointment.provider}` : ''}` : null;

  if (task.state === 'done') {
    return (
      <Typography variant="caption" color="text.secondary" component="p" data-testid="task-done">
        Task done by <SafeLabel text={task.doneBy === staffId ? 'you' : staffName(task.doneBy)} />: {OUTCOME[task.outcome as Exclude<Task['outcome'], ''>] ?? 'done'}.
      </Typography>
    );
  }

  /** Changes the appointment (if any), withdraws what waits for the old time, and finishes the task. */
  const act = async (outcome: Exclude<Task['outcome'], ''>, change?: () => Promise<boolean>) => {
    if (!db) return;
    setBusy(true);
    setProblem(null);
    try {
      if (change && appointment) {
        if (!(await change())) return setProblem('That appointment is no longer here.');
        const reason = outcome === 'moved' ? 'rescheduled' : outcome === 'cancelled' ? 'cancelled' : 'confirmed';
        const r = await call(() => carerelay().outbox.withdraw({ appointmentId: appointment.id, reason }));
        // The task stays open until the old reminders are withdrawn: otherwise they would still go.
        if (!r.ok) return setProblem(`Changed here, but its waiting reminders could not be withdrawn (${r.error.message}). Try again.`);
      }
      await finishTask(db, task.id, staffId, outcome);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : 'That could not be saved. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const move = () => {
    if (!appointment) return;
    const at = wallClockToInstant(day, zone, time);
    if (!Number.isFinite(at)) return setProblem('Choose the new day and time.');
    if (at <= Date.now()) return setProblem('The new time is in the past.');
    void act('moved', () => moveAppointment(db!, appointment.id, at));
  };

  return (
    <Alert
      severity="info"
      sx={{ mt: 1 }}
      data-testid="task-prompt"
      action={
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, justifyContent: 'flex-end' }}>
          {appointment && appointment.status !== 'cancelled' ? (
            <>
              <Button color="inherit" size="small" disabled={busy} onClick={() => setMoving((m) => !m)}>
                Move appointment
              </Button>
              <Button color="inherit" size="small" disabled={busy} onClick={() => void act('confirmed', () => setAppointmentStatus(db!, appointment.id, 'confirmed'))}>
                Confirm it
              </Button>
              <Button color="inherit" size="small" disabled={busy} onClick={() => void act('cancelled', () => setAppointmentStatus(db!, appointment.id, 'cancelled'))}>
                Cancel it
              </Button>
            </>
          ) : null}
          <Button color="inherit" size="small" disabled={busy} onClick={() => void act(task.kind === 'question' ? 'answered' : 'no-action')}>
            Done
          </Button>
        </Box>
      }
    >
      <strong>Task:</strong> {ASKS[task.kind]}
      {when ? (
        <>
          {' '}
          (<SafeLabel text={when} />)
        </>
      ) : null}
      .{task.kind === 'reschedule' ? ' Offer a new time, then move it here and in the practice system.' : task.kind === 'question' ? ' Answer them, then mark it done.' : ' Read it and act, or mark it done.'}
      {moving && appointment ? (
        <Box sx={{ display: 'flex', gap: 1, mt: 1, alignItems: 'center', flexWrap: 'wrap' }} data-testid="task-move">
          <TextField size="small" type="date" label="New day" value={day} onChange={(e) => setDay(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField size="small" type="time" label="New time" value={time} onChange={(e) => setTime(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
          <Button size="small" variant="contained" disabled={busy} onClick={move}>
            Move
          </Button>
        </Box>
      ) : null}
      {problem ? (
        <Typography variant="body2" color="error" role="alert">
          {problem}
        </Typography>
      ) : null}
    </Alert>
  );
}
