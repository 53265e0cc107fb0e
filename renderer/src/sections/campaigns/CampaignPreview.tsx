/**
 * The dry run a practice manager approves: how many patients get how many texts, on which days,
 * the segments and the estimated cost, who is skipped and why (no consent, landline, cap, quiet
 * hours…), a warning when a day holds more than the sender's rate can send in time, and the
 * first planned texts as the patient will read them. "Approve and schedule" queues the plan in
 * main (audited there); nothing is sent before.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { SKIP_WORDS, type CampaignPlan, type SkipReason } from '../../../../shared/campaigns/planner';
import { markCampaign, usePracticeDb, type Campaign } from '../../../data';
import { SafeText } from '../../components/SafeText';
import { existingAutomatedLoad, queuePlan, runPlan, settingsFor } from './plan-runner';

const SHOWN = 50;

export function CampaignPreview({
  campaign,
  practice,
  messagesPerSecond,
  canApprove,
  staffId,
  onClose,
  onApproved,
}: {
  campaign: Campaign;
  practice: { name: string; phone: string; timeZone: string };
  messagesPerSecond: number;
  canApprove: boolean;
  staffId: string;
  onClose: () => void;
  onApproved: (message: string) => void;
}) {
  const db = usePracticeDb();
  const [plan, setPlan] = useState<CampaignPlan | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!db) return;
    let live = true;
    void (async () => {
      try {
        const result = await runPlan(db, settingsFor(campaign, practice, messagesPerSecond), campaign.audience, existingAutomatedLoad(campaign.id), Date.now(), (done, total) => live && setProgress({ done, total }));
        if (live) setPlan(result);
      } catch {
        if (live) setProblem('The plan could not be made. Try again.');
      }
    })();
    return () => {
      live = false;
    };
  }, [db, campaign, practice, messagesPerSecond]);

  const approve = async () => {
    if (!plan || !db) return;
    setBusy(true);
    const r = await queuePlan(campaign.id, plan, (done, total) => setProgress({ done, total }));
    if (r.error) {
      setBusy(false);
      return setProblem(`Scheduling stopped: ${r.error} ${r.queued} text(s) were scheduled; approve again to schedule the rest (nothing is scheduled twice).`);
    }
    await markCampaign(db, campaign.id, { status: 'running', approvedBy: staffId, queued: r.queued + r.existing, skipped: plan.skipped.length + r.refused });
    onApproved(`${r.queued + r.existing} reminder(s) scheduled${r.refused ? `; ${r.refused} refused because the patient opted out since the plan` : ''}. They go out at their times, even while CareRelay is locked.`);
  };

  const when = (t: number, zone: string) => format(new TZDate(t, zone), 'EEE d MMM, h:mm a');
  const skipRows = plan ? (Object.entries(plan.skipCounts) as [SkipReason, number][]).sort((a, b) => b[1] - a[1]) : [];

  return (
    <Dialog open onClose={onClose} aria-labelledby="preview-title" maxWidth="lg" fullWidth>
      <DialogTitle id="preview-title">Preview: {campaign.name}</DialogTitle>
      <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {!plan ? (
          <Box>
            <Typography>Planning{progress ? ` — ${progress.done} of ${progress.total} appointments` : '…'}</Typography>
            <LinearProgress variant={progress ? 'determinate' : 'indeterminate'} value={progress ? (100 * progress.done) / Math.max(1, progress.total) : 0} />
          </Box>
        ) : (
          <>
            <Typography data-testid="plan-summary">
              {plan.sends.length} text(s) to {plan.patients} patient(s) · {plan.segments} segment(s) · about ${plan.estimatedCost.toFixed(2)}
            </Typography>
            {plan.overCapacity > 0 ? (
              <Alert severity="warning">
                {plan.overCapacity} text(s) would reach the gateway after their deadline at the current sending rate ({messagesPerSecond} a second). Spread the campaign over more days or raise the rate with the gateway.
              </Alert>
            ) : null}
            <Box sx={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
              <Box>
                <Typography variant="subtitle2">Texts per day</Typography>
                <Table size="small" aria-label="Texts per day">
                  <TableBody>
                    {plan.perDay.map((d) => (
                      <TableRow key={d.day}>
                        <TableCell>{d.day}</TableCell>
                        <TableCell align="right">{d.sends}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
              <Box>
                <Typography variant="subtitle2">Not texted, and why</Typography>
                <Table size="small" aria-label="Skipped" data-testid="plan-skipped">
                  <TableBody>
                    {skipRows.length === 0 ? (
                      <TableRow>
                        <TableCell>Nobody skipped</TableCell>
                      </TableRow>
                    ) : (
                      skipRows.map(([reason, n]) => (
                        <TableRow key={reason}>
                          <TableCell>{SKIP_WORDS[reason]}</TableCell>
                          <TableCell align="right">{n}</TableCell>
                        </TableRow>
                      ))
                    )}
                  </TableBody>
                </Table>
              </Box>
            </Box>
            <Typography variant="subtitle2">First {Math.min(SHOWN, plan.sends.length)} texts</Typography>
            <Table size="small" aria-label="Planned texts" data-testid="plan-sends">
              <TableHead>
                <TableRow>
                  <TableCell>Goes</TableCell>
                  <TableCell>Text</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {plan.sends.slice(0, SHOWN).map((s) => (
                  <TableRow key={s.clientId}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {when(s.notBefore, s.recipientTimeZone)}
                      {s.adjusted !== 'none' ? (
                        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                          {s.adjusted === 'moved' ? 'moved earlier: quiet hours' : 'waits for daytime'}
                        </Typography>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      <SafeText text={s.body} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
        {busy && progress ? <LinearProgress variant="determinate" value={(100 * progress.done) / Math.max(1, progress.total)} /> : null}
        {problem ? <Alert severity="error">{problem}</Alert> : null}
        {!canApprove ? <Alert severity="info">A practice manager approves campaigns.</Alert> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button variant="contained" disabled={!plan || busy || !canApprove || plan.sends.length === 0} onClick={() => void approve()}>
          Approve and schedule
        </Button>
      </DialogActions>
    </Dialog>
  );
}
