/**
 * The training-mode banner under the app bar: calm, always visible while the app runs against
 * the sandbox gateway, and unmistakable, so nobody mistakes simulated patients for real ones.
 */
import Typography from '@mui/material/Typography';
import SchoolOutlined from '@mui/icons-material/SchoolOutlined';
import { tokens } from '../theme';
import { AppBanner } from './AppBanner';

export function TrainingBanner() {
  return (
    <AppBanner
      label="Training mode"
      testId="training-banner"
      background={tokens.training.background}
      text={tokens.training.text}
      border={tokens.training.border}
      icon={<SchoolOutlined aria-hidden="true" sx={{ color: tokens.training.icon, fontSize: 22 }} />}
    >
      <Typography component="p" sx={{ fontWeight: 700, fontSize: '0.9375rem', color: 'inherit' }}>
        Training mode — messages go to simulated patients
      </Typography>
      <Typography component="p" variant="body2" sx={{ color: 'inherit', display: { xs: 'none', md: 'block' } }}>
        No real patient is texted until an administrator connects a production gateway.
      </Typography>
    </AppBanner>
  );
}
