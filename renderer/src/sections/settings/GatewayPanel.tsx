/**
 * The administrator's SMS gateway panel: the current mode (Training / Production) and connection
 * status, the configuration lint (what is not compliant for sending PHI), the real gateway's
 * settings (base URL, account SID, API key SID and secret, practice number, removing message
 * text after syncing), "Test connection" with the typed values (nothing is sent), Save, the
 * gateway vendor's Business Associate Agreement, and the sending holds main keeps (automated
 * sending halted after a registration error, numbers suspended after carrier failures). The
 * secret is never shown or prefilled: the field stays empty and its placeholder shows the
 * masked value main holds. Main validates, stores through the vault and audits every change.
 * Loaded only for administrators.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Switch from '@mui/material/Switch';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GatewaySettingsView } from '../../../../shared/ipc/channels/sync';
import { lintGatewayConfig } from '../../../../shared/sync/gateway-config-lint';
import { useAppData, type Loadable } from '../../app/app-data';
import { GATEWAY_STATE_DETAIL, GATEWAY_STATE_LABEL } from '../../app/gateway-labels';
import { PhoneField } from '../../components/PhoneField';
import { call } from '../../platform/call';
import { useCall } from '../../platform/use-call';
import { carerelay } from '../../platform/carerelay';
import { formatUsPhone, normaliseUsPhone } from '../../session/validation';
import { localDate } from '../../app/local-date';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const KEY_SID = /^(SK|AC)[0-9a-fA-F]{32}$/;

const sectionSx = { border: 1, borderColor: 'divider', borderRadius: 3, p: 3 } as const;

export default function GatewayPanel() {
  const [settings, setSettings] = useState<Loadable<GatewaySettingsView>>({ state: 'loading' });

  const load = useCallback(async (isLive: () => boolean = () => true) => {
    const result = await call(() => carerelay().gateway.getSettings({}));
    if (!isLive()) return;
    setSettings(result.ok ? { state: 'ready', value: result.value } : { state: 'error', message: result.error.message });
  }, []);

  useEffect(() => {
    let live = true;
    void load(() => live);
    return () => {
      live = false;
    };
  }, [load]);

  const saved = (value: GatewaySettingsView) => setSettings({ state: 'ready', value });

  return (
    <Paper component="section" aria-labelledby="settings-gateway" sx={sectionSx}>
      <Typography variant="h2" id="settings-gateway" sx={{ mb: 0.5 }}>
        SMS gateway
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Training mode sends only to simulated patients. A real gateway sends to patients’ phones; production sending
        stays blocked until the gateway vendor’s Business Associate Agreement (BAA) is recorded below.
      </Typography>
      {settings.state === 'loading' ? <Typography color="text.secondary">Loading gateway settings…</Typography> : null}
      {settings.state === 'error' ? <Alert severity="error">{settings.message}</Alert> : null}
      {settings.state === 'ready' ? (
        <Box sx={{ display: 'grid', gap: 3 }}>
          <Overview settings={settings.value} />
          <ConnectionForm settings={settings.value} onSaved={saved} />
          <BaaSection settings={settings.value} onSaved={saved} />
          <HoldsSection settings={settings.value} onSaved={saved} onRefresh={() => void load()} />
        </Box>
      ) : null}
    </Paper>
  );
}

function Overview({ settings }: { settings: GatewaySettingsView }) {
  const { gateway } = useAppData();
  const findings = lintGatewayConfig(settings);
  const connection =
    gateway.state === 'ready' ? `${GATEWAY_STATE_LABEL[gateway.value.state]} — ${GATEWAY_STATE_DETAIL[gateway.value.state]}` : 'Unknown';
  return (
    <Box sx={{ display: 'grid', gap: 1.5 }}>
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gridTemplateColumns: { xs: '1fr', sm: 'minmax(160px, 220px) 1fr' }, columnGap: 3, rowGap: 1, '& dt': { color: 'text.secondary', fontSize: '0.875rem' }, '& dd': { m: 0, fontWeight: 500 } }}
      >
        <dt>Current mode</dt>
        <dd data-testid="gateway-mode">{settings.mode === 'training' ? 'Training' : 'Production'}</dd>
        <dt>Connection</dt>
        <dd>{connection}</dd>
        <dt>Business Associate Agreement</dt>
        <dd>{settings.baa ? `Recorded (signed ${settings.baa.signedOn})` : 'Not recorded'}</dd>
      </Box>
      {settings.mode === 'production' && !settings.baa ? (
        <Alert severity="error">
          Production sending is blocked: every message is refused until the gateway vendor’s BAA is recorded.
        </Alert>
      ) : null}
      {findings.length > 0 ? (
        <Box component="section" aria-labelledby="gateway-lint">
          <Typography variant="h3" id="gateway-lint" sx={{ fontSize: '1rem', fontWeight: 600, mb: 1 }}>
            Settings that are not compliant
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 0, listStyle: 'none', display: 'grid', gap: 1 }}>
            {findings.map((f) => (
              <li key={f.code}>
                <Alert severity={f.severity === 'blocking' ? 'error' : 'warning'}>{f.message}</Alert>
              </li>
            ))}
          </Box>
        </Box>
      ) : settings.mode === 'production' ? (
        <Alert severity="success">The gateway configuration passes the compliance checks.</Alert>
      ) : null}
    </Box>
  );
}

function ConnectionForm({ settings, onSaved }: { settings: GatewaySettingsView; onSaved: (v: GatewaySettingsView) => void }) {
  const [mode, setMode] = useState(settings.mode);
  const [baseUrl, setBaseUrl] = useState(settings.baseUrl ?? '');
  const [accountSid, setAccountSid] = useState(settings.accountSid ?? '');
  const [apiKeySid, setApiKeySid] = useState(settings.apiKeySid ?? '');
  const [secret, setSecret] = useState('');
  const [fromNumber, setFromNumber] = useState(settings.fromNumber ? formatUsPhone(settings.fromNumber) : '');
  const [redact, setRedact] = useState(settings.redactAfterSync);
  const [keywords, setKeywords] = useState(settings.keywordReplies);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState<null | 'save' | 'test'>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);

  const production = mode === 'production';
  const urlOk = baseUrl.trim() === '' ? !production : /^https?:\/\/\S+$/i.test(baseUrl.trim());
  const accountOk = accountSid.trim() === '' ? !production : ACCOUNT_SID.test(accountSid.trim());
  const keyOk = apiKeySid.trim() === '' ? !production : KEY_SID.test(apiKeySid.trim());
  const secretOk = secret === '' ? !production || settings.secretHint !== null : secret.length >= 16 && secret.length <= 128;
  const phone = fromNumber.trim() === '' ? null : normaliseUsPhone(fromNumber);
  const phoneOk = fromNumber.trim() === '' ? !production : phone !== null;

  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    setNotice('');
    setTest(null);
    set(v);
  };

  const typed = () => ({
    ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    ...(accountSid.trim() ? { accountSid: accountSid.trim() } : {}),
    ...(apiKeySid.trim() ? { apiKeySid: apiKeySid.trim() } : {}),
    ...(secret ? { secret } : {}),
  });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setTried(true);
    setNotice('');
    if (!urlOk || !accountOk || !keyOk || !secretOk || !phoneOk) {
      setError('Check the fields marked below.');
      return;
    }
    setBusy('save');
    setError(null);
    const result = await call(() =>
      carerelay().gateway.updateSettings({ mode, redactAfterSync: redact, keywordReplies: keywords, ...typed(), ...(phone ? { fromNumber: phone } : {}) }),
    );
    setBusy(null);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setSecret('');
    setTried(false);
    onSaved(result.value);
    setNotice(result.value.mode === 'production' ? 'Saved. CareRelay now uses the real gateway.' : 'Saved. CareRelay is in training mode.');
  };

  const runTest = async () => {
    if (busy) return;
    setBusy('test');
    setTest(null);
    const result = await call(() => carerelay().gateway.testConnection(production ? typed() : {}));
    setBusy(null);
    setTest(result.ok ? { ok: result.value.ok, message: result.value.message } : { ok: false, message: result.error.message });
  };

  return (
    <Box component="form" onSubmit={(e: FormEvent) => void save(e)} noValidate autoComplete="off" aria-labelledby="gateway-connection">
      <Typography variant="h3" id="gateway-connection" sx={{ fontSize: '1.0625rem', fontWeight: 600, mb: 1.5 }}>
        Connection
      </Typography>
      <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        {error ? (
          <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
            {error}
          </Alert>
        ) : null}
        <Box sx={{ gridColumn: '1 / -1' }}>
          <FormLabel id="gateway-mode-label">Mode</FormLabel>
          <RadioGroup row aria-labelledby="gateway-mode-label" value={mode} onChange={(e) => edit(setMode)(e.target.value as 'training' | 'production')}>
            <FormControlLabel value="training" control={<Radio />} label="Training (simulated patients)" />
            <FormControlLabel value="production" control={<Radio />} label="Production (real gateway)" />
          </RadioGroup>
        </Box>
        <TextField
          label="Base URL"
          value={baseUrl}
          onChange={(e) => edit(setBaseUrl)(e.target.value.slice(0, 300))}
          fullWidth
          error={tried && !urlOk}
          helperText={tried && !urlOk ? 'Enter the gateway’s https address, e.g. https://api.twilio.com.' : 'The provider’s https address.'}
          slotProps={{ htmlInput: { maxLength: 300, inputMode: 'url', spellCheck: false } }}
        />
        <PhoneField
          label="Practice number"
          value={fromNumber}
          onChange={edit(setFromNumber)}
          showProblem={tried && !phoneOk}
          problem="Enter the practice’s 10-digit texting number."
          hint="The number patients text and receive texts from."
        />
        <TextField
          label="Account SID"
          value={accountSid}
          onChange={(e) => edit(setAccountSid)(e.target.value.trim().slice(0, 34))}
          fullWidth
          error={tried && !accountOk}
          helperText={tried && !accountOk ? 'AC followed by 32 letters and digits.' : undefined}
          slotProps={{ htmlInput: { maxLength: 34, spellCheck: false, autoComplete: 'off' } }}
        />
        <TextField
          label="API key SID"
          value={apiKeySid}
          onChange={(e) => edit(setApiKeySid)(e.target.value.trim().slice(0, 34))}
          fullWidth
          error={tried && !keyOk}
          helperText={tried && !keyOk ? 'SK (or AC) followed by 32 letters and digits.' : undefined}
          slotProps={{ htmlInput: { maxLength: 34, spellCheck: false, autoComplete: 'off' } }}
        />
        <TextField
          label="API key secret"
          type="password"
          value={secret}
          onChange={(e) => edit(setSecret)(e.target.value.slice(0, 128))}
          placeholder={settings.secretHint ? `Stored: ${settings.secretHint}` : 'Not set'}
          fullWidth
          error={tried && !secretOk}
          helperText={
            tried && !secretOk
              ? 'Enter the API key secret (16 characters or more).'
              : settings.secretHint
                ? 'Leave empty to keep the stored secret. It is never shown again.'
                : 'Kept encrypted on this computer and never shown again.'
          }
          slotProps={{ htmlInput: { maxLength: 128, autoComplete: 'new-password', spellCheck: false } }}
        />
        <Box sx={{ gridColumn: '1 / -1' }}>
          <FormControlLabel
            control={<Switch checked={redact} onChange={(e) => edit(setRedact)(e.target.checked)} />}
            label="Remove message text from the gateway after syncing"
          />
          <Typography variant="body2" color="text.secondary">
            Once a message is stored in CareRelay, its text is deleted from the real gateway’s records (recommended).
          </Typography>
        </Box>
        <Box sx={{ gridColumn: '1 / -1' }}>
          <TextField
            select
            fullWidth
            label="Who answers STOP, HELP and START"
            value={keywords}
            onChange={(e) => edit(setKeywords)(e.target.value as 'gateway' | 'app')}
            helperText={
              keywords === 'gateway'
                ? 'The gateway’s own opt-out handling answers (Twilio’s default, or Advanced Opt-Out with your wording). CareRelay sends nothing more, so a patient never gets two confirmations.'
                : 'CareRelay answers with the practice’s name and phone. Choose this only if opt-out handling is turned off at the gateway.'
            }
          >
            <MenuItem value="gateway">The gateway (Twilio opt-out handling)</MenuItem>
            <MenuItem value="app">CareRelay</MenuItem>
          </TextField>
        </Box>
        <Box sx={{ gridColumn: '1 / -1', display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Button type="submit" variant="contained" disabled={busy !== null}>
            Save
          </Button>
          <Button variant="outlined" onClick={() => void runTest()} disabled={busy !== null}>
            Test connection
          </Button>
          {settings.mode === 'production' ? (
            <Button
              variant="text"
              disabled={busy !== null}
              onClick={() => {
                setMode('training');
                void (async () => {
                  setBusy('save');
                  const result = await call(() => carerelay().gateway.updateSettings({ mode: 'training' }));
                  setBusy(null);
                  if (!result.ok) return setError(result.error.message);
                  onSaved(result.value);
                })();
              }}
            >
              Switch to training mode
            </Button>
          ) : null}
          <Typography role="status" variant="body2" sx={{ color: 'success.dark', fontWeight: 600 }}>
            {busy === 'test' ? 'Testing the connection…' : notice}
          </Typography>
        </Box>
        <Box role="status" aria-live="polite" sx={{ gridColumn: '1 / -1' }}>
          {test ? (
            <Alert severity={test.ok ? 'success' : 'error'} data-testid="gateway-test-result">
              {test.message}
            </Alert>
          ) : null}
        </Box>
      </Box>
    </Box>
  );
}

function BaaSection({ settings, onSaved }: { settings: GatewaySettingsView; onSaved: (v: GatewaySettingsView) => void }) {
  const [vendor, setVendor] = useState(settings.baa?.vendor ?? '');
  const [signedOn, setSignedOn] = useState(settings.baa?.signedOn ?? '');
  const [signer, setSigner] = useState(settings.baa?.signer ?? '');
  const [reference, setReference] = useState(settings.baa?.reference ?? '');
  const [tried, setTried] = useState(false);
  const { busy, error, setError, run } = useCall();
  const [notice, setNotice] = useState('');

  const vendorOk = vendor.trim().length >= 2;
  const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(signedOn) && signedOn <= localDate();
  const signerOk = signer.trim().length >= 2;
  const referenceOk = reference.trim().length >= 2;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setTried(true);
    setNotice('');
    if (!vendorOk || !dateOk || !signerOk || !referenceOk) {
      setError('Check the fields marked below.');
      return;
    }
    const result = await run(() =>
      carerelay().gateway.recordBaa({ vendor: vendor.trim(), signedOn, signer: signer.trim(), reference: reference.trim() }),
    );
    if (!result.ok) return;
    setTried(false);
    onSaved(result.value);
    setNotice('BAA recorded.');
  };

  return (
    <Box component="form" onSubmit={(e: FormEvent) => void save(e)} noValidate autoComplete="off" aria-labelledby="gateway-baa">
      <Typography variant="h3" id="gateway-baa" sx={{ fontSize: '1.0625rem', fontWeight: 600, mb: 0.5 }}>
        Business Associate Agreement
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        HIPAA requires a signed BAA with the gateway vendor before patient messages go through it. Until one is recorded,
        CareRelay refuses every message on a real gateway.
        {settings.baa
          ? ` Recorded by ${settings.baa.recordedBy} on ${new Date(settings.baa.recordedAt).toLocaleDateString()}.`
          : ''}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        {error ? (
          <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
            {error}
          </Alert>
        ) : null}
        <TextField label="Vendor" value={vendor} onChange={(e) => setVendor(e.target.value.slice(0, 120))} fullWidth error={tried && !vendorOk} helperText={tried && !vendorOk ? 'Enter the vendor’s name.' : undefined} />
        <TextField
          label="Signed on"
          type="date"
          value={signedOn}
          onChange={(e) => setSignedOn(e.target.value)}
          fullWidth
          error={tried && !dateOk}
          helperText={tried && !dateOk ? 'Enter the date the BAA was signed (not in the future).' : undefined}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: localDate() } }}
        />
        <TextField label="Signed by" value={signer} onChange={(e) => setSigner(e.target.value.slice(0, 120))} fullWidth error={tried && !signerOk} helperText={tried && !signerOk ? 'Enter who signed it.' : undefined} />
        <TextField label="Reference" value={reference} onChange={(e) => setReference(e.target.value.slice(0, 120))} fullWidth error={tried && !referenceOk} helperText={tried && !referenceOk ? 'Enter the agreement’s reference or number.' : 'Contract number or where the signed copy is kept.'} />
        <Box sx={{ gridColumn: '1 / -1', display: 'flex', alignItems: 'center', gap: 2 }}>
          <Button type="submit" variant="contained" disabled={busy}>
            Record BAA
          </Button>
          <Typography role="status" variant="body2" sx={{ color: 'success.dark', fontWeight: 600 }}>
            {notice}
          </Typography>
        </Box>
      </Box>
    </Box>
  );
}

function HoldsSection({ settings, onSaved, onRefresh }: { settings: GatewaySettingsView; onSaved: (v: GatewaySettingsView) => void; onRefresh: () => void }) {
  const [number, setNumber] = useState('');
  const { busy, error, setError, run } = useCall();
  const [notice, setNotice] = useState('');
  const halt = settings.automatedHalt;

  const resume = async (request: { automated: true } | { number: string }, done: string) => {
    const result = await run(() => carerelay().gateway.resumeSending(request));
    if (!result.ok) return;
    onSaved(result.value);
    setNotice(done);
    setNumber('');
  };

  const lift = (event: FormEvent) => {
    event.preventDefault();
    const e164 = normaliseUsPhone(number);
    if (!e164) return setError('Enter a 10-digit US phone number.');
    void resume({ number: e164 }, 'Suspension lifted for that number.');
  };

  return (
    <Box component="section" aria-labelledby="gateway-holds">
      <Typography variant="h3" id="gateway-holds" sx={{ fontSize: '1.0625rem', fontWeight: 600, mb: 0.5 }}>
        Held sending
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {settings.suspendedNumbers === 1
          ? '1 number has automated texts suspended after three carrier failures in a row. '
          : `${settings.suspendedNumbers} numbers have automated texts suspended after three carrier failures in a row. `}
        Staff replies to a suspended number still go, with a warning. A delivery to the number lifts its suspension.
        {settings.pendingRedactions > 0 ? ` ${settings.pendingRedactions} message texts are waiting to be removed from the gateway.` : ''}
      </Typography>
      {error ? <Alert severity="error" sx={{ mb: 1.5 }}>{error}</Alert> : null}
      {halt ? (
        <Alert
          severity="error"
          sx={{ mb: 1.5 }}
          action={
            <Button color="inherit" size="small" disabled={busy} onClick={() => void resume({ automated: true }, 'Automated sending resumed.')}>
              Resume automated sending
            </Button>
          }
        >
          Automated sending halted since {new Date(halt.since).toLocaleString()}: the carrier reported error {halt.code} (the
          practice number’s registration). Fix the registration with the gateway provider, then resume.
        </Alert>
      ) : null}
      <Box component="form" onSubmit={lift} noValidate autoComplete="off" sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          label="Number to lift a suspension for"
          type="tel"
          size="small"
          value={number}
          onChange={(e) => setNumber(e.target.value.slice(0, 20))}
          slotProps={{ htmlInput: { maxLength: 20, inputMode: 'tel' } }}
        />
        <Button type="submit" variant="outlined" disabled={busy || number.trim() === ''}>
          Lift suspension
        </Button>
        <Button variant="text" onClick={onRefresh} disabled={busy}>
          Refresh
        </Button>
        <Typography role="status" variant="body2" sx={{ color: 'success.dark', fontWeight: 600, alignSelf: 'center' }}>
          {notice}
        </Typography>
      </Box>
    </Box>
  );
}
