/**
 * Inbox: the front desk's shared queue of SMS conversations, newest first, with unread counts
 * and the last message; the selected conversation's thread with delivery states and a reply
 * box; and "New text" to start one. Data comes from the encrypted practice database (it opens
 * after sign-in); messages go out through main's outbox and come in through its inbox journal.
 */
import { useState } from 'react';
import ForumOutlined from '@mui/icons-material/ForumOutlined';
import Alert from '@mui/material/Alert';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { markRead, useConversationQueue, usePracticeDb, usePracticeDbStatus } from '../../../data';
import { carerelay } from '../../platform/carerelay';
import { useAppData } from '../../app/app-data';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useSession } from '../../session/session-context';
import { formatPhone } from './delivery-labels';
import { NewTextForm } from './NewTextForm';
import { Thread } from './Thread';

export default function InboxPage() {
  const { session } = useSession();
  const { info } = useAppData();
  const training = info.state === 'ready' && info.value.mode === 'training';
  const db = usePracticeDbStatus();
  const queue = useConversationQueue();
  const [selected, setSelected] = useState<string | null>(null);
  const openDb = usePracticeDb();
  const open = (id: string) => {
    setSelected(id);
    if (openDb) void markRead(openDb, id).catch(() => undefined);
    // Opening a conversation is PHI access: main records who, from its own session.
    void carerelay().audit.recordView({ objectType: 'conversation', objectId: id });
  };
  const staffId = session.user?.id ?? '';
  const conversations = queue.state === 'ready' ? queue.value : [];
  const current = conversations.find((c) => c.id === selected) ?? null;

  return (
    <Page title="Inbox" lead="The front desk’s shared queue of text conversations with patients.">
      {db.state === 'failed' ? <Alert severity="error">{db.message}</Alert> : null}
      {db.state === 'opening' || db.state === 'closed' ? (
        <Typography color="text.secondary" aria-live="polite">
          Opening the practice’s records…
        </Typography>
      ) : null}
      {db.state === 'open' && conversations.length === 0 ? (
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
            'Whether each text was delivered, and in plain words why not when it wasn’t.',
            'Replies such as STOP are honoured automatically, even while CareRelay is locked.',
            'Messages written while the gateway is offline wait in the outbox and are sent when it is back.',
          ]}
        />
      ) : null}
      {db.state === 'open' ? (
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(240px, 320px) 1fr' }, gap: 3, mt: 3 }}>
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            {conversations.length > 0 ? (
              <List aria-label="Conversations" sx={{ border: 1, borderColor: 'divider', borderRadius: 3, bgcolor: 'background.paper', py: 0 }}>
                {conversations.map((c) => (
                  <ListItem key={c.id} disablePadding>
                  <ListItemButton selected={c.id === selected} onClick={() => open(c.id)} data-testid="conversation">
                    <ListItemText
                      primary={
                        <Badge color="primary" badgeContent={c.unreadCount} aria-label={c.unreadCount ? `${c.unreadCount} unread` : undefined} sx={{ pr: 2 }}>
                          {formatPhone(c.phone)}
                        </Badge>
                      }
                      secondary={c.lastMessagePreview ?? ''}
                      slotProps={{ secondary: { noWrap: true } }}
                    />
                  </ListItemButton>
                  </ListItem>
                ))}
              </List>
            ) : null}
            <NewTextForm staffId={staffId} training={training} onSent={open} />
          </Box>
          <Box>{current ? <Thread conversation={current} staffId={staffId} /> : conversations.length > 0 ? <Typography color="text.secondary">Choose a conversation to read and reply.</Typography> : null}</Box>
        </Box>
      ) : null}
    </Page>
  );
}
