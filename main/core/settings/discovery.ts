// Finds Murmur servers on this machine by reading their ini files, and says plainly why one cannot be followed.
import { constants, existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import type { DiscoveredServer } from '../../contract.js';
import { murmurIniCandidates, murmurLogLocation, parseMurmurIni, type IniPlaces } from './murmur-ini.js';
import { readAccessAdvice } from '../source/source-errors.js';

export type Readability = 'ok' | 'missing' | 'denied';

export interface DiscoveryFs {
  /** The file's text, or null when it does not exist or cannot be read. */
  readText(path: string): Promise<string | null>;
  exists(path: string): boolean;
  readability(path: string): Promise<Readability>;
}

export const nodeDiscoveryFs: DiscoveryFs = {
  readText: (path) => readFile(path, 'utf8').catch(() => null),
  exists: (path) => existsSync(path),
  async readability(path) {
    try {
      await access(path, constants.R_OK);
      return 'ok';
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'denied';
    }
  },
};

function deniedAdvice(platform: NodeJS.Platform, logPath: string): string {
  return `this user may not read ${logPath}; ${readAccessAdvice(platform)}`;
}

// Murmur writes its log file only as a daemon; in the foreground (`-fg`, as Debian 13's systemd unit and
// the upstream 1.5 unit run it) every line goes to stderr, i.e. the journal (log-format reference §1.2).
const JOURNAL_ADVICE =
  'if systemd runs it in the foreground (-fg, as on Debian 13), it logs only to the journal: copy the journal into a file (journalctl -u mumble-server -f -o cat) and follow that file';

export async function discoverMurmur(places: IniPlaces, fs: DiscoveryFs = nodeDiscoveryFs): Promise<DiscoveredServer[]> {
  const found: DiscoveredServer[] = [];
  for (const iniPath of murmurIniCandidates(places)) {
    const text = await fs.readText(iniPath);
    if (text === null) continue;
    const ini = parseMurmurIni(text);
    const location = murmurLogLocation(places.platform, iniPath, ini, (path) => fs.exists(path));
    const server: DiscoveredServer = { iniPath, logPath: null };
    if (ini.users !== undefined) server.capacity = ini.users;
    if (location.kind === 'syslog') {
      server.problem = 'it logs to syslog (logfile=syslog); set logfile= to a file path and restart Murmur';
    } else if (location.kind === 'console') {
      server.problem = `it logs to the console or journald (empty logfile=); ${JOURNAL_ADVICE}`;
    } else {
      server.logPath = location.path;
      const readable = await fs.readability(location.path);
      if (readable === 'denied') server.problem = deniedAdvice(places.platform, location.path);
      if (readable === 'missing') server.problem = `${location.path} does not exist: this server has not run yet, or ${JOURNAL_ADVICE}`;
    }
    found.push(server);
  }
  return found;
}
