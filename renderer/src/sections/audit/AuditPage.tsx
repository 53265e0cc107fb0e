/**
 * Audit: the practice's tamper-evident record of who did what. Until the audit channels exist it
 * explains what is recorded and who may read it.
 */
import Typography from '@mui/material/Typography';
import FactCheckOutlined from '@mui/icons-material/FactCheckOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import Box from '@mui/material/Box';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export default function AuditPage() {
  return (
    <Page title="Audit trail" lead="A permanent record of who did what in CareRelay, kept for HIPAA.">
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
    </Page>
  );
}
