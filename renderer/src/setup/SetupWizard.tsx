/**
 * First run: "Set up this practice". It cannot be skipped: until a practice exists the gate shows
 * nothing else. Steps: the practice (name, time zone, phone number), the first administrator
 * (full name, username, password with a strength meter), the authenticator (QR code, key as
 * text, 6-digit code; "Create practice" sets everything up in main), and finally the recovery
 * codes and the emergency-access code, shown once, acknowledged before "Continue to sign in".
 * Loaded only on a computer that has no practice yet.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Enrolment } from '../../../shared/ipc';
import { PhoneField } from '../components/PhoneField';
import { useCall } from '../platform/use-call';
import { carerelay } from '../platform/carerelay';
import { AuthLayout, FieldStack } from '../session/AuthLayout';
import { CodeField, SIX_DIGITS } from '../session/CodeField';
import { EnrolmentPanel } from '../session/EnrolmentPanel';
import { PasswordFields, passwordsReady } from '../session/PasswordFields';
import { RecoveryCodes } from '../session/RecoveryCodes';
import { StaffIdentityFields } from '../session/StaffIdentityFields';
import { fullNameReady, normaliseUsPhone, usernameProblem } from '../session/validation';
import { browserTimeZone, suggestedPracticeZone, zoneLabel } from './time-zones';
import { TimeZoneField } from './TimeZoneField';

const STEPS = ['Practice', 'First administrator', 'Authenticator', 'Recovery codes'] as const;
const STEP_TITLES = [
  'About the practice',
  'The first administrator',
  'Set up two-step sign-in',
  'Save the recovery codes',
] as const;

interface Created {
  recoveryCodes: string[];
  emergencyCode: string;
}

export interface SetupWizardProps {
  refresh: () => void;
  onHold: (hold: boolean) => void;
}

export default function SetupWizard({ refresh, onHold }: SetupWizardProps) {
  const [step, setStep] = useState(0);
  const [tried, setTried] = useState(false);
  const { busy, error, setError, run } = useCall();

  const [practiceName, setPracticeName] = useState('');
  // Asked, never assumed: this computer's zone (often UTC) is only offered as a suggestion.
  const [timeZone, setTimeZone] = useState('');
  const suggestion = suggestedPracticeZone(browserTimeZone());
  const [phone, setPhone] = useState('');

  const [fullName, setFullName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');

  const [enrolment, setEnrolment] = useState<{ value: Enrolment; for: string } | null>(null);
  const [code, setCode] = useState('');
  const [created, setCreated] = useState<Created | null>(null);

  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    stepHeading.current?.focus();
  }, [step]);

  const go = (next: number) => {
    setTried(false);
    setError(null);
    setStep(next);
  };

  const nameOk = practiceName.trim().length >= 2;
  const phoneE164 = normaliseUsPhone(phone);

  const submitPractice = () => {
    setTried(true);
    if (!nameOk || !timeZone || !phoneE164) {
      setError('Check the fields marked below.');
      return;
    }
    go(1);
  };

  const submitAdmin = async () => {
    setTried(true);
    if (!fullNameReady(fullName) || usernameProblem(username) || !passwordsReady(password, confirm, username)) {
      setError('Check the fields marked below.');
      return;
    }
    const who = `${username.trim()}\n${fullName.trim()}`;
    if (enrolment && enrolment.for === who) {
      go(2);
      return;
    }
    const result = await run(() => carerelay().setup.startEnrolment({ username: username.trim(), fullName: fullName.trim() }));
    if (!result.ok) return;
    setEnrolment({ value: result.value, for: who });
    setCode('');
    go(2);
  };

  const submitCreate = async () => {
    setTried(true);
    if (!enrolment) return;
    if (!SIX_DIGITS.test(code)) {
      setError('Enter the 6-digit code your authenticator app shows.');
      return;
    }
    if (!phoneE164) return;
    // Main moves the session on as soon as the practice exists; keep the wizard on show until
    // the administrator has seen the codes.
    onHold(true);
    const result = await run(() =>
      carerelay().setup.createPractice({
        practice: { name: practiceName.trim(), timeZone, phone: phoneE164 },
        admin: { fullName: fullName.trim(), username: username.trim(), password },
        enrolmentId: enrolment.value.enrolmentId,
        code,
      }),
    );
    if (!result.ok) {
      onHold(false);
      setCode('');
      return;
    }
    // The password and the enrolment secret are no longer needed anywhere on this screen.
    setPassword('');
    setConfirm('');
    setEnrolment(null);
    setCreated({ recoveryCodes: result.value.recoveryCodes, emergencyCode: result.value.emergencyCode });
    go(3);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (step === 0) submitPractice();
    else if (step === 1) void submitAdmin();
    else if (step === 2) void submitCreate();
  };

  return (
    <AuthLayout
      title="Set up this practice"
      lead="CareRelay needs a few details about the practice and its first administrator before anyone can use it."
      wide
    >
      <Stepper activeStep={step} alternativeLabel sx={{ mb: 4 }}>
        {STEPS.map((label) => (
          <Step key={label}>
            <StepLabel>{label}</StepLabel>
          </Step>
        ))}
      </Stepper>
      <Typography variant="h2" ref={stepHeading} tabIndex={-1} sx={{ mb: 2 }}>
        Step {step + 1} of {STEPS.length}: {STEP_TITLES[step]}
      </Typography>

      {step === 3 && created ? (
        <RecoveryCodes
          recoveryCodes={created.recoveryCodes}
          emergencyCode={created.emergencyCode}
          headingLevel="h3"
          intro={
            <Typography>
              The practice is set up and {fullName.trim()} is its administrator. Next, sign in with the username,
              password and authenticator app you just set up.
            </Typography>
          }
          continueLabel="Continue to sign in"
          onContinue={() => {
            onHold(false);
            refresh();
          }}
        />
      ) : (
        <form onSubmit={onSubmit} noValidate autoComplete="off">
          <FieldStack>
            {error ? <Alert severity="error">{error}</Alert> : null}

            {step === 0 ? (
              <>
                <TextField
                  label="Practice name"
                  value={practiceName}
                  onChange={(e) => setPracticeName(e.target.value.slice(0, 120))}
                  fullWidth
                  autoFocus
                  autoComplete="off"
                  error={tried && !nameOk}
                  helperText={tried && !nameOk ? 'Enter the practice’s name (at least 2 characters).' : 'As patients know it, for example “Lakeside Family Medicine”.'}
                  slotProps={{ htmlInput: { required: true, maxLength: 120 } }}
                />
                <TimeZoneField
                  value={timeZone}
                  onChange={setTimeZone}
                  error={tried && !timeZone}
                  helperText={
                    tried && !timeZone
                      ? 'Choose the practice’s time zone: reminders and quiet hours are computed in it.'
                      : suggestion && !timeZone
                        ? `This computer is set to ${zoneLabel(suggestion)}. Choose it below if the practice is there too.`
                        : 'Where the practice is (not necessarily this computer). Reminders and quiet hours use it.'
                  }
                />
                {suggestion && !timeZone ? (
                  <Box>
                    <Button size="small" onClick={() => setTimeZone(suggestion)}>
                      Use {zoneLabel(suggestion).split(' — ')[0]}
                    </Button>
                  </Box>
                ) : null}
                <PhoneField
                  label="Practice phone number"
                  value={phone}
                  onChange={setPhone}
                  autoComplete="off"
                  showProblem={tried && !phoneE164}
                  problem="Enter a 10-digit US phone number, for example (555) 201-4400."
                  hint="The number patients call, for example (555) 201-4400."
                  required
                />
              </>
            ) : null}

            {step === 1 ? (
              <>
                <Typography color="text.secondary">
                  This person manages staff accounts and settings. Everyone signs in with their own account: no
                  shared logins.
                </Typography>
                <StaffIdentityFields
                  fullName={fullName}
                  username={username}
                  onFullName={setFullName}
                  onUsername={setUsername}
                  showErrors={tried}
                  fullNameMissing="Enter the administrator’s full name."
                  usernameHint="For signing in, for example “dpatel”. Letters, digits, dot, dash or underscore."
                  ownAccount
                />
                <PasswordFields
                  password={password}
                  confirm={confirm}
                  username={username}
                  onPassword={setPassword}
                  onConfirm={setConfirm}
                  showErrors={tried}
                />
              </>
            ) : null}

            {step === 2 && enrolment ? (
              <>
                <Typography color="text.secondary">
                  Everyone signs in with a password and a code from an authenticator app on their phone.
                </Typography>
                <EnrolmentPanel enrolment={enrolment.value} />
                <CodeField value={code} onChange={setCode} autoFocus error={tried && !SIX_DIGITS.test(code)} />
              </>
            ) : null}

            <Box sx={{ display: 'flex', gap: 1.5, justifyContent: 'space-between', mt: 1 }}>
              {step > 0 ? (
                <Button size="large" onClick={() => go(step - 1)} disabled={busy}>
                  Back
                </Button>
              ) : (
                <span />
              )}
              <Button type="submit" variant="contained" size="large" disabled={busy}>
                {step === 2 ? (busy ? 'Creating the practice…' : 'Create practice') : busy ? 'Please wait…' : 'Next'}
              </Button>
            </Box>
          </FieldStack>
        </form>
      )}
    </AuthLayout>
  );
}
