// Which tray icon file to show, per OS and state. `npm run icons` (scripts/icons.mjs) generates exactly these.
// macOS: template images (black + alpha, recoloured by the menu bar); the name must end in `Template` and
//   the @2x file sits beside it with the same stem, which Electron picks up by itself (docs/api/tray.md).
// Windows: .ico with several sizes inside, as docs/api/tray.md recommends.
// Linux: one PNG chosen by the display scale, loaded at scale factor 1 (a 32 px icon shows well, a 128 px
//   one badly: electron/electron#21445; HiDPI blur: electron/electron#22207).
export type TrayState = 'idle' | 'online' | 'error';

export const TRAY_STATES: readonly TrayState[] = ['idle', 'online', 'error'];

export interface TrayIconChoice {
  platform: NodeJS.Platform;
  state: TrayState;
  /** Largest display scale factor (1, 1.25, 2, ...). */
  scale: number;
}

const MAC_STEM: Record<TrayState, string> = { idle: 'trayIdle', online: 'trayOnline', error: 'trayError' };

export function linuxTraySize(scale: number): 32 | 48 | 64 {
  if (scale <= 1) return 32;
  return scale <= 1.5 ? 48 : 64;
}

/** Path relative to the app's root folder. */
export function trayIconFile({ platform, state, scale }: TrayIconChoice): string {
  if (platform === 'darwin') return `assets/tray/${MAC_STEM[state]}Template.png`;
  if (platform === 'win32') return `assets/tray/tray-${state}.ico`;
  return `assets/tray/tray-${state}-${linuxTraySize(scale)}.png`;
}

/** Every file the icon script must produce (the @2x template files included), for it and for a test. */
export function allTrayIconFiles(): string[] {
  return TRAY_STATES.flatMap((state) => [
    `assets/tray/${MAC_STEM[state]}Template.png`,
    `assets/tray/${MAC_STEM[state]}Template@2x.png`,
    `assets/tray/tray-${state}.ico`,
    ...[1, 1.5, 2].map((scale) => trayIconFile({ platform: 'linux', state, scale })),
  ]);
}
