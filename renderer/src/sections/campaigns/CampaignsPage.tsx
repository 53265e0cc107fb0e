/**
 * Campaigns: appointment-reminder campaigns that practice managers plan and run. Import the
 * schedule, create a campaign (dates, touches, texts, caps), preview who gets what and who is
 * skipped, approve (main then sends at the planned times, locked or not), follow the results,
 * stop a running campaign. Front-desk staff see the campaigns and their results.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { roleAllows } from '../../../../shared/accounts/roles';
import type { OutboxEntryView } from '../../../../shared/ipc/channels/sync';
import { formatUsPhone } from '../../../../shared/phone/us-phone';
import { findConversationByPhone, latestMessages, listCampaigns, markCampaign, usePracticeDb, type Campaign } from '../../../data';
import { AUTO_ACTION_CONFIDENCE, interpretReply } from '../../../../shared/campaigns/reply-interpreter';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { downloadCsv } from '../../platform/download';
import { useSession } from '../../session/session-context';
import { usePracticeSettings } from '../inbox/inbox-hooks';
import { CampaignEditor } from './CampaignEditor';
import { CampaignPreview } from './CampaignPreview';
import { campaignResults, resultsCsv, type CampaignResults, type ReplyFact } from './campaign-results';
import { ImportDialog } from './ImportDialog';
import { allOutboxEntries } from './plan-runner';

const STATUS_LABEL: Readonly<Record<Campaign['status'], string>> = { draft: 'Draft', approved: 'Approved', running: 'Scheduled', finished: 'Finished', cancelled: 'Stopped' };

export default function CampaignsPage() {
  const db = usePracticeDb();
  const settings = usePracticeSettings();
  const { session } = useSession();
  const role = session.user?.role;
  const canManage = role ? roleAllows(role, 'campaigns.manage') : false;
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [editing, setEditing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [previewing, setPreviewing] = useState<Campaign | null>(null);
  /** The campaign whose results are open; null: all campaigns. */
  const [results, setResults] = useState<Campaign | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [rate, setRate] = useState(1);
  const practice = useMemo(() => (settings ? { name: settings.practice.name, phone: formatUsPhone(settings.practice.phone), timeZone: settings.practice.timeZone } : null), [settings]);

  const load = useCallback(async () => {
    if (db) setCampaigns(await listCampaigns(db));
  }, [db]);
  useEffect(() => {
    void load();
    if (canManage) void call(() => carerelay().gateway.getSettings()).then((r) => r.ok && setRate(r.value.messagesPerSecond));
  }, [load, canManage]);

  const stop = async (c: Campaign) => {
    if (!db) return;
    const r = await call(() => carerelay().outbox.withdraw({ campaignId: c.id, reason: 'campaign-stopped' }));
    if (!r.ok) return setNotice(r.error.message);
    await markCampaign(db, c.id, { status: 'cancelled' });
    setNotice(`${c.name}: ${r.value.withdrawn} waiting text(s) withdrawn. Texts already sent are not affected.`);
    await load();
  };

  const zone = practice?.timeZone ?? 'America/New_York';
  const range = (c: Campaign) => `${format(new TZDate(c.audience.from, zone), 'd MMM')} – ${format(new TZDate(c.audience.to - 1, zone), 'd MMM yyyy')}`;

  return (
    <Page title="Campaigns" lead="Appointment reminders sent to many patients at once.">
      <Box sx={{ display: 'flex', gap: 1, mb: 2 }}>
        {canManage ? (
          <>
            <Button variant="contained" onClick={() => setEditing(true)}>
              New campaign
            </Button>
            <Button variant="outlined" onClick={() => setImporting(true)}>
              Import appointments
            </Button>
          </>
        ) : null}
        {campaigns.some((c) => c.status !== 'draft') ? (
          <Button onClick={() => setResults(null)}>Results for all campaigns</Button>
        ) : null}
      </Box>
      {notice ? (
        <Alert severity="info" onClose={() => setNotice(null)} sx={{ mb: 2 }} data-testid="campaign-notice">
          {notice}
        </Alert>
      ) : null}
      {campaigns.length === 0 ? (
        <EmptyState
          Icon={CampaignOutlined}
          title="No campaigns yet"
          description="A reminder campaign texts each patient with an upcoming appointment, at the times you choose (for example 3 days and 1 day before), and brings their replies back into the Inbox. Practice managers create and run campaigns."
          pointsLabel="Every campaign message"
          points={[
            'goes only to patients who have agreed to be texted, and never to anyone who replied STOP;',
            'waits for daytime in the patient’s own time zone (quiet hours), and respects a daily and weekly cap per patient;',
            'is paced so the gateway and patients are not flooded, and is retried if the gateway is offline.',
          ]}
        />
      ) : (
        <Table size="small" aria-label="Campaigns" data-testid="campaigns">
          <TableHead>
            <TableRow>
              <TableCell>Campaign</TableCell>
              <TableCell>Appointments</TableCell>
              <TableCell>Status</TableCell>
              <TableCell align="right">Scheduled</TableCell>
              <TableCell align="right">Skipped</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {campaigns.map((c) => (
              <TableRow key={c.id} data-testid="campaign-row">
                <TableCell>{c.name}</TableCell>
                <TableCell>{range(c)}</TableCell>
                <TableCell>
                  <Chip size="small" label={STATUS_LABEL[c.status]} color={c.status === 'running' ? 'primary' : 'default'} variant="outlined" />
                </TableCell>
                <TableCell align="right">{c.queued}</TableCell>
                <TableCell align="right">{c.skipped}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {c.status === 'draft' ? (
                    <Button size="small" onClick={() => setPreviewing(c)}>
                      Preview
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => setResults(c)}>
                      Results
                    </Button>
                  )}
                  {c.status === 'running' && canManage ? (
                    <Button size="small" color="error" onClick={() => void stop(c)}>
                      Stop
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {editing && practice ? (
        <CampaignEditor
          staffId={session.user?.id ?? ''}
          timeZone={practice.timeZone}
          onClose={() => setEditing(false)}
          onSaved={(c) => {
            setEditing(false);
            void load();
            setPreviewing(c);
          }}
        />
      ) : null}
      {previewing && practice ? (
        <CampaignPreview
          campaign={previewing}
          practice={practice}
          messagesPerSecond={rate}
          canApprove={canManage}
          staffId={session.user?.id ?? ''}
          onClose={() => setPreviewing(null)}
          onApproved={(message) => {
            setPreviewing(null);
            setNotice(message);
            void load();
          }}
        />
      ) : null}
      {results !== undefined ? <ResultsDialog campaign={results} zone={zone} onClose={() => setResults(undefined)} /> : null}
      {importing && practice ? (
        <ImportDialog
          timeZone={practice.timeZone}
          onClose={() => setImporting(false)}
          onDone={(message) => {
            setImporting(false);
            setNotice(message);
          }}
        />
      ) : null}
    </Page>
  );
}

/** Replies to the campaign's reminders, read again by the interpreter (ids and intents only). */
async function replyFacts(db: NonNullable<ReturnType<typeof usePracticeDb>>, entries: readonly OutboxEntryView[]): Promise<ReplyFact[]> {
  const facts: ReplyFact[] = [];
  const byPhone = new Map<string, Awaited<ReturnType<typeof latestMessages>>>();
  for (const e of entries) {
    const appointmentId = e.origin.refs.appointment;
    if (!e.acceptedAt || !appointmentId) continue;
    const sent = Date.parse(e.acceptedAt);
    let thread = byPhone.get(e.to);
    if (!thread) {
      const conversation = await findConversationByPhone(db, e.to);
      thread = conversation ? await latestMessages(db, conversation.id, 60) : [];
      byPhone.set(e.to, thread);
    }
    const reply = thread.find((m) => m.direction === 'inbound' && m.sentAt >= sent && m.sentAt < sent + 7 * 86_400_000);
    if (!reply) continue;
    const read = interpretReply(reply.body);
    facts.push({ appointmentId, at: reply.sentAt, intent: read.intent, confident: read.confidence >= AUTO_ACTION_CONFIDENCE });
  }
  return facts;
}

function ResultsDialog({ campaign, zone, onClose }: { campaign: Campaign | null; zone: string; onClose: () => void }) {
  const db = usePracticeDb();
  const [results, setResults] = useState<CampaignResults | null>(null);
  const name = campaign?.name ?? 'All campaigns';
  useEffect(() => {
    if (!db) return;
    let live = true;
    void (async () => {
      const entries = (await allOutboxEntries()).filter((e) => e.origin.kind === 'campaign' && (!campaign || e.origin.refs.campaign === campaign.id));
      const ids = [...new Set(entries.map((e) => e.origin.refs.appointment).filter((x): x is string => Boolean(x)))];
      const appointments = await db.collections.appointments.findByIds(ids).exec();
      const status = new Map([...appointments.entries()].map(([id, a]) => [id, a.status as string]));
      const facts = await replyFacts(db, entries);
      if (live) setResults(campaignResults(entries, status, facts, (t) => format(new TZDate(t, zone), 'yyyy-MM-dd')));
    })();
    return () => {
      live = false;
    };
  }, [db, campaign, zone]);
  const rows: [string, number][] = results
    ? [
        ['Texts planned', results.texts],
        ['Waiting to go', results.waiting],
        ['Sent', results.sent],
        ['Delivered', results.delivered],
        ['Failed', results.failed],
        ...Object.entries(results.failedByReason).map(([r, n]): [string, number] => [`   ${r}`, n]),
        ['Withdrawn (patient confirmed or cancelled first)', results.withdrawn],
        ['Opted out', results.optedOut],
        ['Appointments reminded', results.appointments],
        ['Confirmed', results.confirmed],
        ['Cancelled', results.cancelled],
        ['Reschedule requests', results.rescheduleRequests],
        ['Questions', results.questions],
        ['No response yet', results.noResponse],
      ]
    : [];
  return (
    <Dialog open onClose={onClose} aria-labelledby="results-title" maxWidth="sm" fullWidth>
      <DialogTitle id="results-title">Results: {name}</DialogTitle>
      <DialogContent>
        {!results ? (
          <Typography>Counting…</Typography>
        ) : (
          <>
            <Table size="small" aria-label="Results" data-testid="campaign-results">
              <TableBody>
                {rows.map(([label, n]) => (
                  <TableRow key={label}>
                    <TableCell>{label}</TableCell>
                    <TableCell align="right">{n}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {results.confirmationRate.length ? <ConfirmationChart points={results.confirmationRate} /> : null}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button disabled={!results} onClick={() => results && downloadCsv(`campaign-results-${new Date().toISOString().slice(0, 10)}.csv`, resultsCsv(name, results))}>
          Export CSV
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}

/** Confirmation rate by day: bars drawn in SVG, the same figures as a table for screen readers. */
function ConfirmationChart({ points }: { points: readonly { day: string; rate: number }[] }) {
  const width = 40 * points.length + 20;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle2">Confirmed so far, by day</Typography>
      <svg width={width} height={140} role="img" aria-label="Confirmation rate by day" data-testid="confirmation-chart">
        {points.map((p, i) => (
          <g key={p.day}>
            <rect x={10 + i * 40} y={110 - p.rate} width={28} height={Math.max(1, p.rate)} fill="#1f6f8b" />
            <text x={24 + i * 40} y={104 - p.rate} fontSize="10" textAnchor="middle">
              {`${Math.round(p.rate)}%`}
            </text>
            <text x={24 + i * 40} y={126} fontSize="9" textAnchor="middle">
              {p.day.slice(5)}
            </text>
          </g>
        ))}
      </svg>
      <Table size="small" aria-label="Confirmation rate by day" sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        <TableBody>
          {points.map((p) => (
            <TableRow key={p.day}>
              <TableCell>{p.day}</TableCell>
              <TableCell>{p.rate}%</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
