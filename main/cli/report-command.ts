// `murmur-monitor report --source NAME=PATH [--source ...] [--json]`: reads each source's logs (rotations
// first) once, start to end, and prints who is online now and the per-day counters.
import type { OnlineUser, Report, ServerReport } from '../contract.js';
import type { SourceConfig } from '../core/monitor-types.js';
import { openSource } from '../core/source/open-source.js';
import { SourceTracker } from '../core/murmur/tracker.js';
import { strings, type Command, type Options } from './command-line.js';
import { parseSources, SOURCE_OPTION } from './source-args.js';

const REPORT_USAGE = `usage: murmur-monitor report --source NAME=PATH [--source NAME=PATH ...] [--json]
  --source NAME=PATH     a Murmur log (its rotations PATH.1, PATH.2.gz, ... are read first); repeatable
  --json                 print one JSON document instead of the summary
  -h, --help             show this help and exit;  --version  show the version and exit
`;

const REPORT_OPTIONS = { ...SOURCE_OPTION, json: { type: 'boolean' } } as const satisfies Options;

interface SourceResult {
  tracker: SourceTracker;
  files: number;
}

export const reportCommand: Command = {
  usage: REPORT_USAGE,
  options: REPORT_OPTIONS,
  prepare(values) {
    const sources = parseSources(strings(values['source']));
    return () => report(sources, values['json'] === true);
  },
};

async function report(sources: SourceConfig[], json: boolean): Promise<number> {
  const results: SourceResult[] = [];
  let failed = false;
  for (const source of sources) {
    // Neither the JSON nor the summary shows a session's address or client: not keeping them is faster.
    const tracker = new SourceTracker(source.name, {}, undefined, { connectionDetails: false });
    try {
      const { segments } = await openSource(source.path).readAll(tracker);
      results.push({ tracker, files: segments });
      const warning = notMurmur(tracker, source.path);
      if (warning !== null) process.stderr.write(`murmur-monitor report: source ${source.name}: ${warning}\n`);
    } catch (error) {
      failed = true;
      process.stderr.write(`murmur-monitor report: source ${source.name}: ${(error as Error).message}\n`);
    }
  }
  if (failed) return 1;
  const servers = results.flatMap((result) => result.tracker.report());
  process.stdout.write(json ? `${JSON.stringify(documented(servers))}\n` : summary(results));
  return 0;
}

/** A source read without error but without a single line of Murmur's: most likely the wrong file. */
function notMurmur(tracker: SourceTracker, path: string): string | null {
  if (tracker.linesRead === 0) return `${path} holds no line at all (an empty log: is Murmur writing elsewhere?)`;
  if (tracker.unparsedLines < tracker.linesRead) return null;
  return `none of the ${tracker.linesRead} line(s) of ${path} is a Murmur log line: is this Murmur's log?`;
}

/** Exactly the keys of the documented JSON (shared/design.md), whatever else the tracker knows. */
function documented(servers: ServerReport[]): Report {
  return {
    servers: servers.map((server) => ({
      source: server.source,
      server: server.server,
      online: server.online.map(({ session, name, userId, since }: OnlineUser) => ({ session, name, userId, since })),
      days: server.days.map(({ date, logins, uniqueUsers, peakOnline }) => ({ date, logins, uniqueUsers, peakOnline })),
    })),
  };
}

function summary(results: SourceResult[]): string {
  const out: string[] = [];
  for (const { tracker, files } of results) {
    out.push(
      `Source ${printable(tracker.source)}: ${tracker.linesRead} lines in ${files} file(s), ` +
        `${tracker.unparsedLines} unparsed, last line ${tracker.lastTime?.replace('T', ' ') ?? '(none)'}`,
    );
    const servers = tracker.report();
    if (servers.length === 0) out.push('  no virtual server found in the log');
    for (const server of servers) {
      out.push(`  Server ${server.server}: ${server.online.length} online`);
      for (const user of server.online) {
        const id = user.userId >= 0 ? ` (id ${user.userId})` : '';
        const channel = user.channel === undefined ? '' : ` in ${printable(user.channel)}`;
        out.push(`    ${printable(user.name)}${id}, session ${user.session}, since ${user.since.replace('T', ' ')}${channel}`);
      }
      if (server.days.length > 0) out.push('    date        logins  unique  peak');
      for (const day of server.days) {
        out.push(`    ${day.date}  ${pad(day.logins, 6)}  ${pad(day.uniqueUsers, 6)}  ${pad(day.peakOnline, 4)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width);
}

/** Names are typed by strangers: show control characters (terminal escapes, CR) as escapes, not raw. */
function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
