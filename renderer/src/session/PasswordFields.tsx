/**
 * "Password" and "Confirm password" with a strength meter (0–4) and the policy's problems listed
 * as they type. The meter is drawn for the eye (aria-hidden) and spoken as text
 * ("Password strength: Fair") through the field's description.
 */
import { useId } from 'react';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { STRENGTH_LABELS, assessPassword, type PasswordAssessment } from './password-strength';

const METER_COLOURS = ['#b3261e', '#b3261e', '#a35f00', '#1e7b3a', '#1e7b3a'] as const;

export interface PasswordFieldsProps {
  password: string;
  confirm: string;
  username: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  /** Show problems as errors (after a submit attempt). */
  showErrors: boolean;
  passwordLabel?: string;
  autoFocus?: boolean;
}

export function passwordsReady(password: string, confirm: string, username: string): boolean {
  return assessPassword(password, username).acceptable && password === confirm;
}

export function PasswordFields({
  password,
  confirm,
  username,
  onPassword,
  onConfirm,
  showErrors,
  passwordLabel = 'Password',
  autoFocus = false,
}: PasswordFieldsProps) {
  const id = useId();
  const assessment: PasswordAssessment = assessPassword(password, username);
  const mismatch = confirm.length > 0 && confirm !== password;
  const confirmError = (showErrors || confirm.length >= password.length) && (mismatch || (showErrors && confirm.length === 0));

  return (
    <>
      <Box>
        <TextField
          label={passwordLabel}
          type="password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          fullWidth
          autoFocus={autoFocus}
          autoComplete="new-password"
          error={showErrors && !assessment.acceptable}
          slotProps={{ htmlInput: { required: true, 'aria-describedby': `${id}-strength ${id}-rules`, maxLength: 256 } }}
        />
        <Box aria-hidden="true" sx={{ display: 'flex', gap: 0.5, mt: 1 }}>
          {[0, 1, 2, 3].map((i) => (
            <Box
              key={i}
              sx={{
                flex: 1,
                height: 6,
                borderRadius: 3,
                bgcolor: password.length > 0 && i < Math.max(1, assessment.score) ? METER_COLOURS[assessment.score] : 'divider',
              }}
            />
          ))}
        </Box>
        <Typography id={`${id}-strength`} variant="body2" sx={{ mt: 0.5, fontWeight: 600 }} aria-live="polite">
          Password strength: {password.length === 0 ? 'not entered yet' : STRENGTH_LABELS[assessment.score]}
        </Typography>
        <Box
          component="ul"
          id={`${id}-rules`}
          sx={{ m: 0, mt: 0.5, pl: 2.5, '& li': { fontSize: '0.8125rem' } }}
        >
          {(password.length === 0
            ? ['At least 12 characters, and not your username. A passphrase of several words works well.']
            : [...assessment.problems, ...assessment.tips]
          ).map((text) => (
            <Typography
              component="li"
              key={text}
              color={showErrors && assessment.problems.includes(text) ? 'error' : 'text.secondary'}
            >
              {text}
            </Typography>
          ))}
        </Box>
      </Box>
      <TextField
        label="Confirm password"
        type="password"
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        fullWidth
        autoComplete="new-password"
        error={confirmError}
        helperText={confirmError ? (mismatch ? 'The two passwords are different.' : 'Type the password again.') : 'Type the same password again.'}
        slotProps={{ htmlInput: { required: true, maxLength: 256 } }}
      />
    </>
  );
}

/** The person's own existing password, to sign in, unlock or confirm a destructive step. */
export function CurrentPasswordField({ value, onChange, autoFocus = false, helperText }: { value: string; onChange: (value: string) => void; autoFocus?: boolean; helperText?: string }) {
  return (
    <TextField
      label="Password"
      type="password"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      fullWidth
      autoFocus={autoFocus}
      autoComplete="current-password"
      helperText={helperText}
      slotProps={{ htmlInput: { required: true, maxLength: 256 } }}
    />
  );
}
