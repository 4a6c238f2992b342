// Electron main entry (package.json "main"): wires the services together and does nothing else.
// `electron . --demo` follows the built-in demo log instead of the configured sources.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, type WebContents } from 'electron';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { makeDataFolder } from '../core/atomic-file.js';
import { discoverMurmur } from '../core/settings/discovery.js';
import { loadSettings, saveSettings } from '../core/settings/store.js';
import { APP_ID, APP_SCHEME } from './app-identity.js';
import { createAppEngine } from './app-engine.js';
import { createAppProtocolHandler } from './app-protocol.js';
import { applyAutostart } from './autostart.js';
import { systemClock } from '../core/clock.js';
import { startupPlan } from './first-run.js';
import { denyPermissions, hardenContents } from './hardening.js';
import { createInvokeHandlers } from './ipc-handlers.js';
import { registerInvokeHandlers } from './ipc-main.js';
import { createNativeTray, createNativeWindow, createNotificationShower, largestScaleFactor, workAreas } from './native.js';
import { Notifier } from '../core/notify/notifier.js';
import { safeStorageSecrets } from './secret-store.js';
import { SettingsService } from './settings-service.js';
import { Shell } from './shell.js';
import { installTestProbe, probedTray } from './test-probe.js';
import { TrayService } from './tray.js';
import { WindowManager } from './window.js';
import { readWindowBounds, writeWindowBounds } from './window-state.js';

const platform = process.platform;
const warn = (message: string) => process.stderr.write(`murmur-monitor: ${message}\n`);
const probe = installTestProbe(process.env);

// Before `ready`: sandbox every renderer, register our scheme, give each test run its own profile.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
if (process.env.MURMUR_MONITOR_DATA_DIR) app.setPath('userData', process.env.MURMUR_MONITOR_DATA_DIR);
// Windows shows toasts only for the AppUserModelID that electron-builder stamps on the Start-menu shortcut.
if (platform === 'win32') app.setAppUserModelId(APP_ID);

async function run(): Promise<void> {
  const dataDir = app.getPath('userData');
  const appPath = app.getAppPath();
  const settingsFile = join(dataDir, 'settings.json');
  let quitting = false;
  let dashboard: BrowserWindow | null = null;

  app.on('window-all-closed', () => undefined); // live on in the tray
  app.on('web-contents-created', (_event, contents) =>
    hardenContents(contents, (message) => {
      probe?.refused.push(message);
      warn(message);
    }),
  );
  await app.whenReady();
  if (platform === 'darwin') app.dock?.hide();
  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(appPath, 'dist', 'renderer')));

  await makeDataFolder(dataDir);
  // After ready: safeStorage needs it on Linux and Windows.
  const secrets = safeStorageSecrets(safeStorage, platform);
  const loaded = await loadSettings(settingsFile, { secrets, warn });
  if (loaded.warning) warn(loaded.warning);
  const startEngine = createAppEngine(dataDir, warn);
  const windows = new WindowManager({
    createWindow: (options) => createNativeWindow(options, (window) => (dashboard = window)),
    preloadPath: join(appPath, 'dist', 'preload.cjs'),
    workAreas,
    loadBounds: () => readWindowBounds(dataDir),
    saveBounds: (bounds) => writeWindowBounds(dataDir, bounds),
    isQuitting: () => quitting,
    clock: systemClock,
    warn,
  });
  const settings: SettingsService = new SettingsService({
    initial: loaded.settings,
    persist: (next) => saveSettings(settingsFile, next, secrets),
    tokenStorage: await secrets.storage(),
    apply: async (next, previous) => {
      await shell.applySettings(next, previous);
      // Real sources replace the demo (its engine stopped growing its log).
      if (!shell.demoRunning) settings.setFlags({ demoRunning: false });
    },
    onChanged: (state) => windows.send('settings:changed', state),
    warn,
  });
  const showNotification = createNotificationShower(
    platform,
    (content) => void windows.show(content.target ? { kind: 'server', ...content.target } : { kind: 'dashboard' }),
    warn,
  );
  const notifier = new Notifier({
    clock: systemClock,
    settings: () => settings.settings.notifications,
    show: (content) => {
      probe?.notifications.push(content);
      showNotification(content);
    },
    onPauseChanged: () => shell.refreshTray(),
  });
  const tray: TrayService = new TrayService({
    platform,
    scale: largestScaleFactor,
    // Packaged, the icons are extraResources (real files beside app.asar; see electron-builder.yml).
    createTray: probedTray(probe, createNativeTray(app.isPackaged ? process.resourcesPath : appPath, platform)),
    formatTime: (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    onAction: (action) => shell.handleTrayAction(action),
  });
  const autostart = (enabled: boolean) =>
    applyAutostart(enabled, {
      platform,
      env: process.env,
      home: homedir(),
      execPath: process.execPath,
      appPath: app.isPackaged ? null : appPath,
      loginItems: app,
    });
  const shell: Shell = new Shell({
    startEngine,
    tray,
    notifier,
    window: windows,
    applyAutostart: autostart,
    quit: () => app.quit(),
    warn,
  });
  if (probe) probe.act = (action) => shell.handleTrayAction(action);
  const places = { platform, home: homedir(), env: process.env };
  const startDemo = async () => {
    await shell.start(settings.settings, true);
    settings.setFlags({ demoRunning: true, firstRun: false });
  };

  registerInvokeHandlers(
    ipcMain,
    createInvokeHandlers({
      shell,
      settings,
      discover: () => discoverMurmur(places),
      pickLogFile: async () => {
        const options = { title: 'Choose a Murmur log file', properties: ['openFile' as const] };
        const picked = dashboard ? await dialog.showOpenDialog(dashboard, options) : await dialog.showOpenDialog(options);
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
      startDemo,
    }),
    (sender) => dashboard !== null && !dashboard.isDestroyed() && BrowserWindow.fromWebContents(sender as WebContents) === dashboard,
  );
  app.on('second-instance', () => void windows.show());
  app.on('before-quit', () => (quitting = true));
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    // Flush the stores before leaving; quit again once they are written.
    event.preventDefault();
    stopped = true;
    void shell.stop().catch((error: Error) => warn(`stopping: ${error.message}`)).then(() => {
      tray.destroy();
      app.quit();
    });
  });

  if (process.argv.includes('--demo')) return startDemo();
  const configured = settings.settings.sources;
  const plan = startupPlan(configured, configured.length > 0 ? [] : await discoverMurmur(places));
  // Saving the discovered sources applies them, which starts the engine.
  if (plan.kind === 'discovered') await settings.save({ ...settings.settings, sources: plan.sources });
  if (shell.engine === null) await shell.start(settings.settings);
  // Rewritten at each start: an AppImage's path, or the app's after an update, may have changed.
  if (settings.settings.startAtLogin) await autostart(true).catch((error: Error) => warn(`start at login: ${error.message}`));
  if (plan.kind === 'first-run') {
    settings.setFlags({ firstRun: true });
    await windows.show({ kind: 'settings' });
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the tray; it was told (second-instance) and shows its window.
  app.quit();
} else {
  run().catch((error: Error) => {
    warn(`cannot start: ${error.stack ?? error.message}`);
    app.exit(1);
  });
}
