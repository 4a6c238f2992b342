// The tray's context menu as plain data. It is rebuilt whole on every change because Linux ignores edits
// to items of a menu already set (docs/api/tray.md), and compared as data before touching native UI.
import type { TrayModel } from './tray-model.js';

export type TrayAction =
  | { kind: 'open-dashboard' }
  | { kind: 'open-server'; source: string; server: number }
  | { kind: 'pause'; until: 'hour' | 'tomorrow' }
  | { kind: 'resume' }
  | { kind: 'settings' }
  | { kind: 'quit' };

export interface TrayMenuItem {
  label?: string;
  type?: 'separator' | 'submenu';
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

const NAMES_PER_SERVER = 15;

/** `&` marks a mnemonic in Electron menu labels and `&&` shows one `&` (electron/electron#9584, #8881). */
export function menuText(text: string): string {
  // Control characters in a user name would garble the native menu; show them as the replacement sign.
  return text.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD').replace(/&/g, '&&');
}

function serverItems(model: TrayModel): TrayMenuItem[] {
  if (model.groups.length === 0) return [{ label: 'Nobody online', enabled: false }];
  return model.groups.flatMap((group) => {
    const header: TrayMenuItem = {
      label: menuText(`${group.source} #${group.server}: ${group.names.length} online`),
      action: { kind: 'open-server', source: group.source, server: group.server },
    };
    const shown = group.names.slice(0, NAMES_PER_SERVER).map((name) => ({ label: `    ${menuText(name)}`, enabled: false }));
    const hidden = group.names.length - shown.length;
    if (hidden > 0) shown.push({ label: `    …and ${hidden} more`, enabled: false });
    return [header, ...shown];
  });
}

function pauseItem(model: TrayModel, formatTime: (epochMs: number) => string): TrayMenuItem {
  if (model.pausedUntil !== null) {
    return {
      label: 'Notifications',
      type: 'submenu',
      submenu: [
        { label: `Paused until ${formatTime(model.pausedUntil)}`, enabled: false },
        { label: 'Resume notifications', action: { kind: 'resume' } },
      ],
    };
  }
  return {
    label: 'Pause notifications',
    type: 'submenu',
    submenu: [
      { label: 'For 1 hour', action: { kind: 'pause', until: 'hour' } },
      { label: 'Until tomorrow', action: { kind: 'pause', until: 'tomorrow' } },
    ],
  };
}

export function trayMenuTemplate(model: TrayModel, formatTime: (epochMs: number) => string): TrayMenuItem[] {
  const errors = model.errors.map((error) => ({ label: menuText(`⚠ ${error}`), enabled: false }));
  return [
    ...serverItems(model),
    ...errors,
    { type: 'separator' },
    { label: 'Open dashboard', action: { kind: 'open-dashboard' } },
    pauseItem(model, formatTime),
    { label: 'Settings…', action: { kind: 'settings' } },
    { type: 'separator' },
    { label: 'Quit', action: { kind: 'quit' } },
  ];
}
