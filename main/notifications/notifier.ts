/**
 * Owns what CareRelay tells the operating system when patients text (R2): a notification that
 * says only "New message" (or how many), and a badge count, never a name, a number or any text.
 * Nothing at all while nobody is signed in, and the badge is cleared at sign-out. While someone
 * is signed in (even locked) each batch of inbound messages raises one notification, at most one
 * every few seconds; while the screens are unlocked they report the person's own unread count,
 * which the badge then shows. The platform does the showing (Electron's Notification and badge,
 * or the browser host's page event).
 */

export interface NotifierPort {
  show(title: string, body: string): void;
  setBadge(count: number): void;
}

export type SessionKind = 'unavailable' | 'no-practice' | 'signed-out' | 'unlocked' | 'locked';

export interface NotifierOptions {
  readonly port: NotifierPort;
  readonly session: () => SessionKind;
  readonly now?: () => number;
  /** Shortest gap between two notifications (default 5 s); the badge still counts every message. */
  readonly quietMs?: number;
}

export interface Notifier {
  /** `count` inbound messages were collected from the gateway. */
  inbound(count: number): void;
  /** The unlocked screens report the signed-in person's unread count. */
  setUnread(count: number): void;
  /** The session changed (sign-out clears everything). */
  sessionChanged(): void;
  badge(): number;
}

export const NOTIFICATION_TITLE = 'CareRelay';

export function notificationBody(count: number): string {
  return count === 1 ? 'New message' : `${count} new messages`;
}

const signedIn = (kind: SessionKind) => kind === 'unlocked' || kind === 'locked';

export function createNotifier(options: NotifierOptions): Notifier {
  const now = options.now ?? Date.now;
  const quietMs = options.quietMs ?? 5_000;
  let badge = 0;
  let lastShownAt = Number.NEGATIVE_INFINITY;
  const setBadge = (n: number) => {
    const next = Math.max(0, Math.min(9_999, Math.floor(n)));
    if (next === badge) return;
    badge = next;
    options.port.setBadge(badge);
  };
  return {
    inbound(count) {
      if (count <= 0 || !signedIn(options.session())) return;
      setBadge(badge + count);
      if (now() - lastShownAt < quietMs) return;
      lastShownAt = now();
      options.port.show(NOTIFICATION_TITLE, notificationBody(count));
    },
    setUnread(count) {
      if (!signedIn(options.session())) return;
      setBadge(count);
    },
    sessionChanged() {
      if (!signedIn(options.session())) setBadge(0);
    },
    badge: () => badge,
  };
}
