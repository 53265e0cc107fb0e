/**
 * The desktop side of notifications: Electron's Notification with the fixed PHI-free wording
 * the notifier chooses, the dock / taskbar badge count, and the tray tooltip saying only that
 * there are new messages. Thin; the rules live in notifier.ts.
 */
import { app, Notification, type Tray } from 'electron';
import type { NotifierPort } from './notifier';
import { TRAY_TOOLTIP } from '../tray/tray';

export const TRAY_TOOLTIP_NEW = 'CareRelay: new messages';

export function electronNotifyPort(tray: () => Tray | null): NotifierPort {
  return {
    show(title, body) {
      if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
    },
    setBadge(count) {
      app.setBadgeCount(count);
      const t = tray();
      if (t && !t.isDestroyed()) t.setToolTip(count > 0 ? TRAY_TOOLTIP_NEW : TRAY_TOOLTIP);
    },
  };
}
