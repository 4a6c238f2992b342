// Names the OS sees. APP_ID must equal electron-builder's `appId`: NSIS stamps it as the AppUserModelID of
// the Start-menu shortcut, and Windows shows toasts only for an app whose AUMID matches a shortcut.
export const APP_ID = 'org.murmurmonitor.app';
export const PRODUCT_NAME = 'Murmur Monitor';
/** Our own scheme for the renderer's pages (platform-notes §a item 18: prefer a custom protocol to file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const DASHBOARD_URL = `${APP_ORIGIN}/index.html`;
