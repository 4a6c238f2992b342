// `murmur-monitor report --source NAME=PATH [--source ...] [--json]`: reads each source's logs (rotations
// first) once, start to end, and prints who is online now and the per-day counters.
import type { OnlineUser, Report, ServerReport } from '../contract.js';
import { readSource } from './murmur/reader.js';
import { SourceTracker } from './murmur/tracker.js';
import { takeSources, UsageError } from './source-args.js';

const USAGE = 'usage: murmur-monitor report --source NAME=PATH [--source NAME=PATH ...] [--json]\n';

interface SourceResult {
  tracker: SourceTracker;
  files: number;
}

export async function run(argv: string[]): Promise<number> {
  let json = false;
  let sources;
  try {
    const parsed = takeSources(argv);
    for (const arg of parsed.rest) {
      if (arg === '--json') json = true;
      else if (arg === '--help' || arg === '-h') {
        process.stdout.write(USAGE);
        return 0;
      } else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
    sources = parsed.sources;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`murmur-monitor report: ${error.message}\n${USAGE}`);
    return 2;
  }
  const results: SourceResult[] = [];
  let failed = false;
  for (const source of sources) {
    // Neither the JSON nor the summary shows a session's address or client: not keeping them is faster.
    const tracker = new SourceTracker(source.name, {}, undefined, { connectionDetails: false });
    try {
      const files = await readSource(source.path, tracker);
      results.push({ tracker, files: files.length });
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
