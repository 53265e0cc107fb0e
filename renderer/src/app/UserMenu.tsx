/**
 * The app bar's user menu: the signed-in person's full name and role on the button; inside,
 * "Lock now" (the screens lock at once; the same person unlocks with their password) and
 * "Sign out" (the session ends). Any refusal from main is shown in the menu.
 */
import { useId, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import AccountCircleOutlined from '@mui/icons-material/AccountCircleOutlined';
import ExpandMore from '@mui/icons-material/ExpandMore';
import LockOutlined from '@mui/icons-material/LockOutlined';
import Logout from '@mui/icons-material/Logout';
import type { StaffUser } from '../../../shared/ipc';
import { ROLE_LABELS } from '../../../shared/accounts/roles';
import { useCall } from '../platform/use-call';
import { carerelay } from '../platform/carerelay';
import { useSession } from '../session/session-context';

export function UserMenu({ user }: { user: StaffUser }) {
  const { refresh } = useSession();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useCall();
  const id = useId();

  const act = async (action: 'lock' | 'signOut') => {
    const api = carerelay().session;
    const result = action === 'lock' ? await run(() => api.lock()) : await run(() => api.signOut());
    if (!result.ok) return;
    refresh();
  };

  return (
    <>
      <Button
        ref={anchor}
        color="inherit"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        startIcon={<AccountCircleOutlined aria-hidden="true" />}
        endIcon={<ExpandMore aria-hidden="true" />}
        sx={{ color: 'text.primary', px: 1.5, textAlign: 'left', lineHeight: 1.2 }}
      >
        <Box component="span" sx={{ display: 'flex', flexDirection: 'column' }}>
          <Box component="span" sx={{ fontWeight: 600 }}>
            {user.fullName}
          </Box>
          <Box component="span" sx={{ fontWeight: 400, fontSize: '0.75rem', color: 'text.secondary' }}>
            {ROLE_LABELS[user.role]}
          </Box>
        </Box>
      </Button>
      <Popover
        open={open}
        anchorEl={anchor.current}
        onClose={() => setOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{
          paper: {
            id: `${id}-menu`,
            role: 'dialog',
            'aria-label': 'Your account',
            sx: { mt: 1, p: 2, width: 280, border: 1, borderColor: 'divider', boxShadow: 3 },
          },
        }}
      >
        <Typography sx={{ fontWeight: 700 }}>{user.fullName}</Typography>
        <Typography variant="body2" color="text.secondary">
          {ROLE_LABELS[user.role]} · {user.username}
        </Typography>
        {error ? (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {error}
          </Alert>
        ) : null}
        <Box sx={{ display: 'grid', gap: 1, mt: 2 }}>
          <Button variant="contained" startIcon={<LockOutlined />} disabled={busy} onClick={() => void act('lock')}>
            Lock now
          </Button>
          <Button variant="outlined" startIcon={<Logout />} disabled={busy} onClick={() => void act('signOut')}>
            Sign out
          </Button>
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
          Lock when you step away; sign out at the end of your day.
        </Typography>
      </Popover>
    </>
  );
}
