/**
 * The top of the app. `App` is the session gate: it follows main's session state and shows the
 * first-run wizard (no practice yet), the sign-in screen (signed out), the lock screen (locked)
 * or the application frame (unlocked). When the session leaves "unlocked" the frame and every
 * section are unmounted, so no screen state (and no PHI) stays in the page while it is locked;
 * the window title stays "CareRelay" throughout.
 *
 * When main cannot open the keychain or its stores ("unavailable") it says why, and nothing opens.
 *
 * The frame: skip link, app bar (product name, gateway status, user menu) with the training and
 * emergency banners, the left navigation (the sections the role can use), and the main region
 * showing the current section's lazily loaded screen. It also runs the throttled activity pings
 * that keep auto-lock informed, and holds the practice database provider (renderer/data/) whose
 * life matches the unlocked session.
 */
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import AppBar from '@mui/material/AppBar';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import ForumOutlined from '@mui/icons-material/ForumOutlined';
import type { SessionState, StaffUser } from '../../../shared/ipc';
import { roleAllows } from '../../../shared/accounts/roles';
import { carerelay } from '../platform/carerelay';
import { startActivityPings } from '../platform/activity';
import { AuthLayout } from '../session/AuthLayout';
import { LockScreen } from '../session/LockScreen';
import { SessionProvider, useSession, useSessionState } from '../session/session-context';
import { SignInScreen } from '../session/SignInScreen';
import { AppDataProvider, useAppData } from './app-data';
import { PracticeDbProvider } from '../../data/react/practice-db-context';
import { AppNav } from './AppNav';
import { StaffDirectoryProvider } from './staff-directory';
import { UnreadBadge } from './UnreadBadge';
import { EmergencyBanner } from './EmergencyBanner';
import { GatewayStatusIndicator } from './GatewayStatusIndicator';
import { routeFromHash, useHashRoute } from './hash-route';
import { findSection, type Section } from './routes';
import { SectionErrorBoundary } from './SectionErrorBoundary';
import { ProblemNotice } from './ProblemNotice';
import { TrainingBanner } from './TrainingBanner';
import { UserMenu } from './UserMenu';

const SetupWizard = lazy(() => import('../setup/SetupWizard'));

/**
 * A screen that must stay on show while main's state moves on: the wizard while the new
 * administrator reads the recovery codes, the sign-in screen after a first-sign-in enrolment.
 */
type Hold = 'setup' | 'enrolment' | null;

type Screen = 'unavailable' | 'wizard' | 'sign-in' | 'lock' | 'frame';

function screenFor(session: SessionState, hold: Hold): Screen {
  if (hold === 'setup' && (session.state === 'no-practice' || session.state === 'signed-out')) return 'wizard';
  if (hold === 'enrolment' && (session.state === 'signed-out' || session.state === 'unlocked')) return 'sign-in';
  switch (session.state) {
    case 'unavailable':
      return 'unavailable';
    case 'no-practice':
      return 'wizard';
    case 'signed-out':
      return 'sign-in';
    case 'locked':
      return 'lock';
    case 'unlocked':
      return session.user ? 'frame' : 'sign-in';
  }
}

/** Leaves only the section in the address (`#/patients/123` → `#/patients`) while not unlocked. */
function trimHashToSection(): void {
  const section = `#/${routeFromHash(window.location.hash)}`;
  if (window.location.hash !== section) window.history.replaceState(null, '', section);
}

