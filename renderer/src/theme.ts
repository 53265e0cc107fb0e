/**
 * The CareRelay look: a calm clinical palette (deep teal on cool greys), a readable 14–15px base
 * on the operating system's own font (no web fonts), and colours chosen for WCAG AA contrast or
 * better. Status and banner colours live here too so every screen uses the same ones.
 */
import { createTheme } from '@mui/material/styles';

/** System fonts only: nothing is downloaded, and the CSP allows no font origins. */
const SYSTEM_FONTS = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  '"Noto Sans"',
  'Arial',
  'sans-serif',
].join(',');

/**
 * Colours outside MUI's palette. Every text/background pair here is at least 7:1 except
 * where noted (all are at least 4.5:1).
 */
export const tokens = {
  ink: '#15232c', // body text on white: ~15:1
  inkMuted: '#43525c', // secondary text on white: ~8:1, on page background ~7.5:1
  page: '#f4f6f8',
  surface: '#ffffff',
  line: '#d5dce1',
  focus: '#0a5cc2',
  training: {
    background: '#fff4dc',
    border: '#b86e00',
    text: '#3d2a00', // on the training background: ~12:1
    icon: '#8a5200',
  },
  gateway: {
    online: { dot: '#1e7b3a', background: '#e8f4ec', text: '#123d20' },
    degraded: { dot: '#a35f00', background: '#fff3df', text: '#4a2c00' },
    offline: { dot: '#b3261e', background: '#fde9e7', text: '#5c1410' },
    unknown: { dot: '#5f6b73', background: '#eef1f3', text: '#27333b' },
  },
  nav: {
    selectedBackground: '#e1eff3',
    selectedText: '#064a5e', // on the selected background: ~8:1
  },
} as const;

export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#0b5f78', dark: '#064a5e', light: '#3f8aa1', contrastText: '#ffffff' },
    secondary: { main: '#4b5d8c', contrastText: '#ffffff' },
    error: { main: '#b3261e' },
    warning: { main: '#a35f00' },
    success: { main: '#1e7b3a' },
    info: { main: '#0a5cc2' },
    background: { default: tokens.page, paper: tokens.surface },
    text: { primary: tokens.ink, secondary: tokens.inkMuted },
    divider: tokens.line,
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily: SYSTEM_FONTS,
    fontSize: 14,
    h1: { fontSize: '1.625rem', fontWeight: 600, lineHeight: 1.25, letterSpacing: 0 },
    h2: { fontSize: '1.25rem', fontWeight: 600, lineHeight: 1.3, letterSpacing: 0 },
    h3: { fontSize: '1.0625rem', fontWeight: 600, lineHeight: 1.35, letterSpacing: 0 },
    body1: { fontSize: '0.9375rem', lineHeight: 1.55 },
    body2: { fontSize: '0.875rem', lineHeight: 1.5 },
    button: { textTransform: 'none', fontWeight: 600, fontSize: '0.875rem' },
  },
  components: {
    MuiCssBaseline: {
      styleOverrides: {
        // A focus ring that is always visible on keyboard focus, whatever the component.
        'a:focus-visible, button:focus-visible, [tabindex]:focus-visible': {
          outline: `3px solid ${tokens.focus}`,
          outlineOffset: 2,
        },
        '[tabindex="-1"]:focus': { outline: 'none' },
      },
    },
    MuiButtonBase: { defaultProps: { disableRipple: true } },
    MuiAppBar: { defaultProps: { elevation: 0 } },
    MuiPaper: { defaultProps: { elevation: 0 } },
  },
});
