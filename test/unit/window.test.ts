import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dashboardUrl, viewFragment } from '../../main/electron/views.js';
import { dashboardWindowOptions, restorableBounds, type Bounds, type WindowOptions } from '../../main/electron/window-options.js';
import { WindowManager, type NativeWindow } from '../../main/electron/window.js';
import { FakeClock } from '../electron/fakes.js';

test('window options, asserted whole: sandboxed, isolated, no Node, shown when ready', () => {
  assert.deepEqual(dashboardWindowOptions('/app/dist/preload.cjs', null), {
    width: 1200,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Murmur Monitor',
    autoHideMenuBar: true,
    webPreferences: {
      preload: '/app/dist/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  const placed = dashboardWindowOptions('/p', { x: 10, y: 20, width: 900, height: 700 });
  assert.deepEqual([placed.x, placed.y, placed.width, placed.height], [10, 20, 900, 700]);
});

const screen: Bounds = { x: 0, y: 0, width: 1920, height: 1080 };

test('saved bounds are reused only while they are on a display', () => {
  assert.deepEqual(restorableBounds({ x: 100, y: 50, width: 1000, height: 700 }, [screen]), { x: 100, y: 50, width: 1000, height: 700 });
  assert.equal(restorableBounds({ x: 3000, y: 50, width: 1000, height: 700 }, [screen]), null, 'display unplugged');
  assert.equal(restorableBounds({ x: 100, y: -600, width: 1000, height: 700 }, [screen]), null, 'title bar off screen');
  assert.deepEqual(restorableBounds({ x: 0, y: 0, width: 100, height: 100 }, [screen]), { x: 0, y: 0, width: 800, height: 560 });
  assert.deepEqual(restorableBounds({ x: 2000, y: 0, width: 900, height: 600 }, [screen, { x: 1920, y: 0, width: 1280, height: 1024 }])?.x, 2000);
  for (const junk of [null, 'x', { x: 1 }, { x: 0, y: 0, width: NaN, height: 1 }]) assert.equal(restorableBounds(junk, [screen]), null);
});

test('view fragments', () => {
  assert.equal(viewFragment({ kind: 'dashboard' }), '');
  assert.equal(viewFragment({ kind: 'settings' }), '#view=settings');
  assert.equal(dashboardUrl({ kind: 'server', source: 'a b&c', server: 2 }), 'app://bundle/index.html#source=a+b%26c&server=2');
});

class FakeWindow implements NativeWindow {
  calls: string[] = [];
  bounds: Bounds = { x: 5, y: 6, width: 900, height: 700 };
  destroyed = false;
  minimized = false;
  sent: Array<[string, unknown]> = [];
  listeners: Record<string, Array<(arg?: unknown) => void>> = {};
  constructor(readonly options: WindowOptions) {}
  show() { this.calls.push('show'); }
  hide() { this.calls.push('hide'); }
  focus() { this.calls.push('focus'); }
  restore() { this.calls.push('restore'); this.minimized = false; }
  isMinimized() { return this.minimized; }
  isDestroyed() { return this.destroyed; }
  getBounds() { return this.bounds; }
  async loadURL(url: string) { this.calls.push(`load ${url}`); }
  send(channel: string, payload: unknown) { this.sent.push([channel, payload]); }
  #on(name: string, listener: (arg?: unknown) => void) { (this.listeners[name] ??= []).push(listener); }
  onClose(listener: (preventDefault: () => void) => void) { this.#on('close', listener as (arg?: unknown) => void); }
  onBoundsChanged(listener: () => void) { this.#on('bounds', listener); }
  onReadyToShow(listener: () => void) { this.#on('ready', listener); }
  onClosed(listener: () => void) { this.#on('closed', listener); }
  fire(name: string, arg?: unknown) { for (const l of this.listeners[name] ?? []) l(arg); }
  /** Like BrowserWindow: returns whether the close went ahead. */
  close(): boolean {
    let prevented = false;
    this.fire('close', () => { prevented = true; });
    if (!prevented) { this.destroyed = true; this.fire('closed'); }
    return !prevented;
  }
}

function manager(saved: unknown = null) {
  const clock = new FakeClock();
  const windows: FakeWindow[] = [];
  const saves: Bounds[] = [];
  let quitting = false;
  const m = new WindowManager({
    createWindow: (options) => {
      const w = new FakeWindow(options);
      windows.push(w);
      return w;
    },
    preloadPath: '/p/preload.cjs',
    workAreas: () => [screen],
    loadBounds: async () => saved,
    saveBounds: async (bounds) => void saves.push(bounds),
    isQuitting: () => quitting,
    clock,
    warn: () => undefined,
  });
  return { m, clock, windows, saves, quit: () => (quitting = true) };
}

test('created lazily with remembered bounds, shown when ready, one window only', async () => {
  const { m, windows } = manager({ x: 40, y: 30, width: 1000, height: 600 });
  assert.equal(m.window, null);
  m.send('monitor:changed', null);
  await Promise.all([m.show(), m.show()]);
  assert.equal(windows.length, 1);
  const w = windows[0] as FakeWindow;
  assert.deepEqual([w.options.x, w.options.y, w.options.width], [40, 30, 1000]);
  assert.deepEqual(w.calls, ['load app://bundle/index.html']);
  w.fire('ready');
  assert.deepEqual(w.calls.slice(1), ['show', 'focus']);
  m.send('monitor:changed', null);
  assert.deepEqual(w.sent, [['monitor:changed', null]]);
});

test('a second show focuses, restores and switches view without a new window', async () => {
  const { m, windows } = manager();
  await m.show();
  const w = windows[0] as FakeWindow;
  w.minimized = true;
  w.calls = [];
  await m.show({ kind: 'server', source: 'main', server: 1 });
  assert.deepEqual(w.calls, ['load app://bundle/index.html#source=main&server=1', 'restore', 'show', 'focus']);
  assert.equal(windows.length, 1);
});

test('close hides to the tray and saves bounds; while quitting it really closes', async () => {
  const { m, windows, saves, quit } = manager();
  await m.show({ kind: 'settings' });
  const w = windows[0] as FakeWindow;
  assert.equal(w.calls[0], 'load app://bundle/index.html#view=settings');
  assert.equal(w.close(), false);
  assert.equal(w.calls.at(-1), 'hide');
  assert.deepEqual(saves, [w.bounds]);
  quit();
  assert.equal(w.close(), true);
  assert.equal(m.window, null);
  await m.show();
  assert.equal(windows.length, 2, 'a window closed for real is created again');
});

test('bounds are saved once after moves settle', async () => {
  const { m, windows, saves, clock } = manager();
  await m.show();
  const w = windows[0] as FakeWindow;
  for (let i = 0; i < 5; i += 1) {
    w.bounds = { ...w.bounds, x: i };
    w.fire('bounds');
    clock.advance(100);
  }
  assert.equal(saves.length, 0);
  clock.advance(500);
  assert.deepEqual(saves.map((b) => b.x), [4]);
});
