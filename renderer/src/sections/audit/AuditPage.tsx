/**
 * Audit: the practice's tamper-evident record of who did what. Administrators filter the trail by
 * user, action, patient or other record id and dates, page through it (newest first), check the
 * whole chain with "Verify trail", and download the filtered trail with "Export CSV" (main
 * records the export itself). Everyone else sees what the trail records and who may read it.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import VerifiedOutlined from '@mui/icons-material/VerifiedOutlined';
import type { AuditRecordView, StaffAccount } from '../../../../shared/ipc';
import { ROLE_LABELS, roleAllows, type Role } from '../../../../shared/accounts/roles';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { downloadCsv } from '../../platform/download';
import { useSession } from '../../session/session-context';
import { PracticeChains } from './PracticeChains';

const PAGE_SIZE = 50;

export default function AuditPage() {
  const { session } = useSession();
  const role = session.user?.role;
  const canView = role ? roleAllows(role, 'audit.view') : false;
  return (
    <Page title="Audit trail" lead="A permanent record of who did what in CareRelay, kept for HIPAA.">
      {canView ? <AuditTrail canExport={role ? roleAllows(role, 'audit.export') : false} /> : <AuditExplanation />}
    </Page>
  );
}

function AuditExplanation() {
  return (
    <EmptyState
      Icon={FactCheckOutlined}
      title="What the audit trail records"
      description="Sign-ins, sends and consent changes are recorded, each with the person, the time and this computer. Entries are chained together, so an entry cannot be changed or removed without it showing."
      pointsLabel="Recorded events include"
      points={[
        'Sign-ins, sign-outs, failed sign-ins and automatic locks.',
        'Every message sent, from the Inbox or from a campaign.',
        'Consent given or withdrawn, including STOP replies.',
        'Changes to users, roles, the gateway and other settings.',
      ]}
      footer={
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <LockOutlined aria-hidden="true" sx={{ fontSize: 20, color: 'text.secondary' }} />
          <Typography variant="body2" color="text.secondary">
            Only administrators can view the audit trail.
          </Typography>
        </Box>
      }
    />
  );
}

interface FilterFields {
  actorId: string;
  action: string;
  objectId: string;
  from: string;
  to: string;
}

const NO_FILTER: FilterFields = { actorId: '', action: '', objectId: '', from: '', to: '' };

interface Filter {
  actorId?: string;
  action?: string;
  objectId?: string;
  from?: string;
  to?: string;
}

/** Form fields → the contract's filter: dates are local days, `to` includes the whole day. */
export function toFilter(fields: FilterFields): Filter | string {
  const filter: Filter = {};
  if (fields.actorId) filter.actorId = fields.actorId;
  if (fields.action.trim()) filter.action = fields.action.trim();
  if (fields.objectId.trim()) filter.objectId = fields.objectId.trim();
  if (fields.from) {
    const from = new Date(`${fields.from}T00:00:00`);
    if (Number.isNaN(from.getTime())) return 'The “From” date is not a date.';
    filter.from = from.toISOString();
  }
  if (fields.to) {
    const to = new Date(`${fields.to}T00:00:00`);
    if (Number.isNaN(to.getTime())) return 'The “To” date is not a date.';
    to.setDate(to.getDate() + 1);
    filter.to = new Date(to.getTime() - 1).toISOString();
  }
  if (filter.from && filter.to && filter.from > filter.to) return 'The “From” date is after the “To” date.';
  return filter;
}

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

type Verify = { state: 'idle' } | { state: 'busy' } | { state: 'ok'; checked: number } | { state: 'problem'; message: string };

