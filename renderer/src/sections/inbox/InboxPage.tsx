/**
 * Inbox: the front desk's shared queue of SMS conversations with patients. Until the practice
 * database and gateway sync exist it shows what will arrive here and from where.
 */
import ForumOutlined from '@mui/icons-material/ForumOutlined';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export default function InboxPage() {
  return (
    <Page title="Inbox" lead="The front desk’s shared queue of text conversations with patients.">
      <EmptyState
        Icon={ForumOutlined}
        title="No conversations yet"
        description={
          <>
            When a patient texts the practice’s number, or replies to a reminder, the conversation appears
            here for anyone at the front desk to answer. Conversations arrive from the SMS gateway; the
            status at the top right shows whether CareRelay is reaching it.
          </>
        }
        pointsLabel="What you’ll see here"
        points={[
          'Conversations waiting for a reply come first, with the newest message on top.',
          'Who is handling each conversation, so two people don’t answer the same patient.',
          'Whether the patient has agreed to be texted; replies such as STOP are honoured automatically.',
          'Messages written while the gateway is offline wait in the outbox and are sent when it is back.',
        ]}
      />
    </Page>
  );
}
