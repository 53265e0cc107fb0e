/**
 * "Full name" and "Username" for a staff account, as the first-run wizard (the administrator's
 * own account) and the Users panel (someone else's) ask for them: the same limits and checks
 * (validation.ts), with the wording each place needs. Nothing typed is cut: a name or username
 * over its limit says so at once. Browser autofill is off (it would keep them in the profile).
 */
import TextField from '@mui/material/TextField';
import { fullNameProblem, usernameProblem } from './validation';

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
  /** The person typing is the account's owner (kept for wording; autofill is off everywhere). */
  ownAccount?: boolean;
}

export function StaffIdentityFields({ fullName, username, onFullName, onUsername, showErrors, fullNameMissing, usernameHint }: StaffIdentityFieldsProps) {
  const fullNameError = fullNameProblem(fullName, fullNameMissing);
  const usernameError = usernameProblem(username);
  // Too long is shown at once (nothing typed is cut); too short waits for a submit attempt.
  const nameShown = fullNameError !== null && (showErrors || fullName.trim().length > 120);
  const usernameShown = usernameError !== null && (showErrors || username.trim().length > 32);
  return (
    <>
      <TextField
        label="Full name"
        value={fullName}
        onChange={(e) => onFullName(e.target.value)}
        fullWidth
        autoFocus
        autoComplete="off"
        error={nameShown}
        helperText={nameShown ? fullNameError : undefined}
        slotProps={{ htmlInput: { required: true } }}
      />
      <TextField
        label="Username"
        value={username}
        onChange={(e) => onUsername(e.target.value)}
        fullWidth
        autoComplete="off"
        error={usernameShown}
        helperText={usernameShown ? usernameError : usernameHint}
        slotProps={{ htmlInput: { required: true, spellCheck: false, autoCapitalize: 'off' } }}
      />
    </>
  );
}
