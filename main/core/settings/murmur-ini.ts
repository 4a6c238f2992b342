// Reading a Murmur ini (Qt QSettings format): only the top-level keys matter to us (logfile=, users=).
// Where Murmur looks for it is in the log-format reference §1.3 (Meta.cpp, UnixMurmur::trySystemIniFiles).
import { posix, win32 } from 'node:path';

export interface MurmurIni {
  /** Raw `logfile=`; undefined when the key is absent (Murmur then uses its default name). */
  logfile?: string;
  users?: number;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return value;
}

export function parseMurmurIni(text: string): MurmurIni {
  const ini: MurmurIni = {};
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = (header[1] ?? '').trim().toLowerCase();
      continue;
    }
    // Keys in [Ice] or other sections are not server options; [General] is the QSettings name for the top.
    if (section !== '' && section !== 'general') continue;
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    const key = line.slice(0, equals).trim().toLowerCase();
    const value = unquote(line.slice(equals + 1).trim());
    if (key === 'logfile') ini.logfile = value;
    if (key === 'users' && /^\d+$/.test(value)) ini.users = Number(value);
  }
  return ini;
}

export interface IniPlaces {
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
  /** Folders of running or installed server binaries (murmur.exe's folder on Windows). */
  extraFolders?: string[];
}

const INI_NAMES = ['mumble-server.ini', 'murmur.ini'];

/** Every ini path Murmur itself would try on this OS, plus the usual install folders, most likely first. */
export function murmurIniCandidates({ platform, home, env, extraFolders = [] }: IniPlaces): string[] {
  const path = platform === 'win32' ? win32 : posix;
  const folders: string[] = [];
  if (platform === 'win32') {
    for (const base of [env.ProgramFiles, env['ProgramFiles(x86)']]) {
      if (base) folders.push(path.join(base, 'Mumble'), path.join(base, 'Mumble', 'server'), path.join(base, 'Murmur'));
    }
    if (env.LOCALAPPDATA) folders.push(path.join(env.LOCALAPPDATA, 'Mumble', 'Murmur'));
    if (env.APPDATA) folders.push(path.join(env.APPDATA, 'Mumble'));
  } else {
    // /etc/mumble is where Debian 13's mumble-server package keeps its ini.
    folders.push('/usr/local/etc', '/etc', '/etc/mumble');
    if (platform === 'darwin') folders.push('/opt/homebrew/etc');
    folders.push(path.join(home, '.murmurd'), path.join(home, '.mumble-server'), path.join(home, '.config', 'Mumble'));
  }
  folders.push(...extraFolders, home);
  const candidates = folders.flatMap((folder) => INI_NAMES.map((name) => path.join(folder, name)));
  return [...new Set(candidates)];
}

export type LogLocation = { kind: 'file'; path: string } | { kind: 'syslog' } | { kind: 'console' };

/**
 * Where the server writes its log: `logfile=` relative to the ini's folder (Meta.cpp sets the current
 * directory to it), `syslog`, or empty (foreground: console or journald). When the key is absent the
 * default is `murmur.log` up to 1.4 and `mumble-server.log` from 1.5; `existing` picks whichever exists.
 */
export function murmurLogLocation(
  platform: NodeJS.Platform,
  iniPath: string,
  ini: MurmurIni,
  existing: (path: string) => boolean,
): LogLocation {
  const path = platform === 'win32' ? win32 : posix;
  const folder = path.dirname(iniPath);
  if (ini.logfile === undefined) {
    const defaults = ['murmur.log', 'mumble-server.log'].map((name) => path.join(folder, name));
    const found = defaults.find(existing);
    const byIniName = path.basename(iniPath).startsWith('mumble-server') ? defaults[1] : defaults[0];
    return { kind: 'file', path: found ?? byIniName ?? path.join(folder, 'murmur.log') };
  }
  if (ini.logfile === '') return { kind: 'console' };
  if (ini.logfile === 'syslog' && platform !== 'win32') return { kind: 'syslog' };
  return { kind: 'file', path: path.resolve(folder, ini.logfile) };
}
