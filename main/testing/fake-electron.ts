/**
 * A reusable stand-in for the `electron` module in unit tests (the Electron binary cannot run
 * here). It records what our code asks of Electron (windows, sessions, handlers, IPC, tray) and
 * lets tests fire the events Electron would. One shared instance: tests mock `electron` with
 * `vi.mock('electron', async () => (await import('../testing/fake-electron')).fakeElectron)`
 * and call `resetFakeElectron()` in `beforeEach`. Imports nothing from vitest.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;

/** An Electron-style event: `preventDefault()` plus extra fields. */
export interface FakeEvent {
  preventDefault(): void;
  readonly defaultPrevented: boolean;
  [key: string]: unknown;
}

export function fakeEvent(extra: Record<string, unknown> = {}): FakeEvent {
  let prevented = false;
  return {
    ...extra,
    preventDefault() {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
}

class FakeEmitter extends EventEmitter {
  /** Emits with a fresh preventable event as the first argument and returns it. */
  fire(name: string, ...args: unknown[]): FakeEvent {
    const event = fakeEvent();
    this.emit(name, event, ...args);
    return event;
  }
}

export class FakeWebRequest {
  headersReceived: Listener | null = null;
  onHeadersReceived(filterOrListener: unknown, maybeListener?: unknown): void {
    const listener = (typeof filterOrListener === 'function' ? filterOrListener : maybeListener) as Listener | null;
    this.headersReceived = listener ?? null;
  }
}

export class FakeProtocol {
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    if (this.handlers.has(scheme)) throw new Error(`Scheme ${scheme} is already handled`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
}

export class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  readonly webRequest = new FakeWebRequest();
  readonly protocol = new FakeProtocol();
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: { url: string };
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: unknown) => unknown) | null = null;
  destroyed = false;
  constructor(
    readonly session: FakeSession,
    url = '',
  ) {
    super();
    this.mainFrame = { url };
  }
  setWindowOpenHandler(handler: (details: unknown) => unknown): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  contentProtection = false;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  title: string;
  loadedUrls: string[] = [];
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    const prefs = (options.webPreferences ?? {}) as { partition?: string };
    this.webContents = new FakeWebContents(fakeElectronState.session.fromPartition(prefs.partition ?? ''));
    this.title = typeof options.title === 'string' ? options.title : 'Electron';
    FakeBrowserWindow.instances.push(this);
    fakeElectronState.app.emit('web-contents-created', fakeEvent(), this.webContents);
    fakeElectronState.app.emit('browser-window-created', fakeEvent(), this);
  }
  setContentProtection(enabled: boolean): void {
    this.contentProtection = enabled;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  getTitle(): string {
    return this.title;
  }
  show(): void {
    this.visible = true;
    this.focused = true;
  }
  hide(): void {
    this.visible = false;
    this.focused = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  minimize(): void {
    this.minimized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Like Electron: 'close' can be prevented; otherwise the window is destroyed and 'closed' fires. */
  close(): void {
    if (this.destroyed) return;
    const event = this.fire('close');
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }
}

export class FakeApp extends FakeEmitter {
  isPackaged = false;
  hasSingleInstanceLock = true;
  readyState = false;
  quitCalls = 0;
  exitCalls: number[] = [];
  sandboxEnabled = false;
  appUserModelId: string | null = null;
  badgeCount = 0;
  private readyResolve: (() => void) | null = null;
  private readyPromise: Promise<void> = this.makeReadyPromise();
  private makeReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.readyResolve = resolve;
    });
  }
  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.readyState;
  }
  /** Test helper: make the app ready (resolves `whenReady`, emits 'ready'). */
  becomeReady(): void {
    this.readyState = true;
    this.readyResolve?.();
    this.emit('ready', fakeEvent());
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  /** Test helper: where getPath('userData') and friends point. */
  pathsRoot = '/tmp/carerelay-fake-electron';
  getPath(name: string): string {
    return `${this.pathsRoot}/${name}`;
  }
  getName(): string {
    return 'CareRelay';
  }
  enableSandbox(): void {
    this.sandboxEnabled = true;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setBadgeCount(count: number): boolean {
    this.badgeCount = count;
    return true;
  }
  /** Like Electron: before-quit (preventable), then close every window, then will-quit and quit. */
  quit(): void {
    this.quitCalls += 1;
    if (this.fire('before-quit').defaultPrevented) return;
    for (const win of FakeBrowserWindow.getAllWindows()) {
      win.close();
      if (!win.isDestroyed()) return; // a window refused to close: quitting stops
    }
    if (this.fire('will-quit').defaultPrevented) return;
    this.emit('quit', fakeEvent(), 0);
  }
  exit(code = 0): void {
    this.exitCalls.push(code);
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.hasSingleInstanceLock = true;
    this.readyState = false;
    this.quitCalls = 0;
    this.exitCalls = [];
    this.sandboxEnabled = false;
    this.appUserModelId = null;
    this.badgeCount = 0;
    this.pathsRoot = '/tmp/carerelay-fake-electron';
    this.readyPromise = this.makeReadyPromise();
  }
}

/** Electron's powerMonitor: emit 'lock-screen' / 'suspend'; set `idleSeconds`. */
export class FakePowerMonitor extends FakeEmitter {
  idleSeconds = 0;
  getSystemIdleTime(): number {
    return this.idleSeconds;
  }
}
export const fakePowerMonitor = new FakePowerMonitor();

export class FakeTray extends FakeEmitter {
  static instances: FakeTray[] = [];
  tooltip = '';
  title = '';
  menu: FakeMenu | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** Electron's Notification: records what was shown. */
export class FakeNotification extends FakeEmitter {
  static shown: { title: string; body: string }[] = [];
  static supported = true;
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
  }
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  show(): void {
    FakeNotification.shown.push({ title: this.options.title, body: this.options.body });
  }
}

export interface FakeMenuItem {
  label?: string;
  type?: string;
  role?: string;
  click?: (...args: unknown[]) => void;
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): FakeMenu {
    return new FakeMenu(template);
  }
  /** Test helper: click the item with this label. */
  click(label: string): void {
    const item = this.items.find((i) => i.label === label);
    if (!item?.click) throw new Error(`No clickable menu item "${label}"`);
    item.click(item, undefined, {});
  }
}

