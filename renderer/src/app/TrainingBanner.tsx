/**
 * The training-mode banner under the app bar: calm, always visible while the app runs against
 * the sandbox gateway, and unmistakable, so nobody mistakes simulated patients for real ones.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import SchoolOutlined from '@mui/icons-material/SchoolOutlined';
import { tokens } from '../theme';

export function TrainingBanner() {
  return (
    <Box
      role="note"
      aria-label="Training mode"
      data-testid="training-banner"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1.5,
        px: 3,
        py: 1,
        bgcolor: tokens.training.background,
        color: tokens.training.text,
        borderTop: 1,
        borderBottom: 1,
        borderColor: tokens.training.border,
      }}
    >
      <SchoolOutlined aria-hidden="true" sx={{ color: tokens.training.icon, fontSize: 22 }} />
      <Typography component="p" sx={{ fontWeight: 700, fontSize: '0.9375rem', color: 'inherit' }}>
        Training mode — messages go to simulated patients
      </Typography>
      <Typography
        component="p"
        variant="body2"
        sx={{ color: 'inherit', display: { xs: 'none', md: 'block' } }}
      >
        No real patient is texted until an administrator connects a production gateway.
      </Typography>
    </Box>
  );
}
