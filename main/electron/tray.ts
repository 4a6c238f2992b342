// The tray icon as a service: the Electron Tray is behind `NativeTray` (injected, as Signal's
// SystemTrayService does with createTrayInstance), so all of this runs in plain Node tests.
import { trayIconFile } from './tray-icons.js';
import { trayMenuTemplate, type TrayAction, type TrayMenuItem } from './tray-menu.js';
import { trayTitle, trayTooltip, type TrayModel } from './tray-model.js';

export interface NativeTray {
  setIcon(file: string): void;
  setToolTip(text: string): void;
  /** macOS only: text beside the icon in the menu bar. */
  setTitle(text: string): void;
  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void): void;
  destroy(): void;
}

export interface TrayServiceOptions {
  platform: NodeJS.Platform;
  /** Largest display scale factor, asked on every update (displays come and go). */
  scale: () => number;
  createTray: (iconFile: string, onClick: () => void) => NativeTray;
  formatTime: (epochMs: number) => string;
  onAction: (action: TrayAction) => void;
}

export class TrayService {
  #tray: NativeTray | null = null;
  #icon = '';
  #tooltip = '';
  #title = '';
  #menu = '';

  constructor(private readonly options: TrayServiceOptions) {}

  /** Shows the model, touching only what changed. */
  update(model: TrayModel): void {
    const { platform, scale, formatTime, onAction } = this.options;
    const icon = trayIconFile({ platform, state: model.state, scale: scale() });
    if (this.#tray === null) {
      // A click on Linux may not reach us (SNI activation, docs/api/tray.md), so the menu also has "Open dashboard".
      this.#tray = this.options.createTray(icon, () => onAction({ kind: 'open-dashboard' }));
      this.#icon = icon;
    } else if (icon !== this.#icon) {
      this.#tray.setIcon(icon);
      this.#icon = icon;
    }
    const tooltip = trayTooltip(model);
    if (tooltip !== this.#tooltip) {
      this.#tray.setToolTip(tooltip);
      this.#tooltip = tooltip;
    }
    const title = trayTitle(model);
    if (platform === 'darwin' && title !== this.#title) {
      this.#tray.setTitle(title);
      this.#title = title;
    }
    const template = trayMenuTemplate(model, formatTime);
    const menu = JSON.stringify(template);
    if (menu !== this.#menu) {
      this.#tray.setMenu(template, onAction);
      this.#menu = menu;
    }
  }

  get created(): boolean {
    return this.#tray !== null;
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = null;
    this.#icon = this.#tooltip = this.#title = this.#menu = '';
  }
}
