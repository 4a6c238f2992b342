// Finds Murmur servers on this machine by reading their ini files and systemd units, and says plainly why
// one cannot be followed. A unit that runs Murmur in the foreground logs to the journal only: it is
// proposed as a journal source (`journal:UNIT`).
import { constants, existsSync } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import type { DiscoveredServer } from '../../contract.js';
import { JOURNAL_GROUP_ADVICE, mayReadSystemJournal } from '../source/journal/journal-access.js';
import { murmurIniCandidates, murmurLogLocation, parseMurmurIni, type IniPlaces } from './murmur-ini.js';
import { findMurmurUnits, type MurmurUnit, type UnitFs } from './murmur-unit.js';
import { readAccessAdvice } from '../source/source-errors.js';

export type Readability = 'ok' | 'missing' | 'denied';

export interface DiscoveryFs extends UnitFs {
  /** The file's text, or null when it does not exist or cannot be read. */
  readText(path: string): Promise<string | null>;
  exists(path: string): boolean;
  readability(path: string): Promise<Readability>;
  /** Whether this user may read the whole system journal. */
  journalReadable(): Promise<boolean>;
}

export const nodeDiscoveryFs: DiscoveryFs = {
  readText: (path) => readFile(path, 'utf8').catch(() => null),
  list: (path) => readdir(path).catch(() => []),
  exists: (path) => existsSync(path),
  async journalReadable() {
    const groups = await readFile('/etc/group', 'utf8').catch(() => '');
    return mayReadSystemJournal(groups, process.getuid?.() ?? -1, process.getgroups?.() ?? []);
  },
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
  'if systemd runs it in the foreground (-fg, as on Debian 13), it logs only to the journal: add the source journal:mumble-server (the name of its unit)';

/** A unit in the foreground as a journal source, with the ini's capacity; says so when the journal is closed to this user. */
async function journalServer(unit: MurmurUnit, iniPath: string, users: number | undefined, fs: DiscoveryFs): Promise<DiscoveredServer> {
  const server: DiscoveredServer = { iniPath, logPath: `journal:${unit.unit}` };
  if (users !== undefined) server.capacity = users;
  if (!(await fs.journalReadable())) server.problem = `${unit.unitPath} runs Murmur in the foreground, so it logs to the journal, which this user may not read; ${JOURNAL_GROUP_ADVICE}`;
  return server;
}

export async function discoverMurmur(places: IniPlaces, fs: DiscoveryFs = nodeDiscoveryFs): Promise<DiscoveredServer[]> {
  const found: DiscoveredServer[] = [];
  const foreground = places.platform === 'linux' ? (await findMurmurUnits(fs)).filter((unit) => unit.foreground) : [];
  const claimed = new Set<MurmurUnit>();
  for (const iniPath of murmurIniCandidates(places)) {
    const text = await fs.readText(iniPath);
    if (text === null) continue;
    const ini = parseMurmurIni(text);
    // The unit started with this ini (or, naming none, the first one found) logs to the journal whatever the ini says.
    const unit = foreground.find((candidate) => !claimed.has(candidate) && (candidate.iniPath === iniPath || candidate.iniPath === null));
    if (unit !== undefined) {
      claimed.add(unit);
      found.push(await journalServer(unit, iniPath, ini.users, fs));
      continue;
    }
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
  // A unit whose ini is not where Murmur looks by itself (or not readable by this user) is still a journal source.
  for (const unit of foreground) if (!claimed.has(unit)) found.push(await journalServer(unit, unit.iniPath ?? unit.unitPath, undefined, fs));
  return found;
}
