/**
 * The layout of the screens shown before the frame (first-run wizard, sign-in, lock): the
 * product mark, then one centred card holding the screen's h1 and content, inside `<main>`.
 * Nothing here comes from the practice's records, so nothing here is PHI.
 */
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import ForumOutlined from '@mui/icons-material/ForumOutlined';

export interface AuthLayoutProps {
  title: string;
  /** A line under the h1 (for example the practice's name). */
  lead?: ReactNode;
  /** Wider card, for the wizard. */
  wide?: boolean;
  children: ReactNode;
}

export function AuthLayout({ title, lead, wide = false, children }: AuthLayoutProps) {
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        bgcolor: 'background.default',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        px: 2,
        py: { xs: 4, md: 6 },
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'primary.main', mb: 3 }}>
        <ForumOutlined aria-hidden="true" />
        <Typography component="p" sx={{ fontSize: '1.25rem', fontWeight: 700, color: 'primary.dark' }}>
          CareRelay
        </Typography>
      </Box>
      <Paper
        sx={{
          width: '100%',
          maxWidth: wide ? 760 : 480,
          border: 1,
          borderColor: 'divider',
          borderRadius: 3,
          px: { xs: 3, md: 5 },
          py: { xs: 3, md: 4 },
        }}
      >
        <Typography variant="h1" sx={{ mb: lead ? 0.75 : 3 }}>
          {title}
        </Typography>
        {lead ? (
          <Typography color="text.secondary" sx={{ mb: 3 }}>
            {lead}
          </Typography>
        ) : null}
        {children}
      </Paper>
    </Box>
  );
}

/** A vertical stack of form fields with even spacing. */
export function FieldStack({ children }: { children: ReactNode }) {
  return <Box sx={{ display: 'grid', gap: 2.5 }}>{children}</Box>;
}
