/**
 * The red banner shown for the whole of an emergency-access session: "Emergency access — every
 * action is recorded. Ends at HH:MM. Reason: …". The reason is the one typed when it began.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import type { SessionState } from '../../../shared/ipc';
import { AppBanner } from './AppBanner';

const EMERGENCY_COLOURS = { background: '#b3261e', text: '#ffffff' } as const; // ~6.3:1

function formatClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}

export function EmergencyBanner({ emergency }: { emergency: NonNullable<SessionState['emergency']> }) {
  return (
    <AppBanner
      label="Emergency access"
      testId="emergency-banner"
      background={EMERGENCY_COLOURS.background}
      text={EMERGENCY_COLOURS.text}
      icon={<WarningAmberOutlined aria-hidden="true" sx={{ fontSize: 22 }} />}
    >
      <Typography component="p" sx={{ fontSize: '0.9375rem', color: 'inherit' }}>
        <Box component="strong" sx={{ fontWeight: 700 }}>
          Emergency access — every action is recorded.
        </Box>{' '}
        Ends at {formatClock(emergency.endsAt)}. Reason: {emergency.reason}
      </Typography>
    </AppBanner>
  );
}
