/**
 * The layout every section screen uses: one h1 with an optional lead sentence, then content.
 * After an in-app navigation the h1 takes focus, so keyboard and screen-reader users land at
 * the top of the new screen (on first load focus is left alone).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

let focusHeadingOnNextPage = false;

/**
 * Called once at start-up, before React subscribes to the hash, so the flag is set before the
 * next screen renders, whether its module is already loaded or still downloading.
 */
export function focusHeadingsAfterNavigation(): void {
  window.addEventListener('hashchange', () => {
    focusHeadingOnNextPage = true;
  });
}

export interface PageProps {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}

export function Page({ title, lead, actions, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focusHeadingOnNextPage) return;
    focusHeadingOnNextPage = false;
    heading.current?.focus();
  }, []);

  return (
    <Box sx={{ maxWidth: 960, mx: 'auto' }}>
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, mb: 3 }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="h1" ref={heading} tabIndex={-1} sx={{ mb: lead ? 0.75 : 0 }}>
            {title}
          </Typography>
          {lead ? (
            <Typography color="text.secondary" sx={{ maxWidth: 680 }}>
              {lead}
            </Typography>
          ) : null}
        </Box>
        {actions ? <Box sx={{ flexShrink: 0 }}>{actions}</Box> : null}
      </Box>
      {children}
    </Box>
  );
}
