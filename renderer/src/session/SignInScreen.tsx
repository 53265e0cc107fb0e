/**
 * Sign-in: the practice's name, username, password and the authenticator code (or, with the
 * toggle, a recovery code). A first sign-in of an account an administrator created or reset
 * answers with an enrolment instead: the person scans the QR code (or types the key), chooses a
 * password if they must, proves the code, and is shown their recovery codes once. "Emergency
 * access" opens the break-glass dialog.
 */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Enrolment } from '../../../shared/ipc';
import { useCall } from '../platform/use-call';
import { carerelay } from '../platform/carerelay';
import { AuthLayout, FieldStack } from './AuthLayout';
import { CodeField, SIX_DIGITS } from './CodeField';
import { EmergencyDialog } from './EmergencyDialog';
import { EnrolmentPanel } from './EnrolmentPanel';
import { CurrentPasswordField, PasswordFields, passwordsReady } from './PasswordFields';
import { RecoveryCodes } from './RecoveryCodes';

export interface SignInScreenProps {
  practiceName: string | null;
  /** Re-reads the session state after a call that changed it. */
  refresh: () => void;
  /** Keeps this screen on show while the recovery codes are displayed, whatever the state. */
  onHold: (hold: boolean) => void;
}

type Stage =
  | { kind: 'credentials' }
  | { kind: 'enrol'; enrolment: Enrolment; mustChangePassword: boolean; username: string }
  | { kind: 'codes'; recoveryCodes: string[] };

export function SignInScreen({ practiceName, refresh, onHold }: SignInScreenProps) {
  const [stage, setStage] = useState<Stage>({ kind: 'credentials' });

  if (stage.kind === 'enrol') {
    return (
      <EnrolStage
        stage={stage}
        onHold={onHold}
        onDone={(recoveryCodes) => setStage({ kind: 'codes', recoveryCodes })}
        onCancel={() => setStage({ kind: 'credentials' })}
      />
    );
  }
  if (stage.kind === 'codes') {
    return (
      <AuthLayout title="Save your recovery codes" lead="Your account is ready." wide>
        <RecoveryCodes
          recoveryCodes={stage.recoveryCodes}
          continueLabel="Continue to CareRelay"
          onContinue={() => {
            onHold(false);
            refresh();
          }}
        />
      </AuthLayout>
    );
  }
  return (
    <CredentialsStage
      practiceName={practiceName}
      refresh={refresh}
      onEnrol={(enrolment, mustChangePassword, username) => setStage({ kind: 'enrol', enrolment, mustChangePassword, username })}
    />
  );
}

