/** The desktop notification port with the stand-in Electron: fixed wording, badge count, tray tooltip. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron);

import { FakeNotification, FakeTray, fake, resetFakeElectron } from '../testing/fake-electron';
import { TRAY_TOOLTIP } from '../tray/tray';
import { electronNotifyPort, TRAY_TOOLTIP_NEW } from './electron-notify';
import { createNotifier } from './notifier';

beforeEach(() => resetFakeElectron());

describe('electron notifications', () => {
  it('shows "New message", counts on the badge, and the tray only says there are new messages', () => {
    const tray = new FakeTray(null);
    let state: 'unlocked' | 'signed-out' = 'unlocked';
    const notifier = createNotifier({ port: electronNotifyPort(() => tray as never), session: () => state });
    notifier.inbound(1);
    expect(FakeNotification.shown).toEqual([{ title: 'CareRelay', body: 'New message' }]);
    expect(fake.app.badgeCount).toBe(1);
    expect(tray.tooltip).toBe(TRAY_TOOLTIP_NEW);
    state = 'signed-out';
    notifier.sessionChanged();
    notifier.inbound(4);
    expect(FakeNotification.shown).toHaveLength(1);
    expect(fake.app.badgeCount).toBe(0);
    expect(tray.tooltip).toBe(TRAY_TOOLTIP);
  });

  it('skips the notification where the system has none, and keeps the badge', () => {
    FakeNotification.supported = false;
    const notifier = createNotifier({ port: electronNotifyPort(() => null), session: () => 'locked' });
    notifier.inbound(2);
    expect(FakeNotification.shown).toEqual([]);
    expect(fake.app.badgeCount).toBe(2);
  });
});
