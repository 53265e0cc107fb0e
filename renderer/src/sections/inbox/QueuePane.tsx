/**
 * The queue pane: search (names, numbers, message text), the status view and filter chips with
 * their counts, and the conversation list, virtualised (fixed-height rows, only those in view
 * are in the page), newest activity first. Each row: the patient's name (or the number, marked
 * unmatched), the last message as inert text, unread count, failed badge, who is replying, and
 * whether this person has a draft there.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore, type RefObject } from 'react';
import Box from '@mui/material/Box';
import { styled } from '@mui/material/styles';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import { claimedByOther } from '../../../../shared/inbox/claims';
import { countQueue, QUEUE_FILTERS, STATUS_VIEWS, unreadFor, type QueueCounts, type QueueFilter, type QueueRow, type StatusView } from '../../../../shared/inbox/queue-view';
import type { InboxMemory, QueueSnapshot, RowDetails, SearchAnswer } from '../../../data';
import { SafeLabel } from '../../components/SafeText';
import { VirtualList } from '../../components/VirtualList';
import { useStaffName } from '../../app/staff-directory';
import { shortcut } from '../../app/shortcuts';
import { formatPhone } from './delivery-labels';
import { usePatientIndex } from '../../../data';

export const ROW_HEIGHT = 76;
const DETAILS_AFTER_MS = 60;

export const STATUS_VIEW_LABELS: Readonly<Record<StatusView, string>> = {
  active: 'Open and waiting',
  open: 'Open',
  waiting: 'Waiting on patient',
  closed: 'Closed',
  all: 'All conversations',
};

export const FILTER_LABELS: Readonly<Record<QueueFilter, string>> = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  unread: 'Unread',
  attention: 'Needs attention',
  tasks: 'Tasks',
};

// Made once: toLocale*String builds a new formatter on every call, and rows format as they mount.
const TIME = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function formatWhen(at: number, now = Date.now()): string {
  if (!at) return '';
  const d = new Date(at);
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? TIME.format(d) : DAY.format(d);
}

export interface QueuePaneProps {
  memory: InboxMemory;
  snapshot: QueueSnapshot;
  ids: readonly string[];
  selectedId: string | null;
  onOpen: (id: string) => void;
  status: StatusView;
  onStatus: (status: StatusView) => void;
  filters: ReadonlySet<QueueFilter>;
  onToggleFilter: (filter: QueueFilter) => void;
  query: string;
  onQuery: (query: string) => void;
  search: SearchAnswer | null;
  searchRef: RefObject<HTMLInputElement | null>;
  now: number;
}

export function QueuePane(props: QueuePaneProps) {
  const { snapshot, ids, status, filters, query, search, searchRef, onQuery, onStatus, onToggleFilter } = props;
  const counts = useMemo(() => countQueue(snapshot.rows, status, snapshot.viewer), [snapshot.rows, snapshot.viewer, status]);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%', gap: 1 }}>
      <QueueControls
        status={status}
        onStatus={onStatus}
        filters={filters}
        onToggleFilter={onToggleFilter}
        query={query}
        onQuery={onQuery}
        search={search}
        searchRef={searchRef}
        counts={counts}
        matches={ids.length}
      />
      <VirtualQueue {...props} />
    </Box>
  );
}

interface QueueControlsProps {
  status: StatusView;
  onStatus: (status: StatusView) => void;
  filters: ReadonlySet<QueueFilter>;
  onToggleFilter: (filter: QueueFilter) => void;
  query: string;
  onQuery: (query: string) => void;
  search: SearchAnswer | null;
  searchRef: RefObject<HTMLInputElement | null>;
  counts: QueueCounts;
  matches: number;
}

/** Search, view and filters: memoised, so the clock and rows arriving do not re-render them. */
const QueueControls = memo(function QueueControls({ status, onStatus, filters, onToggleFilter, query, onQuery, search, searchRef, counts, matches }: QueueControlsProps) {
  return (
    <>
      <Box component="form" role="search" onSubmit={(e) => e.preventDefault()} autoComplete="off">
        <TextField
          inputRef={searchRef}
          size="small"
          fullWidth
          label="Search name, number or text"
          value={query}
          onChange={(e) => onQuery(e.target.value.slice(0, 100))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onQuery('');
          }}
          autoComplete="off"
          slotProps={{
            input: { startAdornment: <InputAdornment position="start"><SearchOutlined fontSize="small" aria-hidden="true" /></InputAdornment> },
            htmlInput: { 'aria-keyshortcuts': shortcut('search').aria, spellCheck: false },
          }}
          helperText={search && !search.complete ? `Searching message text… ${Math.round(search.progress * 100)}%` : `Shortcut: ${shortcut('search').keys}`}
        />
      </Box>
      {search ? (
        <Typography variant="body2" color="text.secondary" aria-live="polite" data-testid="search-summary">
          {matches === 1 ? '1 conversation matches' : `${matches} conversations match`}
          {search.complete ? '' : ' so far'}
        </Typography>
      ) : (
        <>
          <TextField select size="small" label="Show" value={status} onChange={(e) => onStatus(e.target.value as StatusView)}>
            {STATUS_VIEWS.map((v) => (
              <MenuItem key={v} value={v}>
                {STATUS_VIEW_LABELS[v]}
              </MenuItem>
            ))}
          </TextField>
          <Box role="group" aria-label="Filters" sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75 }}>
            {QUEUE_FILTERS.map((f) => (
              <Chip
                key={f}
                size="small"
                label={`${FILTER_LABELS[f]} ${counts[f]}`}
                color={f === 'attention' && counts.attention > 0 ? 'warning' : f === 'tasks' && counts.tasks > 0 ? 'secondary' : 'primary'}
                variant={filters.has(f) ? 'filled' : 'outlined'}
                aria-pressed={filters.has(f)}
                onClick={() => onToggleFilter(f)}
                data-testid={`filter-${f}`}
              />
            ))}
          </Box>
        </>
      )}
    </>
  );
});