function AuditTrail({ canExport }: { canExport: boolean }) {
  const [users, setUsers] = useState<StaffAccount[]>([]);
  const [fields, setFields] = useState<FilterFields>(NO_FILTER);
  const [applied, setApplied] = useState<Filter>({});
  const [offset, setOffset] = useState(0);
  const [records, setRecords] = useState<{ records: AuditRecordView[]; total: number } | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<Verify>({ state: 'idle' });
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState('');
  const [everyDesk, setEveryDesk] = useState(false);

  useEffect(() => {
    let live = true;
    void call(() => carerelay().users.list()).then((result) => {
      if (live && result.ok) setUsers(result.value.users);
    });
    return () => {
      live = false;
    };
  }, []);

  const load = useCallback(async (filter: Filter, at: number, practice: boolean, isLive: () => boolean) => {
    setLoading(true);
    const result = await call(() => carerelay().audit.query({ ...filter, limit: PAGE_SIZE, offset: at, ...(practice ? { scope: 'practice' as const } : {}) }));
    if (!isLive()) return;
    setLoading(false);
    if (!result.ok) {
      setError(result.error.message);
      setRecords(null);
      return;
    }
    setError(null);
    setRecords(result.value);
  }, []);

  useEffect(() => {
    let live = true;
    void load(applied, offset, everyDesk, () => live);
    return () => {
      live = false;
    };
  }, [applied, offset, everyDesk, load]);

  const names = new Map(users.map((u) => [u.id, u.fullName]));
  const set = (key: keyof FilterFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const filter = toFilter(fields);
    if (typeof filter === 'string') {
      setError(filter);
      return;
    }
    setError(null);
    setOffset(0);
    setApplied(filter);
  };

  const clear = () => {
    setFields(NO_FILTER);
    setError(null);
    setOffset(0);
    setApplied({});
  };

  const runVerify = async () => {
    setVerify({ state: 'busy' });
    const result = await call(() => carerelay().audit.verify());
    if (!result.ok) setVerify({ state: 'problem', message: result.error.message });
    else if (result.value.ok) setVerify({ state: 'ok', checked: result.value.checked });
    else setVerify({ state: 'problem', message: result.value.problem ?? 'The audit trail did not verify.' });
  };

  const runExport = async () => {
    setExporting(true);
    setExportNote('');
    const result = await call(() => carerelay().audit.exportCsv(applied));
    setExporting(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    downloadCsv(result.value.fileName || 'audit-trail.csv', result.value.csv);
    setExportNote(`Exported ${result.value.rows === 1 ? '1 record' : `${result.value.rows} records`} to ${result.value.fileName}. The export is recorded in the audit trail.`);
  };

  const total = records?.total ?? 0;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + PAGE_SIZE, total);

  return (
    <Box sx={{ display: 'grid', gap: 2.5 }}>
      <Paper component="section" aria-labelledby="audit-filters" sx={{ border: 1, borderColor: 'divider', borderRadius: 3, p: 3 }}>
        <Typography variant="h2" id="audit-filters" sx={{ mb: 2 }}>
          Filter
        </Typography>
        <form onSubmit={apply} noValidate autoComplete="off">
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', md: 'repeat(3, 1fr)' } }}>
            <TextField
              select
              label="User"
              value={fields.actorId}
              onChange={(e) => set('actorId')(e.target.value)}
              fullWidth
              size="small"
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
            >
              <option value="">Anyone</option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.fullName} ({u.username})
                </option>
              ))}
            </TextField>
            <TextField
              label="Action"
              value={fields.action}
              onChange={(e) => set('action')(e.target.value.slice(0, 64))}
              fullWidth
              size="small"
              placeholder="for example session.signIn"
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { maxLength: 64, spellCheck: false } }}
            />
            <TextField
              label="Patient or record ID"
              value={fields.objectId}
              onChange={(e) => set('objectId')(e.target.value.slice(0, 128))}
              fullWidth
              size="small"
              slotProps={{ inputLabel: { shrink: true }, htmlInput: { maxLength: 128, spellCheck: false } }}
            />
            <TextField
              label="From"
              type="date"
              value={fields.from}
              onChange={(e) => set('from')(e.target.value)}
              fullWidth
              size="small"
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              label="To"
              type="date"
              value={fields.to}
              onChange={(e) => set('to')(e.target.value)}
              fullWidth
              size="small"
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <Button type="submit" variant="contained">
                Apply filters
              </Button>
              <Button onClick={clear}>Clear</Button>
            </Box>
          </Box>
        </form>
      </Paper>

      <Paper component="section" aria-labelledby="audit-records" sx={{ border: 1, borderColor: 'divider', borderRadius: 3, p: 3 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 2, flexWrap: 'wrap' }}>
          <Typography variant="h2" id="audit-records" sx={{ flex: 1, minWidth: 160 }}>
            Records
          </Typography>
          <Button
            variant="outlined"
            startIcon={<VerifiedOutlined />}
            disabled={verify.state === 'busy'}
            onClick={() => void runVerify()}
          >
            Verify trail
          </Button>
          {canExport ? (
            <Button variant="outlined" startIcon={<FileDownloadOutlined />} disabled={exporting} onClick={() => void runExport()}>
              Export CSV
            </Button>
          ) : null}
        </Box>

        <PracticeChains
          everyDesk={everyDesk}
          onEveryDesk={(on) => {
            setOffset(0);
            setEveryDesk(on);
          }}
        />
        <Box sx={{ display: 'grid', gap: 1.5, mb: 2 }}>
          {verify.state === 'busy' ? (
            <Typography role="status" color="text.secondary">
              Verifying every record…
            </Typography>
          ) : null}
          {verify.state === 'ok' ? (
            <Alert severity="success">
              All {verify.checked} records verified: none changed, missing or out of order.
            </Alert>
          ) : null}
          {verify.state === 'problem' ? (
            <Alert severity="error">
              <strong>The audit trail did not verify.</strong> {verify.message}
            </Alert>
          ) : null}
          {error ? <Alert severity="error">{error}</Alert> : null}
          {exportNote ? (
            <Typography role="status" variant="body2" sx={{ color: 'success.dark', fontWeight: 600 }}>
              {exportNote}
            </Typography>
          ) : null}
        </Box>

        {records && records.records.length > 0 ? (
          <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 2 }}>
            <Table size="small" aria-labelledby="audit-records">
              <TableHead>
                <TableRow>
                  <TableCell scope="col">Time</TableCell>
                  {everyDesk ? <TableCell scope="col">Desk</TableCell> : null}
                  <TableCell scope="col">User</TableCell>
                  <TableCell scope="col">Role</TableCell>
                  <TableCell scope="col">Action</TableCell>
                  <TableCell scope="col">Object</TableCell>
                  <TableCell scope="col">Outcome</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {records.records.map((r) => (
                  <TableRow key={`${r.device}-${r.seq}`}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{localTime(r.at)}</TableCell>
                    {everyDesk ? <TableCell sx={{ whiteSpace: 'nowrap' }}>{r.device}</TableCell> : null}
                    <TableCell>{names.get(r.actorId) ?? r.actorId}</TableCell>
                    <TableCell>{roleLabel(r.actorRole as Role)}</TableCell>
                    <TableCell sx={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: '0.8125rem' }}>{r.action}</TableCell>
                    <TableCell>
                      {r.objectType}
                      {r.objectId ? (
                        <Box component="span" sx={{ color: 'text.secondary' }}>
                          {' '}
                          {r.objectId}
                        </Box>
                      ) : null}
                    </TableCell>
                    <TableCell>{r.outcome}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        ) : null}
        {records && records.records.length === 0 ? (
          <Typography color="text.secondary">No records match these filters.</Typography>
        ) : null}

        <Box component="nav" aria-label="Audit pages" sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mt: 2, flexWrap: 'wrap' }}>
          <Typography role="status" variant="body2" color="text.secondary" sx={{ flex: 1 }}>
            {loading ? 'Loading records…' : records ? `Showing ${first}–${last} of ${total}` : ''}
          </Typography>
          <Button disabled={loading || offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Previous page
          </Button>
          <Button disabled={loading || offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Next page
          </Button>
        </Box>
      </Paper>
    </Box>
  );
}
