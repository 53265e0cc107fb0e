/**
 * A list of fixed-height rows where only the rows in view (plus a few either side) are in the
 * page, so 20,000 conversations or patients scroll as smoothly as 20. Keeps the selected row in
 * view and tells the owner which rows are showing (to read their details).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';

const OVERSCAN = 6;

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  rowKey: (index: number) => string;
  ariaLabel: string;
  selectedIndex?: number;
  onRange?: (first: number, last: number) => void;
  testId?: string;
}

export function VirtualList({ count, rowHeight, renderRow, rowKey, ariaLabel, selectedIndex = -1, onRange, testId }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 600);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);
  useEffect(() => {
    const el = scroller.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [selectedIndex, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  useEffect(() => {
    onRange?.(first, last);
  }, [first, last, onRange]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      // Position as an inline style: through sx each distinct `top` would add a CSS rule to the
      // page's stylesheet for good (20,000 rows, 20,000 rules, ever slower style recalculation).
      <li key={rowKey(i)} aria-setsize={count} aria-posinset={i + 1} style={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(i)}
      </li>,
    );
  }
  return (
    <Box
      ref={scroller}
      data-testid={testId}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      sx={{ flex: 1, minHeight: 0, overflowY: 'auto', border: 1, borderColor: 'divider', borderRadius: 2, bgcolor: 'background.paper', position: 'relative' }}
    >
      <ul aria-label={ariaLabel} style={{ listStyle: 'none', margin: 0, padding: 0, position: 'relative', height: count * rowHeight }}>
        {rows}
      </ul>
    </Box>
  );
}
