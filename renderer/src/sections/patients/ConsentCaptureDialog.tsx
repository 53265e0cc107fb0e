/**
 * Recording a patient's consent to be texted at the front desk (R31): the disclosure in the
 * patient's language (practice name, purposes, frequency, rates, STOP/HELP), each purpose its own
 * unticked box, how the patient agreed, marketing only in writing (R32), and the patient's
 * signature for an in-person electronic capture (stored encrypted with each event). One grant
 * event per ticked purpose, under the form version and the disclosure codes shown; then main
 * lifts an earlier opt-out when the consent is documentary (R27) and texts the patient the one
 * opt-in confirmation for programmes new to them (R30).
 */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  CAPTURE_PURPOSES,
  checkConsentCapture,
  CONSENT_FORM_VERSION,
  consentDisclosures,
  purposeText,
  WRITTEN_METHODS,
  type CaptureMethod,
  type CapturePurpose,
} from '../../../../shared/consent/disclosures';
import { consentStateForPhone, recordConsentEvent, usePracticeDb, type Patient } from '../../../data';
import { applyGrant } from '../../consent/consent-effects';
import { usePracticeSettings } from '../inbox/inbox-hooks';
import { SignaturePad } from './SignaturePad';

const METHOD_LABELS: Readonly<Record<CaptureMethod, string>> = {
  'electronic-form': 'In person, signed here',
  'paper-form': 'Signed a paper form',
  verbal: 'Said yes at the desk (not written)',
  'phone-call': 'On a phone call (not written)',
  'patient-portal': 'Through the patient portal',
  email: 'By e-mail',
};

export function ConsentCaptureDialog({ patient, staffId, onClose, onSaved }: { patient: Patient; staffId: string; onClose: () => void; onSaved: (notice?: string) => void }) {
  const db = usePracticeDb();
  const settings = usePracticeSettings();
  const [language, setLanguage] = useState<'en' | 'es'>(patient.preferredLanguage);
  const [purposes, setPurposes] = useState<ReadonlySet<CapturePurpose>>(new Set());
  const [method, setMethod] = useState<CaptureMethod>('electronic-form');
  const [signature, setSignature] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const chosen = CAPTURE_PURPOSES.filter((p) => purposes.has(p));
  const disclosure = consentDisclosures(settings?.practice.name ?? 'The practice', chosen, language);

  const toggle = (p: CapturePurpose) =>
    setPurposes((current) => {
      const next = new Set(current);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });

  const save = async () => {
    const found = checkConsentCapture({ purposes: chosen, method, signature, disclosuresShown: shown });
    setProblems(found);
    if (found.length || !db) return;
    setBusy(true);
    try {
      const at = Date.now();
      // R30: a programme the number was not already signed up to gets the one confirmation text.
      const fresh: CapturePurpose[] = [];
      for (const purpose of chosen) if ((await consentStateForPhone(db, patient.phone, purpose)).state !== 'granted') fresh.push(purpose);
      const ids: string[] = [];
      for (const purpose of chosen) {
        const event = await recordConsentEvent(db, {
          phone: patient.phone,
          patientId: patient.id,
          purpose,
          action: 'grant',
          method,
          formVersion: `${CONSENT_FORM_VERSION}-${language}`,
          disclosures: disclosure.map((l) => l.code),
          staffId,
          at,
          ...(method === 'electronic-form' && signature ? { signature } : {}),
        });
        ids.push(event.id);
      }
      const applied = await applyGrant({
        phone: patient.phone,
        consentEventId: ids[0]!,
        method,
        purposes: fresh,
        language,
        sendConfirmation: fresh.some((p) => p !== 'marketing') && patient.textingPreference !== 'none',
      });
      onSaved(applied.ok ? undefined : applied.message);
    } catch (error) {
      setProblems([error instanceof Error ? error.message : 'The consent could not be recorded.']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="consent-title" maxWidth="md" fullWidth>
      <DialogTitle id="consent-title">Consent to be texted</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2, pt: '8px !important' }}>
        <TextField select size="small" label="Show it in" value={language} onChange={(e) => setLanguage(e.target.value as 'en' | 'es')} sx={{ maxWidth: 240 }}>
          <MenuItem value="en">English</MenuItem>
          <MenuItem value="es">Spanish</MenuItem>
        </TextField>
        <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
          <Typography component="legend" variant="body2" sx={{ mb: 0.5, fontWeight: 600 }}>
            The patient agrees to texts for (each one separately)
          </Typography>
          <FormGroup>
            {CAPTURE_PURPOSES.map((p) => (
              <FormControlLabel
                key={p}
                control={<Checkbox checked={purposes.has(p)} onChange={() => toggle(p)} />}
                label={purposeText(p, language) + (p === 'marketing' && !WRITTEN_METHODS.has(method) ? ' — needs written consent' : '')}
                disabled={p === 'marketing' && !WRITTEN_METHODS.has(method)}
              />
            ))}
          </FormGroup>
        </Box>
        <Alert severity="info" icon={false} data-testid="consent-disclosure" lang={language}>
          {disclosure.map((l) => (
            <Typography key={l.code} variant="body2">
              {l.text}
            </Typography>
          ))}
        </Alert>
        <FormControlLabel control={<Checkbox checked={shown} onChange={(e) => setShown(e.target.checked)} />} label="The patient was shown or read this text" />
        <TextField select size="small" label="How the patient agreed" value={method} onChange={(e) => {
            setMethod(e.target.value as CaptureMethod);
            // The pad starts empty again: never keep a signature nobody can see.
            setSignature(null);
          }} sx={{ maxWidth: 360 }}>
          {Object.entries(METHOD_LABELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
        {method === 'electronic-form' ? <SignaturePad onChange={setSignature} /> : null}
        {problems.length ? (
          <Alert severity="error" data-testid="consent-problems">
            {problems.join(' ')}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={busy} onClick={() => void save()}>
          Record consent
        </Button>
      </DialogActions>
    </Dialog>
  );
}
