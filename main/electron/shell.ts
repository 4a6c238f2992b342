// The running tray app: it connects the engine's events to the tray, the notifier and the window, and
// applies settings and tray actions. Every Electron object reaches it through an injected service.
import type { Settings } from '../contract.js';
import { engineChanged, sourceConfigs, type RunningEngine, type StartEngine } from './engine.js';
import type { Notifier } from '../core/notify/notifier.js';
import type { TrayAction } from './tray-menu.js';
import { trayModel } from './tray-model.js';
import type { TrayService } from './tray.js';
import type { DashboardView } from './views.js';
import type { PushChannel, PushContract } from './ipc-contract.js';

export interface ShellWindow {
  show(view?: DashboardView): Promise<void>;
  send<C extends PushChannel>(channel: C, payload: PushContract[C]): void;
}

export interface ShellOptions {
  startEngine: StartEngine;
  tray: TrayService;
  notifier: Notifier;
  window: ShellWindow;
  applyAutostart: (enabled: boolean) => Promise<void>;
  quit: () => void;
  warn: (message: string) => void;
}

export class Shell {
  #engine: RunningEngine | null = null;
  #unsubscribe: Array<() => void> = [];
  /** The demo is followed instead of the configured sources (until some are saved). */
  #demo = false;

  constructor(private readonly options: ShellOptions) {}

  get engine(): RunningEngine | null {
    return this.#engine;
  }

  get demoRunning(): boolean {
    return this.#demo && this.#engine !== null;
  }

  async start(settings: Settings, demo = false): Promise<void> {
    this.#demo = demo;
    await this.#restartEngine(settings);
  }

  /** Settings were saved: apply what changed without restarting the app. */
  async applySettings(next: Settings, previous: Settings): Promise<void> {
    if (engineChanged(next, previous) && (!this.#demo || next.sources.length > 0)) {
      this.#demo = false;
      await this.#restartEngine(next);
    } else if (JSON.stringify(next.perf) !== JSON.stringify(previous.perf)) {
      this.#engine?.setPerfOptions(next.perf);
    }
    // Last, so a failure here (a read-only autostart folder) cannot keep the sources from applying.
    if (next.startAtLogin !== previous.startAtLogin) await this.options.applyAutostart(next.startAtLogin);
  }

  refreshTray(): void {
    const monitor = this.#engine?.monitor;
    if (!monitor) return;
    this.options.tray.update(trayModel(monitor.snapshot(), this.options.notifier.pausedUntil));
  }

  handleTrayAction(action: TrayAction): void {
    const { window, notifier, quit } = this.options;
    const open = (view: DashboardView) => window.show(view).catch((error: Error) => this.options.warn(`cannot open the window: ${error.message}`));
    switch (action.kind) {
      case 'open-dashboard':
        return void open({ kind: 'dashboard' });
      case 'open-server':
        return void open({ kind: 'server', source: action.source, server: action.server });
      case 'settings':
        return void open({ kind: 'settings' });
      case 'pause':
        return notifier.pause(action.until);
      case 'resume':
        return notifier.resume();
      case 'quit':
        return quit();
    }
  }

  async stop(): Promise<void> {
    this.#detach();
    this.options.notifier.dispose();
    const engine = this.#engine;
    this.#engine = null;
    await engine?.stop();
  }

  #detach(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  async #restartEngine(settings: Settings): Promise<void> {
    this.#detach();
    const previous = this.#engine;
    this.#engine = null;
    await previous?.stop();
    const engine = await this.options.startEngine(this.#demo ? [] : sourceConfigs(settings.sources), settings, this.#demo);
    this.#engine = engine;
    const { monitor } = engine;
    const { notifier, window } = this.options;
    this.#unsubscribe = [
      monitor.on('join', (event) => {
        notifier.join(event);
        window.send('monitor:join', event);
        this.refreshTray();
      }),
      monitor.on('leave', (event) => {
        notifier.leave(event);
        window.send('monitor:leave', event);
        this.refreshTray();
      }),
      monitor.on('server-event', (event) => notifier.serverEvent(event)),
      monitor.on('progress', (progress) => window.send('monitor:progress', progress)),
      monitor.on('changed', () => {
        window.send('monitor:changed', null);
        this.refreshTray();
      }),
    ];
    window.send('monitor:changed', null);
    this.refreshTray();
  }
}
