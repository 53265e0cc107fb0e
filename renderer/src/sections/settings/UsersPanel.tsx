/**
 * The administrator's Users panel: every staff account (name, username, role, status, whether
 * two-step sign-in is set up), "Add user" (full name, username, role, temporary password), and
 * per account: change role, Disable / Enable (confirmed; main signs a disabled person out at
 * once), and "Reset password and MFA" (the person enrols again at next sign-in). Every change is
 * made and audited by main; this panel shows main's answer. Loaded only for administrators.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import PersonAddAltOutlined from '@mui/icons-material/PersonAddAltOutlined';
import type { StaffAccount } from '../../../../shared/ipc';
import { ROLES, ROLE_LABELS, type Role } from '../../../../shared/accounts/roles';
import type { Loadable } from '../../app/app-data';
import { call } from '../../platform/call';
import { useCall } from '../../platform/use-call';
import { carerelay } from '../../platform/carerelay';
import { useSession } from '../../session/session-context';
import { StaffIdentityFields } from '../../session/StaffIdentityFields';
import { fullNameReady, usernameProblem } from '../../session/validation';

const MIN_TEMPORARY_LENGTH = 12;

type Status = 'active' | 'disabled' | 'locked';

export function accountStatus(account: StaffAccount, now = Date.now()): Status {
  if (account.disabled) return 'disabled';
  if (account.lockedUntil && new Date(account.lockedUntil).getTime() > now) return 'locked';
  return 'active';
}

function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** A random temporary password the administrator can read out: 4 groups of 4, no look-alikes. */
export function suggestTemporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = new Uint32Array(16);
  crypto.getRandomValues(bytes);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

type DialogState =
  | { kind: 'add' }
  | { kind: 'role'; account: StaffAccount }
  | { kind: 'toggle'; account: StaffAccount }
  | { kind: 'reset'; account: StaffAccount }
  | null;

