/**
 * The one-time code field: "Authenticator code" (6 digits from the authenticator app) or, when
 * `recovery` is set, "Recovery code" (one of the printed single-use codes). Digits only for the
 * authenticator; spaces typed or pasted in are dropped. Like every CareRelay field, `required`
 * is set on the input itself, so the label stays exactly its name (no " *").
 */
import TextField from '@mui/material/TextField';

export interface CodeFieldProps {
  value: string;
  onChange: (value: string) => void;
  recovery?: boolean;
  required?: boolean;
  autoFocus?: boolean;
  helperText?: string;
  error?: boolean;
}

export const SIX_DIGITS = /^\d{6}$/;

export function CodeField({ value, onChange, recovery = false, required = true, autoFocus, helperText, error }: CodeFieldProps) {
  return (
    <TextField
      label={recovery ? 'Recovery code' : 'Authenticator code'}
      value={value}
      onChange={(e) => {
        const text = e.target.value;
        onChange(recovery ? text.slice(0, 32) : text.replace(/\D/g, '').slice(0, 6));
      }}
      fullWidth
      autoFocus={autoFocus}
      autoComplete={recovery ? 'off' : 'one-time-code'}
      error={error}
      helperText={
        helperText ??
        (recovery ? 'One of the recovery codes you stored when you set up your account. Each works once.' : 'The 6-digit code your authenticator app shows now.')
      }
      slotProps={{
        htmlInput: recovery
          ? { required, maxLength: 32, spellCheck: false, autoCapitalize: 'off' }
          : { required, inputMode: 'numeric', maxLength: 6, pattern: '[0-9]{6}' },
      }}
    />
  );
}
