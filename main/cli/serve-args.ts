// `murmur-monitor serve` options, parsed and checked; a UsageError names the bad argument.
import type { SourceConfig } from '../core/monitor-types.js';
import { isValidTimeZone } from '../core/settings/schema.js';
import type { TlsChoice } from '../server/tls.js';
import { isUsableToken } from '../server/token-file.js';
import { parseOptions, stringOf, strings, UsageError, type Command, type OptionValues, type Options } from './command-line.js';
import { NOTIFY_OPTIONS, NOTIFY_USAGE, notifyArgs, type NotifyArgs } from './notify-args.js';
import { parseSources, SOURCE_OPTION } from './source-args.js';

const DEFAULT_PORT = 8767;

const SERVE_USAGE = `usage: murmur-monitor serve --source NAME=PATH [--source ...] [options]
  --host H               address to listen on (default 127.0.0.1; any other needs a token)
  --port P               port (default ${DEFAULT_PORT}; 0 picks a free one)
  --data DIR             where the history is kept (default: your user data folder)
  --token T              require this token (Authorization: Bearer T, or ?token=T). For any --host but loopback
                         one is made once and kept in DATA/token (mode 0600). The environment variable
                         MURMUR_MONITOR_TOKEN does the same as --token without showing it in ps.
  --tls self-signed      answer HTTPS with a certificate made once and kept in DATA/tls (its fingerprint is printed)
  --tls-cert FILE --tls-key FILE   answer HTTPS with your own certificate and key (PEM)
  --allow-host NAME      also accept this Host header (a DNS name or reverse proxy in front; repeatable)
  --ini NAME=PATH        the Murmur ini of source NAME, for its capacity (users=)
  --timezone NAME=ZONE   the time zone source NAME's log is written in (e.g. UTC, Europe/Berlin; default: this machine's)
  --retention-days N     days of detailed sessions kept (default 90); client addresses are kept as long
  --no-addresses         keep no client address at all (failed logins and bans are then listed without them)
  --poll-interval MS     how often each log is checked besides file events (default 1000)
  --use-polling          poll instead of file events (network drives, WSL /mnt)
  --demo                 add a demo source with generated traffic
  --no-perf              do not sample CPU and network
  --cpu-interval S  --net-interval S  --interface NAME (repeatable)  --alias NAME=ALIAS
${NOTIFY_USAGE}  -h, --help             show this help and exit;  --version  show the version and exit
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
  /** False with --no-addresses: no client address is kept, in memory or in the data folder. */
  keepAddresses: boolean;
  pollIntervalMs: number;
  usePolling: boolean;
  perf: { cpuIntervalSec?: number; netIntervalSec?: number; interfaces?: string[]; aliases: Record<string, string> } | null;
  /** HTTPS, or null for plain HTTP. */
  tls: TlsChoice | null;
  notify: NotifyArgs;
}

const SERVE_OPTIONS = {
  ...SOURCE_OPTION,
  ini: { type: 'string', multiple: true },
  timezone: { type: 'string', multiple: true },
  host: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  token: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  'retention-days': { type: 'string' },
  'no-addresses': { type: 'boolean' },
  'poll-interval': { type: 'string' },
  'use-polling': { type: 'boolean' },
  demo: { type: 'boolean' },
  'no-perf': { type: 'boolean' },
  'cpu-interval': { type: 'string' },
  'net-interval': { type: 'string' },
  interface: { type: 'string', multiple: true },
  alias: { type: 'string', multiple: true },
  tls: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  ...NOTIFY_OPTIONS,
} as const satisfies Options;

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
  if (!isUsableToken(token)) throw new UsageError(`${flag}: use at least 8 characters, without spaces`);
  return token;
}

function tlsChoice(values: OptionValues): TlsChoice | null {
  const mode = stringOf(values['tls']);
  const cert = stringOf(values['tls-cert']);
  const key = stringOf(values['tls-key']);
  if (mode !== undefined && mode !== 'self-signed') throw new UsageError(`--tls ${JSON.stringify(mode)}: the only value is self-signed (for your own certificate: --tls-cert and --tls-key)`);
  if (mode !== undefined && (cert !== undefined || key !== undefined)) throw new UsageError('--tls self-signed and --tls-cert/--tls-key exclude each other');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  if (cert !== undefined && key !== undefined) return { kind: 'files', cert, key };
  return mode === undefined ? null : { kind: 'self-signed' };
}

/** `--flag NAME=VALUE` given several times → one value per name (the last wins). */
function pairs(flag: string, values: OptionValues[string]): Record<string, string> {
  return Object.fromEntries(strings(values).map((value) => pair(flag, value)));
}

/** A checked number option, or undefined when it is not given. */
function numberOption(values: OptionValues, name: string, min: number, max: number, fractions = false): number | undefined {
  const given = stringOf(values[name]);
  return given === undefined ? undefined : number(`--${name}`, given, min, max, fractions);
}

/** The serve options out of parseArgs's values; `env` supplies MURMUR_MONITOR_TOKEN (kept out of the process list, unlike `--token`). */
function serveArgs(values: OptionValues, env: NodeJS.ProcessEnv = {}): ServeArgs {
  const demo = values['demo'] === true;
  const sourceValues = strings(values['source']);
  const sources = sourceValues.length > 0 || !demo ? parseSources(sourceValues) : [];
  const inis = pairs('--ini', values['ini']);
  const timezones = pairs('--timezone', values['timezone']);
  for (const [name, zone] of Object.entries(timezones)) {
    if (!isValidTimeZone(zone)) throw new UsageError(`--timezone ${name}=${zone}: ${JSON.stringify(zone)} is not a time zone name such as Europe/Berlin`);
  }
  for (const [flag, byName] of [['--ini', inis], ['--timezone', timezones]] as const) {
    for (const name of Object.keys(byName)) {
      if (!sources.some((source) => source.name === name)) throw new UsageError(`${flag} ${name}=...: no --source is named ${JSON.stringify(name)}`);
    }
  }
  const givenToken = stringOf(values['token']);
  const envToken = env['MURMUR_MONITOR_TOKEN'];
  let token: string | null = null;
  if (givenToken !== undefined) token = checkedToken('--token', givenToken);
  else if (envToken) token = checkedToken('MURMUR_MONITOR_TOKEN', envToken);
  const perf: NonNullable<ServeArgs['perf']> = { aliases: pairs('--alias', values['alias']) };
  const interfaces = strings(values['interface']);
  if (interfaces.length > 0) perf.interfaces = interfaces;
  const cpuIntervalSec = numberOption(values, 'cpu-interval', 1, 3600, true);
  if (cpuIntervalSec !== undefined) perf.cpuIntervalSec = cpuIntervalSec;
  const netIntervalSec = numberOption(values, 'net-interval', 1, 3600, true);
  if (netIntervalSec !== undefined) perf.netIntervalSec = netIntervalSec;
  return {
    sources,
    inis,
    timezones,
    host: stringOf(values['host']) ?? '127.0.0.1',
    port: numberOption(values, 'port', 0, 65535) ?? DEFAULT_PORT,
    dataDir: stringOf(values['data']) ?? null,
    token,
    allowHosts: strings(values['allow-host']).map((name) => name.toLowerCase()),
    demo,
    retentionDays: numberOption(values, 'retention-days', 1, 3650) ?? 90,
    keepAddresses: values['no-addresses'] !== true,
    pollIntervalMs: numberOption(values, 'poll-interval', 100, 600_000) ?? 1000,
    usePolling: values['use-polling'] === true,
    perf: values['no-perf'] === true ? null : perf,
    tls: tlsChoice(values),
    notify: notifyArgs(values, env),
  };
}

/** `argv` (after `serve`) → the checked options. */
export function parseServeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServeArgs {
  return serveArgs(parseOptions(argv, SERVE_OPTIONS), env);
}

export const serveCommand: Command = {
  usage: SERVE_USAGE,
  options: SERVE_OPTIONS,
  prepare(values, env) {
    const args = serveArgs(values, env);
    return async () => (await import('../server/serve-command.js')).run(args);
  },
};
