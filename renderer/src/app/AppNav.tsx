/**
 * The left navigation: one link per section (plain `#/…` anchors, so Tab, Enter, Back and
 * Forward behave as in any page), the current one marked with aria-current, and Up/Down/Home/End
 * moving between links for keyboard users. Only the sections the signed-in role can use are
 * listed (main refuses the rest anyway).
 */
import type { KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { tokens } from '../theme';
import type { Role } from '../../../shared/accounts/roles';
import { sectionsFor, type SectionId } from './routes';

export const NAV_WIDTH = 224;

function moveFocus(event: KeyboardEvent<HTMLElement>) {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[href]'));
  const index = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (index < 0 || links.length === 0) return;
  event.preventDefault();
  const last = links.length - 1;
  const next =
    event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowDown' ? (index === last ? 0 : index + 1) : index === 0 ? last : index - 1;
  links[next]?.focus();
}

export function AppNav({ current, role }: { current: SectionId | null; role: Role }) {
  return (
    <Box
      component="nav"
      aria-label="Sections"
      sx={{
        width: NAV_WIDTH,
        flexShrink: 0,
        borderRight: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        py: 1.5,
      }}
    >
      <List disablePadding onKeyDown={moveFocus} sx={{ px: 1 }}>
        {sectionsFor(role).map(({ id, label, href, Icon, load }) => {
          const selected = id === current;
          return (
            <ListItem key={id} disablePadding sx={{ mb: 0.5 }}>
              <ListItemButton
                component="a"
                href={href}
                selected={selected}
                aria-current={selected ? 'page' : undefined}
                // Start fetching a section's code as soon as the pointer or focus reaches its link.
                onPointerEnter={() => void load().catch(() => undefined)}
                onFocus={() => void load().catch(() => undefined)}
                sx={{
                  borderRadius: 2,
                  minHeight: 44,
                  color: 'text.primary',
                  '& .MuiListItemIcon-root': { color: 'text.secondary', minWidth: 40 },
                  '&.Mui-selected, &.Mui-selected:hover': {
                    bgcolor: tokens.nav.selectedBackground,
                    color: tokens.nav.selectedText,
                    boxShadow: `inset 3px 0 0 ${tokens.nav.selectedText}`,
                  },
                  '&.Mui-selected .MuiListItemIcon-root': { color: tokens.nav.selectedText },
                }}
              >
                <ListItemIcon aria-hidden="true">
                  <Icon />
                </ListItemIcon>
                <ListItemText
                  primary={label}
                  slotProps={{ primary: { sx: { fontWeight: selected ? 700 : 500, fontSize: '0.9375rem' } } }}
                />
              </ListItemButton>
            </ListItem>
          );
        })}
      </List>
    </Box>
  );
}