class FakeNativeImage {
  constructor(readonly source: string) {}
  isEmpty(): boolean {
    return this.source === '';
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (...args: unknown[]) => unknown>();
  handle(channel: string, handler: (...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: invoke like a renderer would, with a given event object. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export class FakeIpcRenderer extends EventEmitter {
  readonly invocations: Array<{ channel: string; args: unknown[] }> = [];
  reply: (channel: string, ...args: unknown[]) => unknown = () => ({ ok: true, value: {} });
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invocations.push({ channel, args });
    return this.reply(channel, ...args);
  }
  /** Test helper: deliver a message from main, with an IpcRendererEvent-like first argument. */
  deliver(channel: string, ...args: unknown[]): void {
    const event = { sender: this, senderId: 0, ports: [] };
    this.emit(channel, event, ...args);
  }
}

export class FakeContextBridge {
  readonly exposed = new Map<string, unknown>();
  exposeInMainWorld(key: string, api: unknown): void {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    this.exposed.set(key, api);
  }
}

class FakeSessionModule {
  private readonly partitions = new Map<string, FakeSession>();
  defaultSession = new FakeSession('');
  fromPartition(partition: string): FakeSession {
    if (partition === '') return this.defaultSession;
    let found = this.partitions.get(partition);
    if (!found) {
      found = new FakeSession(partition);
      this.partitions.set(partition, found);
    }
    return found;
  }
  reset(): void {
    this.partitions.clear();
    this.defaultSession = new FakeSession('');
  }
}

class FakeProtocolModule {
  privileged: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (fakeElectronState.app.isReady()) throw new Error('registerSchemesAsPrivileged must be called before ready');
    this.privileged.push(...schemes);
  }
}

class FakeShell {
  opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

const fakeElectronState = {
  app: new FakeApp(),
  session: new FakeSessionModule(),
  protocol: new FakeProtocolModule(),
  shell: new FakeShell(),
  ipcMain: new FakeIpcMain(),
  ipcRenderer: new FakeIpcRenderer(),
  contextBridge: new FakeContextBridge(),
};

/** What tests inspect and drive. */
export const fake = fakeElectronState;

/** The module object `vi.mock('electron', ...)` should return. Stable across resets. */
export const fakeElectron = {
  app: fakeElectronState.app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: FakeMenu,
  Notification: FakeNotification,
  nativeImage: {
    createFromPath: (p: string) => new FakeNativeImage(p),
    createFromDataURL: (u: string) => new FakeNativeImage(u),
    createEmpty: () => new FakeNativeImage(''),
  },
  session: fakeElectronState.session,
  protocol: fakeElectronState.protocol,
  shell: fakeElectronState.shell,
  ipcMain: fakeElectronState.ipcMain,
  ipcRenderer: fakeElectronState.ipcRenderer,
  contextBridge: fakeElectronState.contextBridge,
  powerMonitor: fakePowerMonitor,
};

/** Clears every recorded call and listener. Call in `beforeEach`. */
export function resetFakeElectron(): void {
  fakeElectronState.app.reset();
  fakeElectronState.session.reset();
  fakePowerMonitor.removeAllListeners();
  fakePowerMonitor.idleSeconds = 0;
  fakeElectronState.protocol.privileged = [];
  fakeElectronState.shell.opened = [];
  fakeElectronState.ipcMain.handlers.clear();
  fakeElectronState.ipcRenderer.removeAllListeners();
  fakeElectronState.ipcRenderer.invocations.length = 0;
  fakeElectronState.ipcRenderer.reply = () => ({ ok: true, value: {} });
  fakeElectronState.contextBridge.exposed.clear();
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
}