function VirtualQueue({ memory, snapshot, ids, selectedId, onOpen, now }: QueuePaneProps) {
  const { index, version } = usePatientIndex();
  // Re-render the rows (only) when their decrypted details arrive.
  useSyncExternalStore(memory.queue.subscribeDetails, memory.queue.getDetailVersion);
  const staffName = useStaffName();
  const rowsById = useMemo(() => new Map(snapshot.rows.map((r) => [r.id, r])), [snapshot.rows]);
  // Details (number, preview) are read once scrolling pauses, not for every row flying past.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onRange = useCallback(
    (first: number, last: number) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void memory.queue.loadDetails(ids.slice(first, last)), DETAILS_AFTER_MS);
    },
    [memory, ids],
  );
  if (snapshot.loaded && ids.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ p: 2 }} data-testid="queue-empty">
        No conversations here.
      </Typography>
    );
  }
  return (
    <VirtualList
      count={ids.length}
      rowHeight={ROW_HEIGHT}
      ariaLabel="Conversations"
      testId="queue-scroller"
      selectedIndex={selectedId ? ids.indexOf(selectedId) : -1}
      onRange={onRange}
      rowKey={(i) => ids[i]!}
      renderRow={(i) => {
        const row = rowsById.get(ids[i]!);
        if (!row) return null;
        const patient = row.patientId ? index?.get(row.patientId) : undefined;
        const replying = claimedByOther(row, snapshot.viewer.staffId, now);
        return (
          <QueueRowButton
            row={row}
            details={memory.queue.detailsOf(row.id)}
            patientName={patient ? `${patient.givenName} ${patient.familyName}`.trim() : null}
            unread={unreadFor(row, snapshot.viewer)}
            replyingName={replying ? staffName(replying.staffId) : null}
            draft={snapshot.drafts.has(row.id)}
            selected={row.id === selectedId}
            onOpen={onOpen}
            when={formatWhen(row.lastActivityAt, now)}
            version={version}
          />
        );
      }}
    />
  );
}

