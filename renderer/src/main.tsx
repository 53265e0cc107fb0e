/**
 * Renderer entry: checks that the page has CareRelay's bridge (`window.carerelay`), applies the
 * theme, and mounts the application frame, or the full-screen "can't start" error without one.
 * It also starts downloading the landing section's code at once, alongside React's first render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import { App } from './app/App';
import { normaliseInitialHash, routeFromHash } from './app/hash-route';
import { findSection } from './app/routes';
import { focusHeadingsAfterNavigation } from './components/Page';
import { BridgeMissing } from './platform/BridgeMissing';
import { findCareRelay } from './platform/carerelay';
import { reportProblemsToMain } from './platform/problem-reports';
import { theme } from './theme';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');

const bridge = findCareRelay();
if (bridge) {
  reportProblemsToMain(bridge);
  normaliseInitialHash();
  focusHeadingsAfterNavigation();
  void findSection(routeFromHash(window.location.hash))?.load().catch(() => undefined);
}

createRoot(container).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      {bridge ? <App /> : <BridgeMissing />}
    </ThemeProvider>
  </StrictMode>,
);
