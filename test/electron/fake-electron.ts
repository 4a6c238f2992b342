// A stand-in for the 'electron' module, loaded in place of it by a module resolve hook
// (test/unit/electron-app.test.ts), so app.ts runs in plain Node. It records what the app asks of
// Electron; it implements only what app.ts and native.ts use.
import { EventEmitter } from 'node:events';

export const calls: string[] = [];
const record = (call: string) => void calls.push(call);

let userData = '';
let readyResolve: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (readyResolve = resolve));

class FakeApp extends EventEmitter {
  isPackaged = false;
  quitted = false;
  enableSandbox() { record('app.enableSandbox'); }
  setPath(name: string, path: string) { record(`app.setPath ${name}`); if (name === 'userData') userData = path; }
  getPath(name: string) { return name === 'userData' ? userData : '/tmp'; }
  getAppPath() { return process.cwd(); }
  setAppUserModelId(id: string) { record(`app.setAppUserModelId ${id}`); }
  requestSingleInstanceLock() { record('app.requestSingleInstanceLock'); return true; }
  whenReady() { record('app.whenReady'); return ready; }
  setLoginItemSettings(settings: unknown) { record(`app.setLoginItemSettings ${JSON.stringify(settings)}`); }
  dock = { hide: () => record('app.dock.hide') };
  /** Like Electron: before-quit, then will-quit (which may be prevented), then gone. */
  quit() {
    record('app.quit');
    this.emit('before-quit');
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.quitted = true;
      this.emit('test-exited');
    }
  }
  exit(code: number) { record(`app.exit ${code}`); this.quitted = true; this.emit('test-exited'); }
}
export const app = new FakeApp();
export function fireReady() { readyResolve(); }

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown) => record(`protocol.registerSchemesAsPrivileged ${JSON.stringify(schemes)}`),
  handlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response>) {
    record(`protocol.handle ${scheme}`);
    this.handlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    requestHandler: null as null | ((c: unknown, p: string, cb: (granted: boolean) => void) => void),
    checkHandler: null as null | ((c: unknown, p: string) => boolean),
    setPermissionRequestHandler(handler: (c: unknown, p: string, cb: (granted: boolean) => void) => void) { this.requestHandler = handler; },
    setPermissionCheckHandler(handler: (c: unknown, p: string) => boolean) { this.checkHandler = handler; },
  },
};

type Handler = (event: unknown, ...args: unknown[]) => unknown;
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) { this.handlers.set(channel, handler); },
  removeHandler(channel: string) { this.handlers.delete(channel); },
};

export class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  send(channel: string, payload: unknown) { this.sent.push([channel, payload]); }
  setWindowOpenHandler(handler: unknown) { this.openHandler = handler; }
  openHandler: unknown = null;
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static fromWebContents(contents: unknown) { return BrowserWindow.all.find((w) => w.webContents === contents) ?? null; }
  webContents = new FakeWebContents();
  loaded: string[] = [];
  visible = false;
  destroyed = false;
  constructor(readonly options: unknown) {
    super();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string) { this.loaded.push(url); setImmediate(() => this.emit('ready-to-show')); }
  show() { this.visible = true; }
  hide() { this.visible = false; }
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isDestroyed() { return this.destroyed; }
  getNormalBounds() { return { x: 10, y: 10, width: 1000, height: 700 }; }
}

export class Tray {
  static all: Tray[] = [];
  tooltip = '';
  menu: unknown = null;
  constructor(readonly image: { path: string }) { Tray.all.push(this); }
  on() {}
  setImage() {}
  setToolTip(text: string) { this.tooltip = text; }
  setTitle() {}
  setContextMenu(menu: unknown) { this.menu = menu; }
  destroy() { record('tray.destroy'); }
}

export const Menu = { buildFromTemplate: (template: unknown) => ({ template }) };
export const nativeImage = { createFromPath: (path: string) => ({ path, setTemplateImage() {} }) };
export const screen = { getAllDisplays: () => [{ scaleFactor: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };

export class Notification extends EventEmitter {
  static shown: Array<{ title: string; body: string }> = [];
  static isSupported() { return true; }
  constructor(readonly options: { title: string; body: string }) { super(); }
  show() { Notification.shown.push(this.options); }
}

/** A stand-in keychain: "sealed" is the text reversed behind a marker, so a test can see it is not stored plain. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  async isAsyncEncryptionAvailable() { return this.available; },
  getSelectedStorageBackend() { return this.backend; },
  async encryptStringAsync(text: string) { record('safeStorage.encrypt'); return Buffer.from(`sealed:${[...text].reverse().join('')}`); },
  async decryptStringAsync(sealed: Buffer) {
    const text = sealed.toString();
    if (!text.startsWith('sealed:')) throw new Error('not sealed by this keychain');
    return { result: [...text.slice(7)].reverse().join(''), shouldReEncrypt: false };
  },
};
