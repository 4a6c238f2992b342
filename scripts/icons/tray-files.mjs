// @ts-check
// Tray icon files per state and OS, named exactly as main/electron/tray-icons.ts loads them (paths relative
// to assets/; test/unit/icons.test.ts checks both lists agree). Packaged, electron-builder's extraResources
// copies them un-hashed: macOS needs the `Template` suffix and the `@2x` sibling with the same stem.

/** @typedef {import('./mark.mjs').TrayState} TrayState */
/** @typedef {{ path: string, state: TrayState, template: boolean, sizes: number[] }} TrayFile */

/** @type {Record<TrayState, string>} */
const MAC_STEM = { idle: 'trayIdle', online: 'trayOnline', error: 'trayError' };

/** @type {TrayFile[]} */
export const TRAY_FILES = /** @type {TrayState[]} */ (['idle', 'online', 'error']).flatMap((state) => [
  // macOS menu bar: template images, 16 pt at 1x and 2x.
  { path: `tray/${MAC_STEM[state]}Template.png`, state, template: true, sizes: [16] },
  { path: `tray/${MAC_STEM[state]}Template@2x.png`, state, template: true, sizes: [32] },
  // Windows: one .ico with the notification-area sizes of 100 %–300 % display scaling.
  { path: `tray/tray-${state}.ico`, state, template: false, sizes: [16, 20, 24, 32, 40, 48] },
  // Linux: one PNG per display scale, loaded at scale factor 1 (32 px at 1x, 48 at 1.5x, 64 at 2x).
  ...[32, 48, 64].map((size) => ({ path: `tray/tray-${state}-${size}.png`, state, template: false, sizes: [size] })),
]);
