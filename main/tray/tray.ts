/**
 * The tray icon and the close-to-tray behaviour. Closing the window hides it (sync and scheduled
 * sends go on in main) unless the app is quitting. The tray menu offers only "Open CareRelay" and
 * "Quit CareRelay", and its tooltip is the fixed product name, or "CareRelay: new messages"
 * while there are unread messages: never PHI, never counts (notifications/electron-notify.ts).
 */
import { Menu, Tray, nativeImage, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export const TRAY_TOOLTIP = 'CareRelay';
export const OPEN_LABEL = 'Open CareRelay';
export const QUIT_LABEL = 'Quit CareRelay';

/** A 32x32 PNG of the app mark, embedded so the tray never depends on a file on disk. */
const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAeklEQVR42u2XMQ5AIQhD3b2ru6fXGyjWCv0/NHEz9jkApZTUgWrrw3LCjOkgqDEFhGUOQbDNjyB2j+x0DYEaW0FczGEIpvkK4vr3jLvw759VhAXgaUkmQAJ8AsC9DF0bUXgrlhhG4eNYIpCERzKJUCoRyyUWE5nV7NeaFQwlASggtX8AAAAASUVORK5CYII=';

export function trayMenuTemplate(actions: { open: () => void; quit: () => void }): MenuItemConstructorOptions[] {
  return [
    { label: OPEN_LABEL, click: () => actions.open() },
    { type: 'separator' },
    { label: QUIT_LABEL, click: () => actions.quit() },
  ];
}

export function createTray(actions: { open: () => void; quit: () => void }): Tray {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
  tray.setToolTip(TRAY_TOOLTIP);
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(actions)));
  // Left click (Windows, Linux) opens the window too.
  tray.on('click', () => actions.open());
  return tray;
}

/** Shows, restores and focuses a window (tray "Open", second instance, macOS dock click). */
export function revealWindow(win: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Closing the window hides it to the tray unless `isQuitting()` says the app is on its way out. */
export function installCloseToTray(win: Pick<BrowserWindow, 'on' | 'hide'>, isQuitting: () => boolean): void {
  win.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
}