export default function UsersPanel() {
  const { session } = useSession();
  const me = session.user?.id ?? null;
  const [users, setUsers] = useState<Loadable<StaffAccount[]>>({ state: 'loading' });
  const [dialog, setDialog] = useState<DialogState>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async (isLive: () => boolean = () => true) => {
    const result = await call(() => carerelay().users.list());
    if (!isLive()) return;
    setUsers(result.ok ? { state: 'ready', value: result.value.users } : { state: 'error', message: result.error.message });
  }, []);

  useEffect(() => {
    let live = true;
    void load(() => live);
    return () => {
      live = false;
    };
  }, [load]);

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    void load();
  };

  return (
    <Paper component="section" aria-labelledby="settings-users" sx={{ border: 1, borderColor: 'divider', borderRadius: 3, p: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <Box sx={{ flex: 1, minWidth: 240 }}>
          <Typography variant="h2" id="settings-users" sx={{ mb: 0.5 }}>
            Users
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Everyone signs in with their own account. New people choose their password and set up an authenticator
            app at their first sign-in.
          </Typography>
        </Box>
        <Button
          variant="contained"
          startIcon={<PersonAddAltOutlined />}
          onClick={() => {
            setNotice('');
            setDialog({ kind: 'add' });
          }}
        >
          Add user
        </Button>
      </Box>
      <Typography role="status" variant="body2" sx={{ color: 'success.dark', fontWeight: 600, mb: notice ? 1.5 : 0 }}>
        {notice}
      </Typography>
      {users.state === 'loading' ? <Typography color="text.secondary">Loading staff accounts…</Typography> : null}
      {users.state === 'error' ? <Alert severity="error">{users.message}</Alert> : null}
      {users.state === 'ready' ? (
        <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 2 }}>
          <Table size="small" aria-labelledby="settings-users">
            <TableHead>
              <TableRow>
                <TableCell scope="col">Name</TableCell>
                <TableCell scope="col">Username</TableCell>
                <TableCell scope="col">Role</TableCell>
                <TableCell scope="col">Status</TableCell>
                <TableCell scope="col">Two-step sign-in</TableCell>
                <TableCell scope="col">Actions</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {users.value.map((account) => {
                const status = accountStatus(account);
                const self = account.id === me;
                return (
                  <TableRow key={account.id} data-testid={`user-row-${account.username}`}>
                    <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
                      {account.fullName}
                      {self ? (
                        <Typography component="span" variant="body2" color="text.secondary">
                          {' '}
                          (you)
                        </Typography>
                      ) : null}
                    </TableCell>
                    <TableCell>{account.username}</TableCell>
                    <TableCell>{ROLE_LABELS[account.role]}</TableCell>
                    <TableCell>
                      <StatusChip status={status} lockedUntil={account.lockedUntil} />
                    </TableCell>
                    <TableCell>{account.mfaEnrolled ? 'Set up' : 'At first sign-in'}</TableCell>
                    <TableCell>
                      <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                        <Button
                          size="small"
                          disabled={self}
                          onClick={() => {
                            setNotice('');
                            setDialog({ kind: 'role', account });
                          }}
                        >
                          Change role
                        </Button>
                        <Button
                          size="small"
                          color={account.disabled ? 'primary' : 'error'}
                          disabled={self}
                          onClick={() => {
                            setNotice('');
                            setDialog({ kind: 'toggle', account });
                          }}
                        >
                          {account.disabled ? 'Enable' : 'Disable'}
                        </Button>
                        <Button
                          size="small"
                          onClick={() => {
                            setNotice('');
                            setDialog({ kind: 'reset', account });
                          }}
                        >
                          Reset password and MFA
                        </Button>
                      </Box>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      ) : null}

      {dialog?.kind === 'add' ? <AddUserDialog onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'role' ? <RoleDialog account={dialog.account} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'toggle' ? <ToggleDialog account={dialog.account} onClose={() => setDialog(null)} onDone={done} /> : null}
      {dialog?.kind === 'reset' ? <ResetDialog account={dialog.account} onClose={() => setDialog(null)} onDone={done} /> : null}
    </Paper>
  );
}

function StatusChip({ status, lockedUntil }: { status: Status; lockedUntil: string | null }) {
  if (status === 'disabled') return <Chip size="small" label="Disabled" sx={{ bgcolor: '#eef1f3', color: '#27333b', fontWeight: 600 }} />;
  if (status === 'locked') {
    return (
      <Chip
        size="small"
        label={lockedUntil ? `Locked until ${clock(lockedUntil)}` : 'Locked'}
        sx={{ bgcolor: '#fde9e7', color: '#5c1410', fontWeight: 600 }}
      />
    );
  }
  return <Chip size="small" label="Active" sx={{ bgcolor: '#e8f4ec', color: '#123d20', fontWeight: 600 }} />;
}

interface DialogProps {
  onClose: () => void;
  onDone: (message: string) => void;
}

/** A dialog holding one form, with its title as an h2, an error Alert and Cancel. */
function FormDialog({
  title,
  id,
  busy,
  error,
  submitLabel,
  submitColor = 'primary',
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  id: string;
  busy: boolean;
  error: string | null;
  submitLabel: string;
  submitColor?: 'primary' | 'error';
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog open onClose={() => !busy && onClose()} fullWidth maxWidth="sm" aria-labelledby={id}>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!busy) onSubmit();
        }}
        noValidate
        autoComplete="off"
      >
        <DialogTitle id={id} component="h2">
          {title}
        </DialogTitle>
        <DialogContent>
          <Box sx={{ display: 'grid', gap: 2.5, pt: 1 }}>
            {error ? <Alert severity="error">{error}</Alert> : null}
            {children}
          </Box>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2.5 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" color={submitColor} disabled={busy}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function RoleSelect({ value, onChange, autoFocus }: { value: Role; onChange: (role: Role) => void; autoFocus?: boolean }) {
  return (
    <TextField
      select
      label="Role"
      value={value}
      onChange={(e) => onChange(e.target.value as Role)}
      fullWidth
      autoFocus={autoFocus}
      helperText="Front desk: inbox, patients, consent. Practice manager: also campaigns, templates, reports. Administrator: also users, settings, audit, wipe."
      slotProps={{ htmlInput: { required: true }, select: { native: true }, inputLabel: { shrink: true } }}
    >
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </TextField>
  );
}

function TemporaryPasswordField({ value, onChange, showError }: { value: string; onChange: (v: string) => void; showError: boolean }) {
  const tooShort = value.length < MIN_TEMPORARY_LENGTH;
  return (
    <Box>
      <TextField
        label="Temporary password"
        value={value}
        onChange={(e) => onChange(e.target.value.slice(0, 256))}
        fullWidth
        autoComplete="off"
        error={showError && tooShort}
        helperText={
          showError && tooShort
            ? `Use at least ${MIN_TEMPORARY_LENGTH} characters.`
            : 'Give it to the person privately. They must choose their own password at first sign-in.'
        }
        slotProps={{ htmlInput: { required: true, spellCheck: false, autoCapitalize: 'off', maxLength: 256, style: { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' } } }}
      />
      <Button size="small" sx={{ mt: 0.5 }} onClick={() => onChange(suggestTemporaryPassword())}>
        Suggest a temporary password
      </Button>
    </Box>
  );
}

function AddUserDialog({ onClose, onDone }: DialogProps) {
  const [fullName, setFullName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('front-desk');
  const [temporary, setTemporary] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, setError, run } = useCall();


  const submit = async () => {
    setTried(true);
    if (!fullNameReady(fullName) || usernameProblem(username) || temporary.length < MIN_TEMPORARY_LENGTH) {
      setError('Check the fields marked below.');
      return;
    }
    const result = await run(() =>
      carerelay().users.create({ fullName: fullName.trim(), username: username.trim(), role, temporaryPassword: temporary }),
    );
    if (!result.ok) return;
    onDone(
      `${result.value.user.fullName} can now sign in as “${result.value.user.username}” with the temporary password, then set up their own password and authenticator app.`,
    );
  };

  return (
    <FormDialog title="Add user" id="add-user-title" busy={busy} error={error} submitLabel="Add user" onClose={onClose} onSubmit={() => void submit()}>
      <StaffIdentityFields
        fullName={fullName}
        username={username}
        onFullName={setFullName}
        onUsername={setUsername}
        showErrors={tried}
        fullNameMissing="Enter the person’s full name."
        usernameHint="One per person: never a shared login like “frontdesk”."
      />
      <RoleSelect value={role} onChange={setRole} />
      <TemporaryPasswordField value={temporary} onChange={setTemporary} showError={tried} />
    </FormDialog>
  );
}

function RoleDialog({ account, onClose, onDone }: DialogProps & { account: StaffAccount }) {
  const [role, setRole] = useState<Role>(account.role);
  const { busy, error, run } = useCall();

  const submit = async () => {
    if (role === account.role) {
      onClose();
      return;
    }
    const result = await run(() => carerelay().users.update({ userId: account.id, role }));
    if (!result.ok) return;
    onDone(`${result.value.user.fullName} is now ${ROLE_LABELS[result.value.user.role]}.`);
  };

  return (
    <FormDialog
      title={`Change the role of ${account.fullName}`}
      id="role-title"
      busy={busy}
      error={error}
      submitLabel="Save"
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <Typography>The change takes effect at once, and is recorded in the audit trail.</Typography>
      <RoleSelect value={role} onChange={setRole} autoFocus />
    </FormDialog>
  );
}

function ToggleDialog({ account, onClose, onDone }: DialogProps & { account: StaffAccount }) {
  const disabling = !account.disabled;
  const { busy, error, run } = useCall();

  const submit = async () => {
    const result = await run(() => carerelay().users.update({ userId: account.id, disabled: disabling }));
    if (!result.ok) return;
    onDone(
      disabling
        ? `${result.value.user.fullName}’s account is disabled. If they were signed in, they have been signed out.`
        : `${result.value.user.fullName}’s account is enabled again.`,
    );
  };

  return (
    <FormDialog
      title={disabling ? `Disable ${account.fullName}’s account?` : `Enable ${account.fullName}’s account?`}
      id="toggle-title"
      busy={busy}
      error={error}
      submitLabel={disabling ? 'Disable' : 'Enable'}
      submitColor={disabling ? 'error' : 'primary'}
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <Typography>
        {disabling
          ? `${account.fullName} will be signed out at once and can’t sign in until the account is enabled again. Their past actions stay in the audit trail.`
          : `${account.fullName} will be able to sign in again with their existing password and authenticator app.`}
      </Typography>
    </FormDialog>
  );
}

function ResetDialog({ account, onClose, onDone }: DialogProps & { account: StaffAccount }) {
  const [temporary, setTemporary] = useState('');
  const [tried, setTried] = useState(false);
  const { busy, error, setError, run } = useCall();

  const submit = async () => {
    setTried(true);
    if (temporary.length < MIN_TEMPORARY_LENGTH) {
      setError('Check the field marked below.');
      return;
    }
    const result = await run(() => carerelay().users.resetAccess({ userId: account.id, temporaryPassword: temporary }));
    if (!result.ok) return;
    onDone(
      `${result.value.user.fullName}’s password and authenticator were reset. At next sign-in they use the temporary password and set up both again.`,
    );
  };

  return (
    <FormDialog
      title={`Reset password and MFA for ${account.fullName}?`}
      id="reset-title"
      busy={busy}
      error={error}
      submitLabel="Reset password and MFA"
      onClose={onClose}
      onSubmit={() => void submit()}
    >
      <Typography>
        Their current password, authenticator app and recovery codes stop working. Use this when someone forgets their
        password or loses their phone.
      </Typography>
      <TemporaryPasswordField value={temporary} onChange={setTemporary} showError={tried} />
    </FormDialog>
  );
}