export function App() {
  const { state, refresh } = useSessionState();
  const [hold, setHold] = useState<Hold>(null);

  const session = state.state === 'ready' ? state.value : null;
  const screen = session ? screenFor(session, hold) : null;
  const holdApplies =
    hold !== null && session !== null && ((hold === 'setup' && screen === 'wizard') || (hold === 'enrolment' && screen === 'sign-in'));

  useEffect(() => {
    if (hold !== null && session !== null && !holdApplies) setHold(null);
  }, [hold, session, holdApplies]);

  useEffect(() => {
    document.title = 'CareRelay';
    if (screen && screen !== 'frame') trimHashToSection();
  }, [screen, session]);

  const holdSetup = useCallback((on: boolean) => setHold(on ? 'setup' : null), []);
  const holdEnrolment = useCallback((on: boolean) => setHold(on ? 'enrolment' : null), []);

  if (state.state === 'loading') return <Starting />;
  if (state.state === 'error' || !session || !screen) {
    return (
      <AuthLayout title="CareRelay can’t start">
        <Alert severity="error" sx={{ mb: 2 }}>
          {state.state === 'error' ? state.message : 'CareRelay did not answer.'}
        </Alert>
        <Button variant="contained" onClick={refresh}>
          Try again
        </Button>
      </AuthLayout>
    );
  }

  let content: ReactNode;
  switch (screen) {
    case 'unavailable':
      content = <Unavailable problem={session.problem} refresh={refresh} />;
      break;
    case 'wizard':
      content = (
        <SectionErrorBoundary>
          <Suspense fallback={<Starting />}>
            <SetupWizard refresh={refresh} onHold={holdSetup} />
          </Suspense>
        </SectionErrorBoundary>
      );
      break;
    case 'sign-in':
      content = <SignInScreen practiceName={session.practiceName} refresh={refresh} onHold={holdEnrolment} />;
      break;
    case 'lock':
      content = <LockScreen session={session} refresh={refresh} />;
      break;
    case 'frame':
      // Keyed by user, so a different person never inherits the previous person's screens.
      content = session.user ? <SignedIn key={session.user.id} user={session.user} /> : null;
      break;
  }
  return (
    <SessionProvider value={{ session, refresh }}>
      {content}
      <ProblemNotice />
    </SessionProvider>
  );
}

function Unavailable({ problem, refresh }: { problem: string | null; refresh: () => void }) {
  return (
    <AuthLayout title="CareRelay can’t open its secure storage">
      <Alert severity="error" sx={{ mb: 2 }}>
        {problem ?? 'CareRelay could not open the key it keeps in this computer’s keychain, so it opens nothing.'}
      </Alert>
      <Typography sx={{ mb: 2 }}>
        No patient information is shown or sent until this is fixed. If it keeps happening, contact the practice’s
        CareRelay administrator.
      </Typography>
      <Button variant="contained" onClick={refresh}>
        Try again
      </Button>
    </AuthLayout>
  );
}

function Starting() {
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'background.default' }}>
      <Typography color="text.secondary" aria-live="polite">
        Starting CareRelay…
      </Typography>
    </Box>
  );
}

function SignedIn({ user }: { user: StaffUser }) {
  useEffect(() => startActivityPings(carerelay()), []);
  // The practice database opens here (key hand-over after unlock or sign-in) and closes, dropping
  // its keys, when this unmounts at lock or sign-out.
  return (
    <AppDataProvider>
      <PracticeDbProvider api={carerelay()} staffId={user.id}>
        <StaffDirectoryProvider>
          <UnreadBadge />
          <Frame user={user} />
        </StaffDirectoryProvider>
      </PracticeDbProvider>
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

function Frame({ user }: { user: StaffUser }) {
  const { session } = useSession();
  const route = useHashRoute();
  const section = findSection(route);
  const allowed = section ? section.explainsItself || roleAllows(user.role, section.permission) : false;

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
          <UserMenu user={user} />
        </Toolbar>
        {session.emergency ? <EmergencyBanner emergency={session.emergency} /> : null}
        <ModeNotice />
      </AppBar>
      <Box sx={{ display: 'flex', flex: 1, minHeight: 0 }}>
        <AppNav current={section?.id ?? null} role={user.role} />
        <Box
          component="main"
          id="main"
          tabIndex={-1}
          sx={{ flex: 1, minWidth: 0, overflow: 'auto', px: { xs: 3, md: 5 }, py: 4 }}
        >
          {section && allowed ? (
            <SectionView section={section} />
          ) : section ? (
            <NotForRole section={section} />
          ) : (
            <NotFound route={route} />
          )}
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

function NotForRole({ section }: { section: Section }) {
  return (
    <Box sx={{ maxWidth: 960, mx: 'auto' }}>
      <Typography variant="h1" sx={{ mb: 1 }}>
        {section.label}
      </Typography>
      <Typography>
        Your role can’t use {section.label}. If you need it, ask the practice’s administrator.{' '}
        <Link href="#/inbox">Go to the Inbox</Link>.
      </Typography>
    </Box>
  );
}
