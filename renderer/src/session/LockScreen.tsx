/**
 * The lock screen: "CareRelay is locked", who is signed in, why it locked in plain words, and
 * the same person's password (plus an authenticator code when main asks for one after a long
 * lock). "Switch user" ends the session so someone else can sign in. Nothing from the practice's
 * records is on this screen: the frame and every section were unmounted when the session locked.
 */
import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import LockOutlined from '@mui/icons-material/LockOutlined';
import type { SessionState } from '../../../shared/ipc';
import { ROLE_LABELS } from '../../../shared/accounts/roles';
import { useCall } from '../platform/use-call';
import { carerelay } from '../platform/carerelay';
import { AuthLayout, FieldStack } from './AuthLayout';
import { CodeField, SIX_DIGITS } from './CodeField';
import { CurrentPasswordField } from './PasswordFields';

export const LOCK_REASON_TEXT: Record<NonNullable<SessionState['lockReason']>, string> = {
  idle: 'CareRelay locked itself because nobody used it for a while.',
  'os-lock-screen': 'CareRelay locked because this computer’s screen was locked.',
  'os-suspend': 'CareRelay locked because this computer went to sleep.',
  manual: 'CareRelay was locked with “Lock now”.',
};

export function LockScreen({ session, refresh }: { session: SessionState; refresh: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useCall();

  const user = session.user;
  const needsCode = session.unlockNeedsCode;

  const unlock = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!password) {
      setError('Enter your password.');
      return;
    }
    if (needsCode && !SIX_DIGITS.test(code)) {
      setError('Enter the 6-digit code from your authenticator app.');
      return;
    }
    const result = await run(() => carerelay().session.unlock({ password, ...(needsCode ? { code } : {}) }));
    setPassword('');
    setCode('');
    if (!result.ok) return;
    refresh();
  };

  const switchUser = async () => {
    if (busy) return;
    const result = await run(() => carerelay().session.signOut());
    if (!result.ok) return;
    refresh();
  };

  return (
    <AuthLayout title="CareRelay is locked">
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', mb: 3 }}>
        <Box
          aria-hidden="true"
          sx={{ width: 44, height: 44, borderRadius: '50%', display: 'grid', placeItems: 'center', bgcolor: '#e1eff3', color: 'primary.main', flexShrink: 0 }}
        >
          <LockOutlined />
        </Box>
        <Box>
          {user ? (
            <Typography sx={{ fontWeight: 600 }}>
              Signed in as {user.fullName} ({ROLE_LABELS[user.role]})
            </Typography>
          ) : null}
          <Typography color="text.secondary">
            {session.lockReason ? LOCK_REASON_TEXT[session.lockReason] : 'CareRelay is locked.'}
          </Typography>
        </Box>
      </Box>
      <form onSubmit={(e) => void unlock(e)} noValidate autoComplete="off">
        <FieldStack>
          {error ? <Alert severity="error">{error}</Alert> : null}
          <CurrentPasswordField value={password} onChange={setPassword} autoFocus helperText={user ? `${user.fullName}’s password.` : undefined} />
          {needsCode ? (
            <CodeField
              value={code}
              onChange={setCode}
              helperText="CareRelay has been locked for a while, so it also needs the 6-digit code from your authenticator app."
            />
          ) : null}
          <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
            <Button type="submit" variant="contained" size="large" disabled={busy} sx={{ flex: 1 }}>
              Unlock
            </Button>
            <Button variant="outlined" size="large" disabled={busy} onClick={() => void switchUser()}>
              Switch user
            </Button>
          </Box>
        </FieldStack>
      </form>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 3 }}>
        Not {user ? user.fullName : 'you'}? Choose “Switch user” to sign in as yourself; the session above ends.
      </Typography>
    </AuthLayout>
  );
}