function CredentialsStage({
  practiceName,
  refresh,
  onEnrol,
}: {
  practiceName: string | null;
  refresh: () => void;
  onEnrol: (enrolment: Enrolment, mustChangePassword: boolean, username: string) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const { busy, error, setError, run } = useCall();
  const [emergencyOpen, setEmergencyOpen] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    if (!useRecovery && code && !SIX_DIGITS.test(code)) {
      setError('The authenticator code has 6 digits.');
      return;
    }
    const trimmedCode = code.trim();
    const result = await run(() =>
      carerelay().session.signIn({ username: username.trim(), password, ...(trimmedCode ? { code: trimmedCode } : {}) }),
    );
    if (!result.ok) {
      setPassword('');
      setCode('');
      return;
    }
    if (result.value.status === 'enrol') {
      onEnrol(result.value.enrolment, result.value.mustChangePassword, username.trim());
      return;
    }
    refresh();
  };

  return (
    <AuthLayout title="Sign in" lead={practiceName ? `${practiceName} · CareRelay` : 'CareRelay'}>
      <form onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <FieldStack>
          {error ? <Alert severity="error">{error}</Alert> : null}
          <TextField
            label="Username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            fullWidth
            autoFocus
            autoComplete="off"
            slotProps={{ htmlInput: { required: true, maxLength: 64, spellCheck: false, autoCapitalize: 'off' } }}
          />
          <CurrentPasswordField value={password} onChange={setPassword} />
          <Box>
            <CodeField
              value={code}
              onChange={setCode}
              recovery={useRecovery}
              required={false}
              helperText={
                useRecovery
                  ? 'One of the recovery codes you stored when you set up your account. Each works once.'
                  : 'The 6-digit code from your authenticator app. Leave it empty the first time you sign in with a temporary password.'
              }
            />
            <Link
              component="button"
              type="button"
              variant="body2"
              onClick={() => {
                setUseRecovery((v) => !v);
                setCode('');
              }}
              sx={{ mt: 0.5 }}
            >
              {useRecovery ? 'Use the authenticator code instead' : 'Use a recovery code instead'}
            </Link>
          </Box>
          <Button type="submit" variant="contained" size="large" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </FieldStack>
      </form>
      <Box sx={{ mt: 3, pt: 2, borderTop: 1, borderColor: 'divider', display: 'flex', gap: 1, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="body2" color="text.secondary">
          No administrator can sign in and a patient needs care?
        </Typography>
        <Link component="button" type="button" variant="body2" onClick={() => setEmergencyOpen(true)}>
          Emergency access
        </Link>
      </Box>
      <EmergencyDialog
        open={emergencyOpen}
        onClose={() => setEmergencyOpen(false)}
        onStarted={() => {
          setEmergencyOpen(false);
          refresh();
        }}
      />
    </AuthLayout>
  );
}

function EnrolStage({
  stage,
  onHold,
  onDone,
  onCancel,
}: {
  stage: Extract<Stage, { kind: 'enrol' }>;
  onHold: (hold: boolean) => void;
  onDone: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [code, setCode] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, setError, run } = useCall();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setTried(true);
    if (stage.mustChangePassword && !passwordsReady(password, confirm, stage.username)) {
      setError('Choose a password that meets the rules below, and type it twice.');
      return;
    }
    if (!SIX_DIGITS.test(code)) {
      setError('Enter the 6-digit code your authenticator app shows.');
      return;
    }
    // The session may change as soon as main accepts; keep this screen until the codes are seen.
    onHold(true);
    const result = await run(() =>
      carerelay().session.completeEnrolment({
        enrolmentId: stage.enrolment.enrolmentId,
        code,
        ...(stage.mustChangePassword ? { newPassword: password } : {}),
      }),
    );
    if (!result.ok) {
      onHold(false);
      setCode('');
      return;
    }
    onDone(result.value.recoveryCodes);
  };

  return (
    <AuthLayout
      title="Set up your sign-in"
      lead="This is your first sign-in. Set up two-step sign-in with an authenticator app before you continue."
      wide
    >
      <form onSubmit={(e) => void submit(e)} noValidate autoComplete="off">
        <FieldStack>
          {error ? <Alert severity="error">{error}</Alert> : null}
          <Typography variant="h2">1. Add CareRelay to your authenticator app</Typography>
          <EnrolmentPanel enrolment={stage.enrolment} />
          {stage.mustChangePassword ? (
            <>
              <Typography variant="h2">2. Choose your own password</Typography>
              <Typography variant="body2" color="text.secondary">
                Replace the temporary password your administrator gave you. Only you should know it.
              </Typography>
              <PasswordFields
                password={password}
                confirm={confirm}
                username={stage.username}
                onPassword={setPassword}
                onConfirm={setConfirm}
                showErrors={tried}
              />
            </>
          ) : null}
          <Typography variant="h2">{stage.mustChangePassword ? '3' : '2'}. Enter the code from the app</Typography>
          <CodeField value={code} onChange={setCode} error={tried && !SIX_DIGITS.test(code)} />
          <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
            <Button type="submit" variant="contained" size="large" disabled={busy}>
              {busy ? 'Checking…' : 'Finish set-up'}
            </Button>
            <Button size="large" onClick={onCancel} disabled={busy}>
              Back to sign in
            </Button>
          </Box>
        </FieldStack>
      </form>
    </AuthLayout>
  );
}
