/**
 * Inbox: the front desk's shared queue of text conversations (left) and the open conversation or
 * New text (right), sized to fit a 1280×860 window without scrolling the page. The open
 * conversation is in the address (#/inbox/<id>); the queue's view, filters and search live here.
 * Keyboard: J/K (or Alt+↓/↑) next and previous, R reply, Ctrl/⌘+Enter send, Alt+C close,
 * / search, N new text, ? the list of shortcuts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import ForumOutlined from '@mui/icons-material/ForumOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { selectQueue, type QueueFilter, type StatusView } from '../../../../shared/inbox/queue-view';
import { setConversationStatus, useInboxMemory, usePracticeDb, usePracticeDbStatus } from '../../../data';
import { useAppData } from '../../app/app-data';
import { setDetailRoute, useDetailRoute } from '../../app/detail-route';
import { shortcut, useShortcuts } from '../../app/shortcuts';
import { EmptyState } from '../../components/EmptyState';
import { call } from '../../platform/call';
import { carerelay } from '../../platform/carerelay';
import { useSession } from '../../session/session-context';
import { useConversationSearch, useNow, useQueueSnapshot } from './inbox-hooks';
import { NewTextPanel } from './NewTextPanel';
import { QueuePane } from './QueuePane';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ThreadPane } from './ThreadPane';
import { TrainingTools } from './TrainingTools';

const NEW = 'new';

export default function InboxPage() {
  const { session } = useSession();
  const { info } = useAppData();
  const training = info.state === 'ready' && info.value.mode === 'training';
  const db = usePracticeDbStatus();
  const openDb = usePracticeDb();
  const memory = useInboxMemory();
  const snapshot = useQueueSnapshot(memory);
  const staffId = session.user?.id ?? '';
  const detail = useDetailRoute();
  const now = useNow();
  const [status, setStatus] = useState<StatusView>('active');
  const [filters, setFilters] = useState<ReadonlySet<QueueFilter>>(new Set());
  const [query, setQuery] = useState('');
  const [help, setHelp] = useState(false);
  const search = useConversationSearch(memory, query, snapshot.version);
  const searchRef = useRef<HTMLInputElement>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const sendRef = useRef<(() => void) | null>(null);

  const ids = useMemo(
    () => selectQueue(snapshot.rows, { status, filters, only: search ? search.ids : null }, snapshot.viewer),
    [snapshot.rows, snapshot.viewer, status, filters, search],
  );
  const selectedId = detail && detail !== NEW ? detail : null;

  const open = useCallback((id: string) => {
    setDetailRoute('inbox', id);
    // Opening a conversation is PHI access: main records who, from its own session.
    void call(() => carerelay().audit.recordView({ objectType: 'conversation', objectId: id }));
  }, []);
  const toggleFilter = useCallback(
    (f: QueueFilter) =>
      setFilters((current) => {
        const next = new Set(current);
        if (next.has(f)) next.delete(f);
        else next.add(f);
        return next;
      }),
    [],
  );
  const step = (by: 1 | -1) => {
    if (ids.length === 0) return;
    const at = selectedId ? ids.indexOf(selectedId) : -1;
    const next = at < 0 ? (by > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + by));
    open(ids[next]!);
  };
  useShortcuts({
    next: () => step(1),
    previous: () => step(-1),
    reply: () => replyRef.current?.focus(),
    send: () => sendRef.current?.(),
    close: () => {
      if (openDb && selectedId) void setConversationStatus(openDb, selectedId, 'closed');
    },
    search: () => searchRef.current?.focus(),
    newText: () => setDetailRoute('inbox', NEW),
    help: () => setHelp(true),
  });
  useEffect(() => {
    sendRef.current = null;
  }, [detail]);

  const empty = snapshot.loaded && snapshot.rows.length === 0;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 560, maxWidth: 1400, mx: 'auto', mt: -1.5, mb: -2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="h1" tabIndex={-1} sx={{ flex: 1, fontSize: '1.5rem' }}>
          Inbox
        </Typography>
        {training ? <TrainingTools /> : null}
        <Button size="small" onClick={() => setHelp(true)} aria-keyshortcuts={shortcut('help').aria}>
          Shortcuts ({shortcut('help').keys})
        </Button>
        <Button variant="contained" onClick={() => setDetailRoute('inbox', NEW)} aria-keyshortcuts={shortcut('newText').aria} data-testid="new-text-button">
          New text ({shortcut('newText').keys})
        </Button>
      </Box>
      {db.state === 'failed' ? <Alert severity="error">{db.message}</Alert> : null}
      {db.state !== 'open' && db.state !== 'failed' ? (
        <Typography color="text.secondary" aria-live="polite">
          Opening the practice’s records…
        </Typography>
      ) : null}
      {db.state === 'open' && memory ? (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 340px) minmax(0, 1fr)', gap: 2, flex: 1, minHeight: 0 }}>
          <QueuePane
            memory={memory}
            snapshot={snapshot}
            ids={ids}
            selectedId={selectedId}
            onOpen={open}
            status={status}
            onStatus={setStatus}
            filters={filters}
            onToggleFilter={toggleFilter}
            query={query}
            onQuery={setQuery}
            search={search}
            searchRef={searchRef}
            now={now}
          />
          <Box sx={{ minHeight: 0, minWidth: 0, overflow: 'auto' }}>
            {detail === NEW ? (
              <NewTextPanel staffId={staffId} training={training} onSent={open} onCancel={() => setDetailRoute('inbox', null)} sendRef={sendRef} />
            ) : selectedId ? (
              <ThreadPane key={selectedId} memory={memory} conversationId={selectedId} staffId={staffId} replyRef={replyRef} sendRef={sendRef} />
            ) : empty ? (
              <EmptyState
                Icon={ForumOutlined}
                title="No conversations yet"
                description="When a patient texts the practice’s number, or replies to a reminder, the conversation appears here for anyone at the front desk to answer."
                pointsLabel="What you’ll see here"
                points={[
                  'Conversations with the newest message on top, with unread counts for you.',
                  'Whether each text was delivered, and in plain words why not when it wasn’t.',
                  'Replies such as STOP are honoured automatically, even while CareRelay is locked.',
                  'Messages written while the gateway is offline wait in the outbox and are sent when it is back.',
                ]}
              />
            ) : (
              <Typography color="text.secondary" sx={{ p: 2 }}>
                Choose a conversation to read and reply ({shortcut('next').keys} opens the next one).
              </Typography>
            )}
          </Box>
        </Box>
      ) : null}
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
    </Box>
  );
}
