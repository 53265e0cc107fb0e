/**
 * Campaigns: appointment-reminder campaigns that practice managers plan and run. Until campaign
 * planning exists it explains what a campaign does and the rules every message follows.
 */
import CampaignOutlined from '@mui/icons-material/CampaignOutlined';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export default function CampaignsPage() {
  return (
    <Page title="Campaigns" lead="Appointment reminders sent to many patients at once.">
      <EmptyState
        Icon={CampaignOutlined}
        title="No campaigns yet"
        description="A reminder campaign texts each patient with an upcoming appointment from one message template, for example “Reply C to confirm your visit on Tuesday”, and brings their replies back into the Inbox. Practice managers create and run campaigns."
        pointsLabel="Every campaign message"
        points={[
          'goes only to patients who have agreed to be texted, and never to anyone who replied STOP;',
          'waits for daytime in the patient’s own time zone (quiet hours);',
          'is paced so the gateway and patients are not flooded, and is retried if the gateway is offline.',
        ]}
      />
    </Page>
  );
}
