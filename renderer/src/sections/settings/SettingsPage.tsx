/**
 * Settings. The practice (name, time zone, phone number) and the idle lock ("Lock after N
 * minutes idle", 1–30, never off) are read from main for everyone and editable by
 * administrators (`settings.get` / `settings.update`, audited in main). Administrators also get
 * the Users panel, the SMS gateway panel (mode, credentials, test connection, BAA, holds) and the
 * "Wipe this computer" danger zone, all loaded only for them; others see the gateway read-only.
 * Training mode and this copy of CareRelay are shown read-only for everyone.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppInfo, GatewayStatus, Settings } from '../../../../shared/ipc';
import { roleAllows } from '../../../../shared/accounts/roles';
import { UpdatesPanel } from './UpdatesPanel';
import { useAppData, type Loadable } from '../../app/app-data';
import { GATEWAY_KIND_LABEL, GATEWAY_STATE_DETAIL, GATEWAY_STATE_LABEL } from '../../app/gateway-labels';
import { SectionErrorBoundary } from '../../app/SectionErrorBoundary';
import { Page } from '../../components/Page';
import { PhoneField } from '../../components/PhoneField';
import { call } from '../../platform/call';
import { useCall } from '../../platform/use-call';
import { carerelay } from '../../platform/carerelay';
import { useSession } from '../../session/session-context';
import { formatUsPhone, normaliseUsPhone } from '../../session/validation';
import { TimeZoneField } from '../../setup/TimeZoneField';

const UsersPanel = lazy(() => import('./UsersPanel'));
const GatewayPanel = lazy(() => import('./GatewayPanel'));
const WipeSection = lazy(() => import('./WipeSection'));
const DesksPanel = lazy(() => import('./DesksPanel'));

function useSettings(): [Loadable<Settings>, (value: Settings) => void] {
  const [settings, setSettings] = useState<Loadable<Settings>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void call(() => carerelay().settings.get()).then((result) => {
      if (!live) return;
      setSettings(result.ok ? { state: 'ready', value: result.value } : { state: 'error', message: result.error.message });
    });
    return () => {
      live = false;
    };
  }, []);
  return [settings, (value) => setSettings({ state: 'ready', value })];
}

type Row = [label: string, value: ReactNode];

function value<T>(loadable: Loadable<T>, render: (v: T) => Row[], label: string): Row[] {
  if (loadable.state === 'ready') return render(loadable.value);
  if (loadable.state === 'loading') return [[label, 'Loading…']];
  return [[label, `Unavailable: ${loadable.message}`]];
}

function formatTime(iso: string | null): string {
  if (!iso) return 'Not yet';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'Unknown' : date.toLocaleString();
}

function SettingsGroup({ id, title, rows, note }: { id: string; title: string; rows: Row[]; note?: ReactNode }) {
  return (
    <Paper component="section" aria-labelledby={id} sx={{ border: 1, borderColor: 'divider', borderRadius: 3, p: 3 }}>
      <Typography variant="h2" id={id} sx={{ mb: 2 }}>
        {title}
      </Typography>
      <Box
        component="dl"
        sx={{
          m: 0,
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: 'minmax(160px, 220px) 1fr' },
          columnGap: 3,
          rowGap: 1.25,
          '& dt': { color: 'text.secondary', fontSize: '0.875rem' },
          '& dd': { m: 0, fontSize: '0.9375rem', fontWeight: 500 },
        }}
      >
        {rows.map(([label, content]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd>{content}</dd>
          </Box>
        ))}
      </Box>
      {note ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          {note}
        </Typography>
      ) : null}
    </Paper>
  );
}

export default function SettingsPage() {
  const { info, gateway } = useAppData();
  const { session } = useSession();
  const isAdmin = session.user ? roleAllows(session.user.role, 'settings.manage') : false;
  const canManageUsers = session.user ? roleAllows(session.user.role, 'users.manage') : false;
  const canWipe = session.user ? roleAllows(session.user.role, 'device.wipe') : false;
  const canManageGateway = session.user ? roleAllows(session.user.role, 'gateway.manage') : false;
  const [settings, setSettings] = useSettings();

  const gatewayRows = value<GatewayStatus>(
    gateway,
    (g) => [
      ['Gateway', GATEWAY_KIND_LABEL[g.kind]],
      ['Connection', `${GATEWAY_STATE_LABEL[g.state]} — ${GATEWAY_STATE_DETAIL[g.state]}`],
      ['Waiting in outbox', g.queueDepth === 1 ? '1 message' : `${g.queueDepth} messages`],
      ['Last contact', formatTime(g.lastContactAt)],
    ],
    'Gateway',
  );

  const modeRows = value<AppInfo>(
    info,
    (i) => [
      [
        'Mode',
        i.mode === 'training'
          ? 'Training — messages go to simulated patients on the sandbox gateway'
          : 'Production — messages go to real patients',
      ],
    ],
    'Mode',
  );

  const appRows = value<AppInfo>(
    info,
    (i) => [
      ['Version', `${i.name} ${i.version}`],
      ['Running in', i.host === 'electron' ? 'Desktop app' : 'Browser (development host)'],
      ['Platform', i.platform],
    ],
    'CareRelay',
  );

  return (
    <Page
      title="Settings"
      lead={
        isAdmin
          ? 'How this copy of CareRelay is set up. Changes are recorded in the audit trail.'
          : 'How this copy of CareRelay is set up. Only administrators can change these settings.'
      }
    >
      <Box sx={{ display: 'grid', gap: 2.5 }}>
        {settings.state === 'ready' ? (
          isAdmin ? (
            <PracticeForm settings={settings.value} onSaved={setSettings} />
          ) : (
            <SettingsGroup id="settings-practice" title="Practice" rows={practiceRows(settings.value)} />
          )
        ) : (
          <SettingsGroup
            id="settings-practice"
            title="Practice"
            rows={[['Practice', settings.state === 'loading' ? 'Loading…' : `Unavailable: ${settings.message}`]]}
          />
        )}
        {canManageUsers ? (
          <Lazy label="Users">
            <UsersPanel />
          </Lazy>
        ) : null}
        {canManageGateway ? (
          <Lazy label="SMS gateway">
            <GatewayPanel />
          </Lazy>
        ) : (
          <SettingsGroup
            id="settings-gateway"
            title="SMS gateway"
            rows={gatewayRows}
            note="A production gateway can only be connected after an administrator records the gateway’s Business Associate Agreement."
          />
        )}
        {isAdmin ? (
          <Lazy label="Desks">
            <DesksPanel />
          </Lazy>
        ) : null}
        <SettingsGroup id="settings-mode" title="Training mode" rows={modeRows} />
        <SettingsGroup id="settings-app" title="This copy of CareRelay" rows={appRows} />
        <UpdatesPanel isAdmin={isAdmin} />
        {canWipe ? (
          <Lazy label="Wipe this computer">
            <WipeSection />
          </Lazy>
        ) : null}
      </Box>
    </Page>
  );
}

function Lazy({ label, children }: { label: string; children: ReactNode }) {
  return (
    <SectionErrorBoundary>
      <Suspense
        fallback={
          <Typography color="text.secondary" aria-live="polite">
            Opening {label}…
          </Typography>
        }
      >
        {children}
      </Suspense>
    </SectionErrorBoundary>
  );
}

function minutes(n: number): string {
  return n === 1 ? '1 minute' : `${n} minutes`;
}

function practiceRows(settings: Settings): Row[] {
  return [
    ['Practice name', settings.practice.name],
    ['Time zone', settings.practice.timeZone.replace(/_/g, ' ')],
    ['Phone number', formatUsPhone(settings.practice.phone)],
    ['Lock after', `${minutes(settings.idleMinutes)} without activity`],
    [
      'Authenticator code to unlock',
      settings.unlockCodeAfterMinutes === 0
        ? 'Always'
        : `When locked for more than ${minutes(settings.unlockCodeAfterMinutes)}`,
    ],
  ];
}

function PracticeForm({ settings, onSaved }: { settings: Settings; onSaved: (value: Settings) => void }) {
  const [name, setName] = useState(settings.practice.name);
  const [timeZone, setTimeZone] = useState(settings.practice.timeZone);
  const [phone, setPhone] = useState(formatUsPhone(settings.practice.phone));
  const [idle, setIdle] = useState(String(settings.idleMinutes));
  const [codeAfter, setCodeAfter] = useState(String(settings.unlockCodeAfterMinutes));
  const [tried, setTried] = useState(false);
  const { busy, error, setError, run } = useCall();
  const [saved, setSaved] = useState(false);

  const nameOk = name.trim().length >= 2;
  const phoneE164 = normaliseUsPhone(phone);
  const idleNumber = /^\d+$/.test(idle.trim()) ? Number(idle.trim()) : NaN;
  const idleOk = Number.isInteger(idleNumber) && idleNumber >= 1 && idleNumber <= 30;
  const codeAfterNumber = /^\d+$/.test(codeAfter.trim()) ? Number(codeAfter.trim()) : NaN;
  const codeAfterOk = Number.isInteger(codeAfterNumber) && codeAfterNumber >= 0 && codeAfterNumber <= 1440;

  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    setSaved(false);
    set(v);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setTried(true);
    setSaved(false);
    if (!nameOk || !phoneE164 || !idleOk || !codeAfterOk) {
      setError('Check the fields marked below.');
      return;
    }
    const result = await run(() =>
      carerelay().settings.update({
        practice: { name: name.trim(), timeZone, phone: phoneE164 },
        idleMinutes: idleNumber,
        unlockCodeAfterMinutes: codeAfterNumber,
      }),
    );
    if (!result.ok) return;
    setTried(false);
    setSaved(true);
    onSaved(result.value);
  };

  return (
    <Paper component="section" aria-labelledby="settings-practice" sx={{ border: 1, borderColor: 'divider', borderRadius: 3, p: 3 }}>
      <Typography variant="h2" id="settings-practice" sx={{ mb: 2 }}>
        Practice and locking
      </Typography>
      <form onSubmit={(e) => void save(e)} noValidate autoComplete="off">
        <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
          {error ? (
            <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
              {error}
            </Alert>
          ) : null}
          <TextField
            label="Practice name"
            value={name}
            onChange={(e) => edit(setName)(e.target.value.slice(0, 120))}
            fullWidth
            error={tried && !nameOk}
            helperText={tried && !nameOk ? 'Enter the practice’s name (at least 2 characters).' : undefined}
            slotProps={{ htmlInput: { required: true, maxLength: 120 } }}
          />
          <PhoneField
            label="Practice phone number"
            value={phone}
            onChange={edit(setPhone)}
            showProblem={tried && !phoneE164}
            problem="Enter a 10-digit US phone number."
            required
          />
          <Box sx={{ gridColumn: '1 / -1' }}>
            <TimeZoneField value={timeZone} onChange={edit(setTimeZone)} />
          </Box>
          <TextField
            label="Lock after (minutes)"
            type="number"
            value={idle}
            onChange={(e) => edit(setIdle)(e.target.value)}
            fullWidth
            error={tried && !idleOk}
            helperText={
              tried && !idleOk
                ? 'Choose between 1 and 30 minutes.'
                : 'CareRelay locks after this many minutes without activity (1–30). It can’t be turned off.'
            }
            slotProps={{ htmlInput: { required: true, min: 1, max: 30, step: 1, inputMode: 'numeric' } }}
          />
          <TextField
            label="Ask for the authenticator code after (minutes locked)"
            type="number"
            value={codeAfter}
            onChange={(e) => edit(setCodeAfter)(e.target.value)}
            fullWidth
            error={tried && !codeAfterOk}
            helperText={
              tried && !codeAfterOk
                ? 'Choose between 0 and 1440 minutes.'
                : 'Unlocking after a longer lock needs the code as well as the password. 0 asks every time.'
            }
            slotProps={{ htmlInput: { required: true, min: 0, max: 1440, step: 1, inputMode: 'numeric' } }}
          />
          <Box sx={{ gridColumn: '1 / -1', display: 'flex', alignItems: 'center', gap: 2 }}>
            <Button type="submit" variant="contained" disabled={busy}>
              Save
            </Button>
            <Typography role="status" variant="body2" sx={{ color: 'success.dark', fontWeight: 600 }}>
              {saved ? 'Settings saved.' : ''}
            </Typography>
          </Box>
        </Box>
      </form>
    </Paper>
  );
}
