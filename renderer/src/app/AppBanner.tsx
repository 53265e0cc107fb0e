/**
 * A full-width strip under the app bar for a state that holds for the whole session (training
 * mode, emergency access): an icon and text on the state's own colours, announced as a note.
 */
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';

export interface AppBannerProps {
  /** The accessible name, e.g. "Training mode". */
  label: string;
  testId: string;
  background: string;
  text: string;
  /** A top and bottom rule, for a light background. */
  border?: string;
  icon: ReactNode;
  children: ReactNode;
}

export function AppBanner({ label, testId, background, text, border, icon, children }: AppBannerProps) {
  return (
    <Box
      role="note"
      aria-label={label}
      data-testid={testId}
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1.5,
        px: 3,
        py: 1,
        bgcolor: background,
        color: text,
        ...(border ? { borderTop: 1, borderBottom: 1, borderColor: border } : {}),
      }}
    >
      {icon}
      {children}
    </Box>
  );
}
