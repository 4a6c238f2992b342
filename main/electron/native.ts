// Adapters from Electron's objects to the small interfaces the services use. The only module besides
// app.ts and preload.ts that imports 'electron'; nothing here has logic worth a unit test.
import { BrowserWindow, Menu, Notification, Tray, nativeImage, screen, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { NotificationContent } from '../core/notify/text.js';
import { bodyForPlatform } from './notification-body.js';
import type { NativeTray } from './tray.js';
import type { TrayAction, TrayMenuItem } from './tray-menu.js';
import type { NativeWindow } from './window.js';
import type { WindowOptions, Bounds } from './window-options.js';

function menuOptions(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const options: MenuItemConstructorOptions = { label: item.label, type: item.type ?? 'normal', enabled: item.enabled ?? true };
    if (item.type === 'separator') return { type: 'separator' };
    if (item.submenu) options.submenu = menuOptions(item.submenu, onAction);
    const action = item.action;
    if (action) options.click = () => onAction(action);
    return options;
  });
}

/** `root`: the app folder that holds assets/tray. */
export function createNativeTray(root: string, platform: NodeJS.Platform) {
  const image = (file: string) => {
    const loaded = nativeImage.createFromPath(join(root, file));
    if (platform === 'darwin') loaded.setTemplateImage(true);
    return loaded;
  };
  return (iconFile: string, onClick: () => void): NativeTray => {
    const tray = new Tray(image(iconFile));
    // On macOS a click opens the context menu by itself; elsewhere it opens the dashboard.
    if (platform !== 'darwin') tray.on('click', onClick);
    return {
      setIcon: (file) => tray.setImage(image(file)),
      setToolTip: (text) => tray.setToolTip(text),
      setTitle: (text) => tray.setTitle(text),
      setMenu: (items, onAction) => tray.setContextMenu(Menu.buildFromTemplate(menuOptions(items, onAction))),
      destroy: () => tray.destroy(),
    };
  };
}

export function largestScaleFactor(): number {
  return Math.max(1, ...screen.getAllDisplays().map((display) => display.scaleFactor));
}

export function workAreas(): Bounds[] {
  return screen.getAllDisplays().map((display) => display.workArea);
}

/** `track` learns the BrowserWindow, so IPC can tell our window's webContents from any other. */
export function createNativeWindow(options: WindowOptions, track: (window: BrowserWindow) => void): NativeWindow {
  const window = new BrowserWindow(options);
  track(window);
  return {
    show: () => window.show(),
    hide: () => window.hide(),
    focus: () => window.focus(),
    restore: () => window.restore(),
    isMinimized: () => window.isMinimized(),
    isDestroyed: () => window.isDestroyed(),
    getBounds: () => window.getNormalBounds(),
    loadURL: (url) => window.loadURL(url),
    send: (channel, payload) => window.webContents.send(channel, payload),
    onClose: (listener) => void window.on('close', (event) => listener(() => event.preventDefault())),
    onBoundsChanged: (listener) => {
      window.on('resized', listener);
      window.on('moved', listener);
    },
    onReadyToShow: (listener) => void window.once('ready-to-show', listener),
    onClosed: (listener) => void window.on('closed', listener),
  };
}

/** Shows OS notifications; keeps a reference to each until it is closed, or it may be collected early. */
export function createNotificationShower(platform: NodeJS.Platform, onClick: (content: NotificationContent) => void, warn: (message: string) => void) {
  const alive = new Set<Notification>();
  return (content: NotificationContent): void => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: content.title, body: bodyForPlatform(content.body, platform) });
    alive.add(notification);
    notification.on('click', () => onClick(content));
    notification.on('close', () => alive.delete(notification));
    // Unsigned macOS builds cannot notify since Electron 42 (UNNotification); say so once per failure.
    notification.on('failed', (_event, error) => {
      alive.delete(notification);
      warn(`notification failed: ${error}`);
    });
    notification.show();
  };
}
