// Start at login. Windows and macOS: the login item API (`app.setLoginItemSettings`). Linux has no such
// API (docs/api/app.md), so an XDG autostart entry is written to ~/.config/autostart; for an AppImage its
// Exec= points at $APPIMAGE, because the mounted execPath changes at every start and update.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import { APP_ID, PRODUCT_NAME } from './app-identity.js';

export type AutostartMethod = 'login-item' | 'xdg' | 'none';

export function autostartMethod(platform: NodeJS.Platform): AutostartMethod {
  if (platform === 'win32' || platform === 'darwin') return 'login-item';
  return platform === 'linux' || platform === 'freebsd' || platform === 'openbsd' ? 'xdg' : 'none';
}

export interface LaunchCommand {
  /** The program to start: $APPIMAGE when set, else the Electron executable. */
  program: string;
  /** App folder when run unpacked (`electron .`); nothing for an installed app. */
  args: string[];
}

export function launchCommand(execPath: string, env: Record<string, string | undefined>, appPath: string | null): LaunchCommand {
  const appImage = env.APPIMAGE;
  if (appImage) return { program: appImage, args: [] };
  return { program: execPath, args: appPath === null ? [] : [appPath] };
}

/** Quoting for Exec= per the Desktop Entry spec ("Quoting"): `"`, `` ` ``, `$` and `\` get a backslash. */
export function desktopExecArg(arg: string): string {
  if (/^[\w./:@+=,-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(command: LaunchCommand): string {
  const exec = [command.program, ...command.args].map(desktopExecArg).join(' ');
  // In a .desktop file a literal % must be doubled (field codes such as %f start with one).
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Who is on your Mumble server',
    `Exec=${exec.replace(/%/g, '%%')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function xdgAutostartFile(env: Record<string, string | undefined>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(configHome, 'autostart', `${APP_ID}.desktop`);
}

export interface LoginItemApi {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface AutostartOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  execPath: string;
  /** The app folder when unpacked; null when packaged. */
  appPath: string | null;
  loginItems: LoginItemApi;
  writeFile?: (path: string, text: string) => Promise<void>;
  removeFile?: (path: string) => Promise<void>;
}

export async function applyAutostart(enabled: boolean, options: AutostartOptions): Promise<void> {
  const { platform, env, home, execPath, appPath, loginItems } = options;
  const command = launchCommand(execPath, env, appPath);
  const method = autostartMethod(platform);
  if (method === 'login-item') {
    // Unsigned macOS builds may ignore this silently (platform-notes §b).
    loginItems.setLoginItemSettings({ openAtLogin: enabled, path: command.program, args: command.args });
  } else if (method === 'xdg') {
    const file = xdgAutostartFile(env, home);
    const write = options.writeFile ?? (async (path: string, text: string) => {
      await mkdir(join(path, '..'), { recursive: true });
      await writeFileAtomic(path, text);
    });
    const remove = options.removeFile ?? ((path: string) => rm(path, { force: true }));
    if (enabled) await write(file, desktopEntry(command));
    else await remove(file);
  }
}
