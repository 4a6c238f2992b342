// `murmur-monitor serve` options, parsed and checked; a UsageError names the bad argument.
import type { SourceConfig } from '../core/monitor-types.js';
import { isValidTimeZone } from '../core/settings/schema.js';
import { parseSources, UsageError } from '../core/source-args.js';

export const DEFAULT_PORT = 8767;

export const SERVE_USAGE = `usage: murmur-monitor serve --source NAME=PATH [--source ...] [options]
  --host H               address to listen on (default 127.0.0.1; any other needs a token)
  --port P               port (default ${DEFAULT_PORT}; 0 picks a free one)
  --data DIR             where the history is kept (default: your user data folder)
  --token T              require this token (Authorization: Bearer T, or ?token=T); generated for non-local hosts.
                         The environment variable MURMUR_MONITOR_TOKEN does the same without showing it in ps.
  --allow-host NAME      also accept this Host header (a DNS name or reverse proxy in front; repeatable)
  --ini NAME=PATH        the Murmur ini of source NAME, for its capacity (users=)
  --timezone NAME=ZONE   the time zone source NAME's log is written in (e.g. UTC, Europe/Berlin; default: this machine's)
  --retention-days N     days of detailed sessions kept (default 90)
  --poll-interval MS     how often each log is checked besides file events (default 1000)
  --use-polling          poll instead of file events (network drives, WSL /mnt)
  --demo                 add a demo source with generated traffic
  --no-perf              do not sample CPU and network
  --cpu-interval S  --net-interval S  --interface NAME (repeatable)  --alias NAME=ALIAS
`;

export interface ServeArgs {
  sources: SourceConfig[];
  /** Murmur ini per source name. */
  inis: Record<string, string>;
  /** IANA zone per source name, for logs written on a machine in another zone than this one. */
  timezones: Record<string, string>;
  host: string;
  port: number;
  dataDir: string | null;
  token: string | null;
  /** Extra Host header names accepted besides the bound address and localhost. */
  allowHosts: string[];
  demo: boolean;
  retentionDays: number;
  pollIntervalMs: number;
  usePolling: boolean;
  perf: { cpuIntervalSec?: number; netIntervalSec?: number; interfaces?: string[]; aliases: Record<string, string> } | null;
  help: boolean;
}

function pair(flag: string, value: string): [string, string] {
  const equals = value.indexOf('=');
  if (equals <= 0 || equals === value.length - 1) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected NAME=VALUE`);
  return [value.slice(0, equals), value.slice(equals + 1)];
}

/** A number in [min, max]; whole unless `fractions` (sampling intervals may be 0.5 s, a port may not be 80.5). */
function number(flag: string, value: string, min: number, max: number, fractions = false): number {
  const shape = fractions ? /^\d+(\.\d+)?$/ : /^\d+$/;
  if (!shape.test(value) || Number(value) < min || Number(value) > max) {
    const kind = fractions ? 'a number' : 'a whole number';
    throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${kind} from ${min} to ${max}`);
  }
  return Number(value);
}

function checkedToken(flag: string, token: string): string {
  if (token.length < 8 || /\s/.test(token)) throw new UsageError(`${flag}: use at least 8 characters, without spaces`);
  return token;
}

/** `env` supplies MURMUR_MONITOR_TOKEN: a token there stays out of the process list, unlike `--token`. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServeArgs {
  const sourceValues: string[] = [];
  const inis: Record<string, string> = {};
  const timezones: Record<string, string> = {};
  const interfaces: string[] = [];
  const aliases: Record<string, string> = {};
  const result: ServeArgs = {
    sources: [],
    inis,
    timezones,
    host: '127.0.0.1',
    port: DEFAULT_PORT,
    dataDir: null,
    token: null,
    allowHosts: [],
    demo: false,
    retentionDays: 90,
    pollIntervalMs: 1000,
    usePolling: false,
    perf: { aliases },
    help: false,
  };
  let perfOn = true;
  const perf = result.perf as NonNullable<ServeArgs['perf']>;
  for (let i = 0; i < argv.length; i += 1) {
    const given = argv[i] as string;
    const [flag, inline] = given.startsWith('--') && given.includes('=') ? [given.slice(0, given.indexOf('=')), given.slice(given.indexOf('=') + 1)] : [given, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--source': sourceValues.push(value()); break;
      case '--ini': { const [name, path] = pair(flag, value()); inis[name] = path; break; }
      case '--timezone': {
        const [name, zone] = pair(flag, value());
        if (!isValidTimeZone(zone)) throw new UsageError(`${flag} ${name}=${zone}: ${JSON.stringify(zone)} is not a time zone name such as Europe/Berlin`);
        timezones[name] = zone;
        break;
      }
      case '--host': result.host = value(); break;
      case '--port': result.port = number(flag, value(), 0, 65535); break;
      case '--data': result.dataDir = value(); break;
      case '--token': {
        result.token = checkedToken(flag, value());
        break;
      }
      case '--allow-host': result.allowHosts.push(value().toLowerCase()); break;
      case '--retention-days': result.retentionDays = number(flag, value(), 1, 3650); break;
      case '--poll-interval': result.pollIntervalMs = number(flag, value(), 100, 600_000); break;
      case '--use-polling': result.usePolling = true; break;
      case '--demo': result.demo = true; break;
      case '--no-perf': perfOn = false; break;
      case '--cpu-interval': perf.cpuIntervalSec = number(flag, value(), 1, 3600, true); break;
      case '--net-interval': perf.netIntervalSec = number(flag, value(), 1, 3600, true); break;
      case '--interface': interfaces.push(value()); break;
      case '--alias': { const [name, alias] = pair(flag, value()); aliases[name] = alias; break; }
      case '--help': case '-h': result.help = true; break;
      default: throw new UsageError(`unknown argument ${JSON.stringify(given)}`);
    }
  }
  if (result.help) return result;
  if (sourceValues.length > 0 || !result.demo) result.sources = parseSources(sourceValues);
  for (const [flag, byName] of [['--ini', inis], ['--timezone', timezones]] as const) {
    for (const name of Object.keys(byName)) {
      if (!result.sources.some((source) => source.name === name)) throw new UsageError(`${flag} ${name}=...: no --source is named ${JSON.stringify(name)}`);
    }
  }
  const envToken = env['MURMUR_MONITOR_TOKEN'];
  if (result.token === null && envToken) result.token = checkedToken('MURMUR_MONITOR_TOKEN', envToken);
  if (interfaces.length > 0) perf.interfaces = interfaces;
  if (!perfOn) result.perf = null;
  return result;
}
