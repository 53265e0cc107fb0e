/**
 * Starting a conversation: pick a patient by name or type a number (normalised with
 * libphonenumber-js; invalid numbers are refused and landlines, toll-free and premium numbers
 * flagged, each message cleared as soon as the number is edited). What is typed is kept as this
 * person's encrypted New text draft. Sending clears only what was sent: text typed while the
 * previous message was still sending stays.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { MergeValues } from '../../../../shared/compose/templates';
import { checkTextingNumber, type TextingNumberCheck } from '../../../../shared/phone/texting-number';
import { findPatientsByPhone, getDraft, getPatient, NEW_TEXT_DRAFT, saveDraft, usePatientIndex, usePracticeDb, type NamedPatient, type Patient } from '../../../data';
import { SafeLabel } from '../../components/SafeText';
import { ComposeBox } from './ComposeBox';
import { formatPhone } from './delivery-labels';
import { usePracticeSettings } from './inbox-hooks';
import { mergeValuesFor } from './merge-values';
import { useSendFlow } from './use-send-flow';

const SAVE_AFTER_MS = 400;

export function NewTextPanel({ staffId, training, onSent, onCancel, sendRef }: { staffId: string; training: boolean; onSent: (conversationId: string) => void; onCancel: () => void; sendRef: React.RefObject<(() => void) | null> }) {
  const db = usePracticeDb();
  const { ready, index, version } = usePatientIndex();
  const settings = usePracticeSettings();
  const { send, dialogs } = useSendFlow(staffId);
  const [to, setTo] = useState('');
  const [patient, setPatient] = useState<Patient | null>(null);
  const [text, setText] = useState('');
  const [numberCheck, setNumberCheck] = useState<TextingNumberCheck | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [mergeValues, setMergeValues] = useState<MergeValues>({});
  const textRef = useRef<HTMLTextAreaElement>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef({ text, to });
  latest.current = { text, to };

  useEffect(() => {
    if (!db) return;
    let live = true;
    void getDraft(db, staffId, NEW_TEXT_DRAFT).then((d) => {
      if (!live || !d) return;
      setText((t) => t || d.text);
      setTo((t) => t || (d.to ?? ''));
    });
    return () => {
      live = false;
    };
  }, [db, staffId]);
  const persist = () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = null;
    if (db) void saveDraft(db, staffId, NEW_TEXT_DRAFT, latest.current).catch(() => undefined);
  };
  const persistRef = useRef(persist);
  persistRef.current = persist;
  useEffect(() => () => persistRef.current(), []);
  const schedule = () => {
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => persistRef.current(), SAVE_AFTER_MS);
  };

  useEffect(() => {
    let live = true;
    void mergeValuesFor(db, patient, settings).then((v) => live && setMergeValues(v));
    return () => {
      live = false;
    };
  }, [db, patient, settings]);

  const suggestions = useMemo<NamedPatient[]>(() => {
    if (!index || !ready || patient || !to.trim()) return [];
    const digits = to.replace(/\D/g, '');
    return /[a-z]/i.test(to) ? index.search(to, 6) : digits.length >= 3 ? index.searchDigits(digits, 6) : [];
  }, [index, ready, version, to, patient]);

  const choose = async (p: NamedPatient) => {
    if (!db) return;
    const full = await getPatient(db, p.id);
    setPatient(full);
    setTo(full ? formatPhone(full.phone) : '');
    setNumberCheck(null);
    setProblem(null);
    schedule();
    textRef.current?.focus();
  };

  const editTo = (value: string) => {
    setTo(value.slice(0, 80));
    setPatient(null);
    setNumberCheck(null);
    setProblem(null);
    schedule();
  };

  const onSend = async () => {
    const check = checkTextingNumber(to, { knownLandline: patient?.phoneType === 'landline' });
    setNumberCheck(check);
    if (!check.e164) return;
    let who = patient;
    if (!who && db) who = (await findPatientsByPhone(db, check.e164))[0] ?? null;
    const sentText = text;
    setBusy(true);
    setProblem(null);
    const outcome = await send({ to: check.e164, text: sentText, patient: who });
    setBusy(false);
    if (!outcome.sent) {
      if (outcome.problem) setProblem(outcome.problem);
      return;
    }
    const typedSince = latest.current.text !== sentText;
    if (typedSince) {
      // The receptionist is already writing the next one: keep it, clear the recipient.
      setTo('');
      setPatient(null);
      schedule();
      return;
    }
    setText('');
    setTo('');
    latest.current = { text: '', to: '' };
    persist();
    onSent(outcome.conversationId);
  };
  sendRef.current = () => void onSend();

  return (
    <Box component="section" aria-labelledby="new-text-title" sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }} data-testid="new-text">
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <Typography id="new-text-title" variant="h2" sx={{ fontSize: '1.25rem', flex: 1 }}>
          New text
        </Typography>
        <Button onClick={onCancel}>Back to the conversation</Button>
      </Box>
      {training ? (
        <Typography variant="body2" color="text.secondary">
          Training mode: simulated patients answer on (202) 555-0101 to (202) 555-0112. Add them with “Add training patients” on the Patients page.
        </Typography>
      ) : null}
      <Box component="form" autoComplete="off" onSubmit={(e) => e.preventDefault()} sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
        <TextField
          label="To: patient name or mobile number"
          value={to}
          onChange={(e) => editTo(e.target.value)}
          onBlur={() => to.trim() && !patient && setNumberCheck(/[a-z]/i.test(to) ? null : checkTextingNumber(to))}
          autoComplete="off"
          autoFocus
          error={Boolean(numberCheck?.problem)}
          helperText={
            patient ? (
              <>
                Texting <SafeLabel text={`${patient.givenName} ${patient.familyName}`} />
                {patient.dateOfBirth ? `, born ${patient.dateOfBirth}` : ''}
              </>
            ) : (
              numberCheck?.problem?.message ?? numberCheck?.warning?.message ?? 'Type a name to find a patient, or a 10-digit US mobile number.'
            )
          }
          slotProps={{ htmlInput: { 'data-testid': 'new-text-to' } }}
        />
        {suggestions.length > 0 ? (
          <List dense aria-label="Matching patients" sx={{ border: 1, borderColor: 'divider', borderRadius: 2, py: 0 }}>
            {suggestions.map((p) => (
              <ListItemButton key={p.id} onClick={() => void choose(p)}>
                <ListItemText primary={<SafeLabel text={`${p.givenName} ${p.familyName}`} />} secondary={[p.dateOfBirth ? `Born ${p.dateOfBirth}` : '', p.phone ? formatPhone(p.phone) : ''].filter(Boolean).join(' · ')} />
              </ListItemButton>
            ))}
          </List>
        ) : null}
        {numberCheck?.warning && !numberCheck.problem ? <Alert severity="warning">{numberCheck.warning.message}</Alert> : null}
        <ComposeBox
          label="Message"
          value={text}
          onChange={(next) => {
            setText(next);
            setProblem(null);
            schedule();
          }}
          onSend={() => void onSend()}
          busy={busy}
          mergeValues={mergeValues}
          language={patient?.preferredLanguage ?? 'en'}
          inputRef={textRef}
          minRows={3}
          problem={problem ? <Alert severity="error" data-testid="send-problem">{problem}</Alert> : null}
        />
      </Box>
      {dialogs}
    </Box>
  );
}
