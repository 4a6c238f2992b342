// Where `serve` keeps its store when no --data is given: the platform's per-user data folder.
import { join, posix, win32 } from 'node:path';

export interface DataDirPlaces {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
}

export function defaultDataDir({ platform, env, home }: DataDirPlaces): string {
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'murmur-monitor');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'murmur-monitor');
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return join(xdg !== undefined && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), 'murmur-monitor');
}
