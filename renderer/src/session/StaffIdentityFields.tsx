/**
 * "Full name" and "Username" for a staff account, as the first-run wizard (the administrator's
 * own account) and the Users panel (someone else's) ask for them: the same limits and checks
 * (validation.ts), with the wording and browser autofill each place needs.
 */
import TextField from '@mui/material/TextField';
import { fullNameReady, usernameProblem } from './validation';

export interface StaffIdentityFieldsProps {
  fullName: string;
  username: string;
  onFullName: (value: string) => void;
  onUsername: (value: string) => void;
  /** Show problems as errors (after a submit attempt). */
  showErrors: boolean;
  /** The message when the full name is missing, e.g. "Enter the person’s full name." */
  fullNameMissing: string;
  /** The hint under the username while it has no problem. */
  usernameHint: string;
  /** The person typing is the account's owner: let the browser offer their name. */
  ownAccount?: boolean;
}

export function StaffIdentityFields({ fullName, username, onFullName, onUsername, showErrors, fullNameMissing, usernameHint, ownAccount = false }: StaffIdentityFieldsProps) {
  const fullNameOk = fullNameReady(fullName);
  const usernameError = usernameProblem(username);
  return (
    <>
      <TextField
        label="Full name"
        value={fullName}
        onChange={(e) => onFullName(e.target.value.slice(0, 120))}
        fullWidth
        autoFocus
        autoComplete={ownAccount ? 'name' : 'off'}
        error={showErrors && !fullNameOk}
        helperText={showErrors && !fullNameOk ? fullNameMissing : undefined}
        slotProps={{ htmlInput: { required: true, maxLength: 120 } }}
      />
      <TextField
        label="Username"
        value={username}
        onChange={(e) => onUsername(e.target.value.slice(0, 32))}
        fullWidth
        autoComplete={ownAccount ? 'username' : 'off'}
        error={showErrors && usernameError !== null}
        helperText={showErrors && usernameError ? usernameError : usernameHint}
        slotProps={{ htmlInput: { required: true, maxLength: 32, spellCheck: false, autoCapitalize: 'off' } }}
      />
    </>
  );
}
