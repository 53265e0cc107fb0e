/**
 * Keyboard shortcuts: one table of what each key does (the Inbox shows it, and names each
 * shortcut on its button), and a hook that listens on the page. Single letters only act when
 * the person is not typing; Alt+arrows and Ctrl/⌘+Enter work from inside a text box too.
 */
import { useEffect, useRef } from 'react';

export type ShortcutId = 'next' | 'previous' | 'reply' | 'send' | 'close' | 'search' | 'newText' | 'help';

export interface ShortcutDef {
  readonly id: ShortcutId;
  /** What the person presses, as shown on screen. */
  readonly keys: string;
  /** For aria-keyshortcuts. */
  readonly aria: string;
  readonly does: string;
}

const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl';

export const SHORTCUTS: readonly ShortcutDef[] = [
  { id: 'next', keys: 'J or Alt+↓', aria: 'J Alt+ArrowDown', does: 'Next conversation' },
  { id: 'previous', keys: 'K or Alt+↑', aria: 'K Alt+ArrowUp', does: 'Previous conversation' },
  { id: 'reply', keys: 'R', aria: 'R', does: 'Reply (go to the reply box)' },
  { id: 'send', keys: `${mod}+Enter`, aria: mac ? 'Meta+Enter' : 'Control+Enter', does: 'Send the reply' },
  { id: 'close', keys: 'Alt+C', aria: 'Alt+C', does: 'Close the conversation' },
  { id: 'search', keys: '/', aria: '/', does: 'Search conversations' },
  { id: 'newText', keys: 'N', aria: 'N', does: 'New text' },
  { id: 'help', keys: '?', aria: 'Shift+?', does: 'Show these shortcuts' },
];

export const shortcut = (id: ShortcutId): ShortcutDef => SHORTCUTS.find((s) => s.id === id)!;

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Which shortcut a key press is, if any. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target'>): ShortcutId | null {
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    if (e.key === 'ArrowDown') return 'next';
    if (e.key === 'ArrowUp') return 'previous';
    if (e.code === 'KeyC') return 'close';
    return null;
  }
  if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') return 'send';
  if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return null;
  switch (e.key) {
    case 'j':
    case 'J':
      return 'next';
    case 'k':
    case 'K':
      return 'previous';
    case 'r':
    case 'R':
      return 'reply';
    case '/':
      return 'search';
    case 'n':
    case 'N':
      return 'newText';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/** Listens for the shortcuts while mounted; `handlers` may change on every render. */
export function useShortcuts(handlers: Partial<Record<ShortcutId, () => void>>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const id = shortcutFor(e);
      const run = id ? latest.current[id] : undefined;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