interface RowProps {
  row: QueueRow;
  details: RowDetails | undefined;
  patientName: string | null;
  unread: number;
  replyingName: string | null;
  draft: boolean;
  selected: boolean;
  onOpen: (id: string) => void;
  when: string;
  version: number;
}

/** One row; re-renders only when something it shows changes (scrolling re-renders none). */
/*
 * The row's styles are static (styled once per component), and what varies is expressed as
 * attributes the styles select on: rows mount by the hundred while scrolling, and per-render sx
 * objects would be serialised by emotion on every mount.
 */
const RowButton = styled('button')(({ theme }) => ({
  all: 'unset',
  boxSizing: 'border-box',
  display: 'flex',
  flexDirection: 'column',
  justifyContent: 'center',
  gap: 2,
  width: '100%',
  height: '100%',
  padding: '0 12px',
  cursor: 'pointer',
  borderBottom: `1px solid ${theme.palette.divider}`,
  borderLeft: '4px solid transparent',
  '&:hover': { backgroundColor: theme.palette.action.hover },
  '&[aria-current="true"]': { backgroundColor: theme.palette.action.selected, borderLeftColor: theme.palette.primary.main },
  '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
  '& .line': { display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 },
  '& .name': { ...theme.typography.body1, flex: 1, minWidth: 0, fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .name[data-unread]': { fontWeight: 700 },
  '& .when': { ...theme.typography.caption, color: theme.palette.text.secondary, flexShrink: 0 },
  '& .preview': { ...theme.typography.body2, color: theme.palette.text.secondary, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .tags': { display: 'flex', gap: 4, alignItems: 'center', minHeight: 20, overflow: 'hidden', ...theme.typography.caption, color: theme.palette.text.secondary, whiteSpace: 'nowrap' },
  '& .badge': { borderRadius: 9, padding: '0 8px', lineHeight: '18px', fontWeight: 600, fontSize: '0.75rem' },
  '& .badge.unread': { backgroundColor: theme.palette.primary.main, color: theme.palette.primary.contrastText },
  '& .badge.failed': { backgroundColor: theme.palette.error.main, color: theme.palette.error.contrastText },
  '& .badge.unmatched': { border: `1px solid ${theme.palette.warning.dark}`, color: theme.palette.warning.dark, lineHeight: '16px' },
  '& .replying': { color: theme.palette.secondary.main, overflow: 'hidden', textOverflow: 'ellipsis' },
}));

/** One row; re-renders only when something it shows changes (scrolling re-renders none). */
const QueueRowButton = memo(function QueueRowButton({ row, details, patientName, unread, replyingName, draft, selected, onOpen, when }: RowProps) {
  const name = patientName ?? (details?.phone ? formatPhone(details.phone) : '…');
  return (
    <RowButton type="button" onClick={() => onOpen(row.id)} aria-current={selected ? 'true' : undefined} data-testid="conversation" data-conversation-id={row.id}>
      <span className="line">
        <span className="name" data-unread={unread ? '' : undefined} data-testid="conversation-name">
          <SafeLabel text={name} />
        </span>
        <span className="when">{when}</span>
      </span>
      <span className="preview" data-testid="conversation-preview">
        <SafeLabel text={details?.preview ?? ''} />
      </span>
      <span className="tags">
        {unread ? <span className="badge unread" data-testid="unread-badge">{`${unread} new`}</span> : null}
        {row.failedCount ? <span className="badge failed" data-testid="failed-badge">Failed</span> : null}
        {!patientName && !row.patientId ? <span className="badge unmatched">Unmatched</span> : null}
        {replyingName ? (
          <span className="replying" data-testid="replying">
            <SafeLabel text={replyingName} /> is replying
          </span>
        ) : null}
        {draft ? <span>Draft</span> : null}
        {row.status !== 'open' ? <span>{row.status === 'closed' ? 'Closed' : 'Waiting'}</span> : null}
      </span>
    </RowButton>
  );
});
