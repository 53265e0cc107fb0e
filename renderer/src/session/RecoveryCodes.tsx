/**
 * The one-time display of recovery codes (and, after first run, the practice's emergency-access
 * code): a clear "store these safely, they are shown once" warning, the codes, and a checkbox
 * "I have stored these codes" that has to be ticked before the person can continue.
 */
import { useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';

const MONO = 'ui-monospace, "SF Mono", Menlo, Consolas, monospace';

export interface RecoveryCodesProps {
  recoveryCodes: readonly string[];
  emergencyCode?: string;
  continueLabel: string;
  onContinue: () => void;
  /** Heading level for the section titles inside (the screen's own heading comes before). */
  headingLevel?: 'h2' | 'h3';
  intro?: ReactNode;
}

export function RecoveryCodes({ recoveryCodes, emergencyCode, continueLabel, onContinue, headingLevel = 'h2', intro }: RecoveryCodesProps) {
  const [stored, setStored] = useState(false);
  return (
    <Box sx={{ display: 'grid', gap: 2.5 }}>
      <Alert severity="warning">
        <strong>Store these safely — they are shown once.</strong> Print them or write them down and keep them
        somewhere locked. CareRelay cannot show them again.
      </Alert>
      {intro}
      <Box component="section" aria-labelledby="recovery-codes-title">
        <Typography variant="h3" component={headingLevel} id="recovery-codes-title" sx={{ mb: 0.5 }}>
          Your recovery codes
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          If you lose your phone, sign in with one of these instead of an authenticator code. Each code works once.
        </Typography>
        <Box
          component="ol"
          data-testid="recovery-codes"
          sx={{
            m: 0,
            p: 2,
            pl: 5,
            display: 'grid',
            gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
            columnGap: 5,
            rowGap: 0.75,
            bgcolor: 'background.default',
            border: 1,
            borderColor: 'divider',
            borderRadius: 2,
            fontFamily: MONO,
            fontSize: '1rem',
          }}
        >
          {recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </Box>
      </Box>
      {emergencyCode ? (
        <Box component="section" aria-labelledby="emergency-code-title">
          <Typography variant="h3" component={headingLevel} id="emergency-code-title" sx={{ mb: 0.5 }}>
            The practice’s emergency-access code
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
            For emergencies only, when no administrator can sign in. It opens a short, bannered session that
            records every action and requires a reason. Keep it apart from the recovery codes, with the
            practice’s administrator.
          </Typography>
          <Box
            data-testid="emergency-code"
            sx={{
              display: 'inline-block',
              p: 1.5,
              px: 2,
              bgcolor: 'background.default',
              border: 1,
              borderColor: 'divider',
              borderRadius: 2,
              fontFamily: MONO,
              fontSize: '1.0625rem',
              wordBreak: 'break-all',
            }}
          >
            {emergencyCode}
          </Box>
        </Box>
      ) : null}
      <FormControlLabel
        control={<Checkbox checked={stored} onChange={(e) => setStored(e.target.checked)} />}
        label="I have stored these codes"
      />
      <Box>
        <Button variant="contained" size="large" disabled={!stored} onClick={onContinue}>
          {continueLabel}
        </Button>
      </Box>
    </Box>
  );
}
