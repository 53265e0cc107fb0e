/**
 * Settings: read-only for now. Shows the practice set-up state, the SMS gateway (kind,
 * connectivity, outbox, last contact), training or production mode, and this copy of
 * CareRelay, all read from main. Administrators will change them here once accounts exist.
 */
import { useEffect, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AppInfo, GatewayStatus, SessionState } from '../../../../shared/ipc';
import { useAppData, type Loadable } from '../../app/app-data';
import { GATEWAY_KIND_LABEL, GATEWAY_STATE_DETAIL, GATEWAY_STATE_LABEL } from '../../app/gateway-labels';
import { Page } from '../../components/Page';
import { carerelay } from '../../platform/carerelay';

const PRACTICE_STATE: Record<SessionState['state'], string> = {
  'no-practice': 'Not set up yet',
  'signed-out': 'Set up · nobody signed in',
  unlocked: 'Set up · signed in',
  locked: 'Set up · locked',
};

function useSessionState(): Loadable<SessionState> {
  const [state, setState] = useState<Loadable<SessionState>>({ state: 'loading' });
  useEffect(() => {
    const api = carerelay();
    let live = true;
    let heardEvent = false;
    const unsubscribe = api.session.onStateChanged((value) => {
      if (!live) return;
      heardEvent = true;
      setState({ state: 'ready', value });
    });
    api.session
      .getState()
      .then((result) => {
        if (!live || heardEvent) return;
        setState(result.ok ? { state: 'ready', value: result.value } : { state: 'error', message: result.error.message });
      })
      .catch(() => live && !heardEvent && setState({ state: 'error', message: 'CareRelay did not answer.' }));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return state;
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
  const session = useSessionState();

  const practiceRows = value(session, (s) => [['Practice', PRACTICE_STATE[s.state]]], 'Practice');

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
      lead="How this copy of CareRelay is set up. Read-only for now: administrators will change these settings here once staff accounts are in place."
    >
      <Box sx={{ display: 'grid', gap: 2.5 }}>
        <SettingsGroup id="settings-practice" title="Practice" rows={practiceRows} />
        <SettingsGroup
          id="settings-gateway"
          title="SMS gateway"
          rows={gatewayRows}
          note="A production gateway can only be connected after an administrator records the gateway’s Business Associate Agreement."
        />
        <SettingsGroup id="settings-mode" title="Training mode" rows={modeRows} />
        <SettingsGroup id="settings-app" title="This copy of CareRelay" rows={appRows} />
      </Box>
    </Page>
  );
}
