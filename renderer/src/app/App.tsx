/**
 * The application frame: skip link, app bar (product name, gateway status) with the training
 * banner, the left navigation, and the main region showing the current section's lazily loaded
 * screen. It also starts the throttled activity pings that keep auto-lock informed.
 */
import { Suspense, useEffect } from 'react';
import AppBar from '@mui/material/AppBar';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import ForumOutlined from '@mui/icons-material/ForumOutlined';
import { carerelay } from '../platform/carerelay';
import { startActivityPings } from '../platform/activity';
import { AppDataProvider, useAppData } from './app-data';
import { AppNav } from './AppNav';
import { GatewayStatusIndicator } from './GatewayStatusIndicator';
import { useHashRoute } from './hash-route';
import { findSection, type Section } from './routes';
import { SectionErrorBoundary } from './SectionErrorBoundary';
import { TrainingBanner } from './TrainingBanner';

export function App() {
  useEffect(() => startActivityPings(carerelay()), []);
  return (
    <AppDataProvider>
      <Frame />
    </AppDataProvider>
  );
}

function ModeNotice() {
  const { info } = useAppData();
  if (info.state === 'ready' && info.value.mode === 'training') return <TrainingBanner />;
  if (info.state === 'error') {
    return (
      <Alert severity="warning" square sx={{ borderRadius: 0 }}>
        CareRelay could not confirm whether it is in training or production mode ({info.message}). Treat
        messages as going to real patients.
      </Alert>
    );
  }
  return null;
}

function Frame() {
  const route = useHashRoute();
  const section = findSection(route);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', bgcolor: 'background.default' }}>
      <Link
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: 2000,
          px: 2,
          py: 1,
          bgcolor: 'background.paper',
          borderRadius: 1,
          '&:focus': { top: 8 },
        }}
      >
        Skip to main content
      </Link>
      <AppBar
        component="header"
        position="static"
        color="inherit"
        sx={{ bgcolor: 'background.paper', borderBottom: 1, borderColor: 'divider' }}
      >
        <Toolbar sx={{ gap: 2, minHeight: { xs: 56 } }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, color: 'primary.main' }}>
            <ForumOutlined aria-hidden="true" />
            <Typography component="span" sx={{ fontSize: '1.125rem', fontWeight: 700, color: 'primary.dark' }}>
              CareRelay
            </Typography>
          </Box>
          <Box sx={{ flex: 1 }} />
          <GatewayStatusIndicator />
        </Toolbar>
        <ModeNotice />
      </AppBar>
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <AppNav current={section?.id ?? null} />
        <Box
          component="main"
          id="main"
          tabIndex={-1}
          sx={{ flex: 1, minWidth: 0, overflow: 'auto', px: { xs: 3, md: 5 }, py: 4 }}
        >
          {section ? <SectionView section={section} /> : <NotFound route={route} />}
        </Box>
      </Box>
    </Box>
  );
}

function SectionView({ section }: { section: Section }) {
  const { Page } = section;
  return (
    <SectionErrorBoundary key={section.id}>
      <Suspense fallback={<Loading label={section.label} />}>
        <Page />
      </Suspense>
    </SectionErrorBoundary>
  );
}

function Loading({ label }: { label: string }) {
  return (
    <Typography color="text.secondary" aria-live="polite">
      Opening {label}…
    </Typography>
  );
}

function NotFound({ route }: { route: string }) {
  return (
    <Box sx={{ maxWidth: 960, mx: 'auto' }}>
      <Typography variant="h1" sx={{ mb: 1 }}>
        Page not found
      </Typography>
      <Typography>
        CareRelay has no screen called “{route.slice(0, 40)}”. <Link href="#/inbox">Go to the Inbox</Link>.
      </Typography>
    </Box>
  );
}
