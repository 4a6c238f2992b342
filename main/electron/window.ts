// The dashboard window, created on first use, hidden to the tray on close, its bounds remembered.
// Electron's BrowserWindow is behind `NativeWindow` so this runs in plain Node tests.
import type { Clock } from '../core/clock.js';
import type { PushChannel, PushContract } from './ipc-contract.js';
import { dashboardUrl, type DashboardView } from './views.js';
import { dashboardWindowOptions, restorableBounds, type Bounds, type WindowOptions } from './window-options.js';

export interface NativeWindow {
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  /** Normal (not maximised) bounds. */
  getBounds(): Bounds;
  loadURL(url: string): Promise<void>;
  send(channel: string, payload: unknown): void;
  /** `close` with a way to cancel it. */
  onClose(listener: (preventDefault: () => void) => void): void;
  onBoundsChanged(listener: () => void): void;
  onReadyToShow(listener: () => void): void;
  onClosed(listener: () => void): void;
}

export interface WindowManagerOptions {
  createWindow: (options: WindowOptions) => NativeWindow;
  preloadPath: string;
  workAreas: () => Bounds[];
  loadBounds: () => Promise<unknown>;
  saveBounds: (bounds: Bounds) => Promise<void>;
  /** True once the app is quitting: then a close really closes. */
  isQuitting: () => boolean;
  clock: Clock;
  warn: (message: string) => void;
  saveDelayMs?: number;
}

export class WindowManager {
  #window: NativeWindow | null = null;
  #saveTimer: unknown = null;
  #creating: Promise<NativeWindow> | null = null;

  constructor(private readonly options: WindowManagerOptions) {}

  get window(): NativeWindow | null {
    return this.#window;
  }

  /** Shows the window on `view`, creating it first if needed; a second call focuses it. */
  async show(view: DashboardView = { kind: 'dashboard' }): Promise<void> {
    const existing = this.#window;
    if (existing !== null && !existing.isDestroyed()) {
      // Loading the same page with another fragment is a same-document navigation: no reload.
      if (view.kind !== 'dashboard') await existing.loadURL(dashboardUrl(view));
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    this.#creating ??= this.#create(view);
    try {
      await this.#creating;
    } finally {
      this.#creating = null;
    }
  }

  /** Sends to the renderer if the window exists; a window opened later fetches a fresh snapshot anyway. */
  send<C extends PushChannel>(channel: C, payload: PushContract[C]): void {
    const window = this.#window;
    if (window !== null && !window.isDestroyed()) window.send(channel, payload);
  }

  async #create(view: DashboardView): Promise<NativeWindow> {
    const { createWindow, preloadPath, workAreas, loadBounds, isQuitting } = this.options;
    const saved = await loadBounds().catch(() => null);
    const window = createWindow(dashboardWindowOptions(preloadPath, restorableBounds(saved, workAreas())));
    this.#window = window;
    window.onReadyToShow(() => {
      window.show();
      window.focus();
    });
    window.onClose((preventDefault) => {
      this.#saveNow();
      // Keep living in the tray: closing the window only hides it, unless the app is quitting.
      if (!isQuitting()) {
        preventDefault();
        window.hide();
      }
    });
    window.onClosed(() => {
      if (this.#window === window) this.#window = null;
    });
    window.onBoundsChanged(() => this.#scheduleSave());
    await window.loadURL(dashboardUrl(view));
    return window;
  }

  #scheduleSave(): void {
    const { clock, saveDelayMs = 500 } = this.options;
    if (this.#saveTimer !== null) clock.clearTimeout(this.#saveTimer);
    this.#saveTimer = clock.setTimeout(() => this.#saveNow(), saveDelayMs);
  }

  #saveNow(): void {
    if (this.#saveTimer !== null) this.options.clock.clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    const window = this.#window;
    if (window === null || window.isDestroyed()) return;
    this.options.saveBounds(window.getBounds()).catch((error: Error) => this.options.warn(`could not save window bounds: ${error.message}`));
  }
}
