// A read-only view of the shell for the end-to-end test (Playwright cannot click a tray icon or see a
// native notification). Installed on globalThis only when MURMUR_MONITOR_TEST_PROBE=1.
import type { NotificationContent } from '../core/notify/text.js';
import type { NativeTray } from './tray.js';
import type { TrayAction, TrayMenuItem } from './tray-menu.js';

export const TEST_PROBE_ENV = 'MURMUR_MONITOR_TEST_PROBE';
export const TEST_PROBE_GLOBAL = '__murmurMonitorTestProbe';

export interface TestProbe {
  trayCreated: boolean;
  trayIcon: string;
  tooltip: string;
  menu: TrayMenuItem[];
  notifications: NotificationContent[];
  refused: string[];
  /** Does what a tray menu click would (Playwright cannot reach the native menu). */
  act: (action: TrayAction) => void;
}

export function installTestProbe(env: Record<string, string | undefined>): TestProbe | null {
  if (env[TEST_PROBE_ENV] !== '1') return null;
  const probe: TestProbe = {
    trayCreated: false,
    trayIcon: '',
    tooltip: '',
    menu: [],
    notifications: [],
    refused: [],
    act: () => undefined,
  };
  Object.defineProperty(globalThis, TEST_PROBE_GLOBAL, { value: probe });
  return probe;
}

/** Wraps a tray factory so the probe sees what the tray shows. */
export function probedTray(probe: TestProbe | null, create: (icon: string, onClick: () => void) => NativeTray) {
  if (probe === null) return create;
  return (icon: string, onClick: () => void): NativeTray => {
    const tray = create(icon, onClick);
    probe.trayCreated = true;
    probe.trayIcon = icon;
    return {
      setIcon: (file) => {
        probe.trayIcon = file;
        tray.setIcon(file);
      },
      setToolTip: (text) => {
        probe.tooltip = text;
        tray.setToolTip(text);
      },
      setTitle: (text) => tray.setTitle(text),
      setMenu: (items, onAction) => {
        probe.menu = items;
        tray.setMenu(items, onAction);
      },
      destroy: () => tray.destroy(),
    };
  };
}
