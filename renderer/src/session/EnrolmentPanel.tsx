/**
 * Authenticator set-up: the QR code to scan and the same secret as text for typing in by hand.
 * The secret is shown only during enrolment and is never stored by the screens.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Enrolment } from '../../../shared/ipc';

/**
 * The base32 secret in groups of four for reading and typing. The groups are spaced by CSS only,
 * so the element's text (and a copy of it) is the exact secret, without spaces.
 */
export function secretGroups(secret: string): string[] {
  return secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];
}

export function EnrolmentPanel({ enrolment }: { enrolment: Enrolment }) {
  return (
    <Box
      sx={{
        display: 'flex',
        gap: 3,
        alignItems: 'flex-start',
        flexWrap: { xs: 'wrap', sm: 'nowrap' },
        p: 2,
        border: 1,
        borderColor: 'divider',
        borderRadius: 2,
      }}
    >
      <Box
        component="img"
        src={enrolment.qrDataUrl}
        alt="QR code for your authenticator app"
        sx={{ width: 176, height: 176, flexShrink: 0, imageRendering: 'pixelated', bgcolor: '#fff' }}
      />
      <Box sx={{ minWidth: 0 }}>
        <Typography sx={{ mb: 1 }}>
          Open an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or
          1Password), add an account, and scan this QR code.
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
          Can’t scan it? Enter this key by hand (time-based, 6 digits):
        </Typography>
        <Box
          component="code"
          data-testid="totp-secret"
          sx={{
            display: 'inline-block',
            fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, monospace',
            fontSize: '0.9375rem',
            letterSpacing: '0.05em',
            wordBreak: 'break-all',
            px: 1,
            py: 0.5,
            borderRadius: 1,
            bgcolor: 'background.default',
            border: 1,
            borderColor: 'divider',
            userSelect: 'all',
          }}
        >
          {secretGroups(enrolment.secret).map((group, i) => (
            <Box component="span" key={i} sx={{ mr: 0.75, '&:last-of-type': { mr: 0 } }}>
              {group}
            </Box>
          ))}
        </Box>
      </Box>
    </Box>
  );
}
