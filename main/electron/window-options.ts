// The dashboard window's options as a pure function, asserted field by field in a test (as electron/fiddle
// does with getMainWindowOptions), so no hardening flag can drift.
import { PRODUCT_NAME } from './app-identity.js';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_SIZE = { width: 1200, height: 820 };
const MIN_SIZE = { width: 800, height: 560 };

export interface WindowOptions {
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: false;
  title: string;
  autoHideMenuBar: true;
  webPreferences: {
    preload: string;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    webviewTag: false;
    navigateOnDragDrop: false;
    spellcheck: false;
  };
}

export function dashboardWindowOptions(preload: string, bounds: Bounds | null): WindowOptions {
  return {
    ...(bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    // Shown on ready-to-show, so the user never sees an empty frame.
    show: false,
    title: PRODUCT_NAME,
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

function overlap(a: Bounds, b: Bounds): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/**
 * Saved bounds are reused only if a good part of the window (a quarter, and its title bar area) is on a
 * display that still exists; a window saved on an unplugged monitor would otherwise open off-screen.
 */
export function restorableBounds(saved: unknown, workAreas: Bounds[]): Bounds | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const { x, y, width, height } = saved as Record<string, unknown>;
  const numbers = [x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const bounds: Bounds = {
    x: Math.round(x as number),
    y: Math.round(y as number),
    width: Math.max(MIN_SIZE.width, Math.round(width as number)),
    height: Math.max(MIN_SIZE.height, Math.round(height as number)),
  };
  const titleBar: Bounds = { x: bounds.x, y: bounds.y, width: bounds.width, height: 32 };
  const visible = workAreas.some(
    (area) => overlap(bounds, area) >= (bounds.width * bounds.height) / 4 && overlap(titleBar, area) > 0,
  );
  return visible ? bounds : null;
}
