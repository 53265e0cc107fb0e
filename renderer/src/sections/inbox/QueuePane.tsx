/**
 * The queue pane: search (names, numbers, message text), the status view and filter chips with
 * their counts, and the conversation list, virtualised (fixed-height rows, only those in view
 * are in the page), newest activity first. Each row: the patient's name (or the number, marked
 * unmatched), the last message as inert text, unread count, failed badge, who is replying, and
 * whether this person has a draft there.
 */
import { useCallback, useMemo, type RefObject } from 'react';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import { claimedByOther } from '../../../../shared/inbox/claims';
import { countQueue, QUEUE_FILTERS, STATUS_VIEWS, unreadFor, type QueueFilter, type QueueRow, type StatusView } from '../../../../shared/inbox/queue-view';
import type { InboxMemory, QueueSnapshot, SearchAnswer } from '../../../data';
import { SafeLabel } from '../../components/SafeText';
import { VirtualList } from '../../components/VirtualList';
import { useStaffName } from '../../app/staff-directory';
import { shortcut } from '../../app/shortcuts';
import { formatPhone } from './delivery-labels';
import { usePatientIndex } from '../../../data';

export const ROW_HEIGHT = 76;

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
};

export function formatWhen(at: number, now = Date.now()): string {
  if (!at) return '';
  const d = new Date(at);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return d.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
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
  const { snapshot, ids, status, filters, query, search, now } = props;
  const counts = useMemo(() => countQueue(snapshot.rows, status, snapshot.viewer), [snapshot.rows, snapshot.viewer, status]);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%', gap: 1 }}>
      <Box component="form" role="search" onSubmit={(e) => e.preventDefault()} autoComplete="off">
        <TextField
          inputRef={props.searchRef}
          size="small"
          fullWidth
          label="Search name, number or text"
          value={query}
          onChange={(e) => props.onQuery(e.target.value.slice(0, 100))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') props.onQuery('');
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
          {ids.length === 1 ? '1 conversation matches' : `${ids.length} conversations match`}
          {search.complete ? '' : ' so far'}
        </Typography>
      ) : (
        <>
          <TextField select size="small" label="Show" value={status} onChange={(e) => props.onStatus(e.target.value as StatusView)}>
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
                color={f === 'attention' && counts.attention > 0 ? 'warning' : 'primary'}
                variant={filters.has(f) ? 'filled' : 'outlined'}
                aria-pressed={filters.has(f)}
                onClick={() => props.onToggleFilter(f)}
                data-testid={`filter-${f}`}
              />
            ))}
          </Box>
        </>
      )}
      <VirtualQueue {...props} now={now} />
    </Box>
  );
}

function VirtualQueue({ memory, snapshot, ids, selectedId, onOpen, now }: QueuePaneProps) {
  const rowsById = useMemo(() => new Map(snapshot.rows.map((r) => [r.id, r])), [snapshot.rows]);
  // A new callback when the ids change, so the rows now on screen get their details read.
  const onRange = useCallback((first: number, last: number) => void memory.queue.loadDetails(ids.slice(first, last)), [memory, ids]);
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
        return row ? <QueueRowButton memory={memory} row={row} snapshot={snapshot} selected={row.id === selectedId} onOpen={onOpen} now={now} /> : null;
      }}
    />
  );
}

function QueueRowButton({ memory, row, snapshot, selected, onOpen, now }: { memory: InboxMemory; row: QueueRow; snapshot: QueueSnapshot; selected: boolean; onOpen: (id: string) => void; now: number }) {
  const { index } = usePatientIndex();
  const staffName = useStaffName();
  const details = memory.queue.detailsOf(row.id);
  const patient = row.patientId ? index?.get(row.patientId) : undefined;
  const unread = unreadFor(row, snapshot.viewer);
  const replying = claimedByOther(row, snapshot.viewer.staffId, now);
  const name = patient ? `${patient.givenName} ${patient.familyName}`.trim() : details?.phone ? formatPhone(details.phone) : '…';
  return (
    <Box
      component="button"
      type="button"
      onClick={() => onOpen(row.id)}
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation"
      data-conversation-id={row.id}
      sx={{
        all: 'unset',
        boxSizing: 'border-box',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        gap: 0.25,
        width: '100%',
        height: '100%',
        px: 1.5,
        cursor: 'pointer',
        borderBottom: 1,
        borderColor: 'divider',
        bgcolor: selected ? 'action.selected' : 'transparent',
        borderLeft: 4,
        borderLeftColor: selected ? 'primary.main' : 'transparent',
        '&:hover': { bgcolor: selected ? 'action.selected' : 'action.hover' },
        '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 },
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 0 }}>
        <Typography component="span" noWrap sx={{ flex: 1, minWidth: 0, fontWeight: unread ? 700 : 500 }} data-testid="conversation-name">
          <SafeLabel text={name} />
        </Typography>
        <Typography component="span" variant="caption" color="text.secondary" sx={{ flexShrink: 0 }}>
          {formatWhen(row.lastActivityAt, now)}
        </Typography>
      </Box>
      <Typography component="span" variant="body2" color="text.secondary" noWrap data-testid="conversation-preview">
        <SafeLabel text={details?.preview ?? ''} />
      </Typography>
      <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center', minHeight: 20, overflow: 'hidden' }}>
        {unread ? <Chip size="small" color="primary" label={`${unread} new`} sx={{ height: 18 }} data-testid="unread-badge" /> : null}
        {row.failedCount ? <Chip size="small" color="error" label="Failed" sx={{ height: 18 }} data-testid="failed-badge" /> : null}
        {!row.patientId ? <Chip size="small" variant="outlined" color="warning" label="Unmatched" sx={{ height: 18 }} /> : null}
        {replying ? (
          <Typography component="span" variant="caption" color="secondary.main" noWrap data-testid="replying">
            <SafeLabel text={staffName(replying.staffId)} /> is replying
          </Typography>
        ) : null}
        {snapshot.drafts.has(row.id) ? <Typography component="span" variant="caption" color="text.secondary">Draft</Typography> : null}
        {row.status !== 'open' ? (
          <Typography component="span" variant="caption" color="text.secondary">
            {row.status === 'closed' ? 'Closed' : 'Waiting'}
          </Typography>
        ) : null}
      </Box>
    </Box>
  );
}
