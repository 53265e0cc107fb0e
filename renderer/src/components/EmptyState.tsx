/**
 * The empty state a section shows before it has anything in it: an icon, a heading saying what
 * is missing, what will appear here and how it gets here, and optional points and actions.
 */
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type SvgIcon from '@mui/material/SvgIcon';

export interface EmptyStateProps {
  Icon: typeof SvgIcon;
  title: string;
  description: ReactNode;
  /** Short facts about what will appear, shown as a list. */
  points?: readonly ReactNode[];
  pointsLabel?: string;
  footer?: ReactNode;
}

export function EmptyState({ Icon, title, description, points, pointsLabel, footer }: EmptyStateProps) {
  return (
    <Paper
      component="section"
      aria-labelledby="empty-state-title"
      sx={{ border: 1, borderColor: 'divider', borderRadius: 3, px: { xs: 3, md: 5 }, py: { xs: 4, md: 5 } }}
    >
      <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start', flexWrap: { xs: 'wrap', sm: 'nowrap' } }}>
        <Box
          aria-hidden="true"
          sx={{
            flexShrink: 0,
            width: 56,
            height: 56,
            borderRadius: '50%',
            display: 'grid',
            placeItems: 'center',
            bgcolor: '#e1eff3',
            color: 'primary.main',
          }}
        >
          <Icon sx={{ fontSize: 30 }} />
        </Box>
        <Box sx={{ minWidth: 0, maxWidth: 640 }}>
          <Typography variant="h2" id="empty-state-title" sx={{ mb: 1 }}>
            {title}
          </Typography>
          <Typography sx={{ mb: points?.length || footer ? 2 : 0 }}>{description}</Typography>
          {points?.length ? (
            <>
              {pointsLabel ? (
                <Typography variant="h3" sx={{ mb: 1 }}>
                  {pointsLabel}
                </Typography>
              ) : null}
              <Box component="ul" sx={{ m: 0, mb: footer ? 2 : 0, pl: 2.5, '& li': { mb: 0.75 } }}>
                {points.map((point, i) => (
                  <Typography component="li" key={i} variant="body2" color="text.secondary">
                    {point}
                  </Typography>
                ))}
              </Box>
            </>
          ) : null}
          {footer}
        </Box>
      </Box>
    </Paper>
  );
}
