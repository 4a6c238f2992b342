// The settings document: defaults and a validator that names every bad field in words a user can act on.
// Settings arrive from the renderer over IPC and from a file on disk, so both are `unknown` here.
import type { NotificationSettings, PerfSettings, RemoteSettings, SaveResult, Settings, SettingsError, SourceSettings } from '../../contract.js';
import { normalizeFingerprint } from '../remote/agent-http.js';
import { parseSourceSpec } from '../source/source-spec.js';

export const DEFAULT_SETTINGS: Settings = {
  sources: [],
  remotes: [],
  notifications: { joins: true, leaves: true, serverEvents: true, mutedSources: [], watchList: [], quietHours: null },
  perf: { cpuIntervalSeconds: 20, netIntervalSeconds: 15, aliases: {} },
  retentionDays: 90,
  keepAddresses: true,
  startAtLogin: false,
};

const SOURCE_NAME = /^[\w.-]{1,40}$/u;
const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects errors while reading one document, so the user sees every problem at once. */
class Reader {
  readonly errors: SettingsError[] = [];

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  record(value: unknown, field: string): Fields {
    if (isRecord(value)) return value;
    this.fail(field, 'must be an object');
    return {};
  }

  boolean(value: unknown, field: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.fail(field, 'must be true or false');
    return fallback;
  }

  integer(value: unknown, field: string, fallback: number, min: number, max: number, unit: string): number {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.fail(field, `must be a whole number of ${unit} from ${min} to ${max}`);
    return fallback;
  }

  text(value: unknown, field: string): string {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    this.fail(field, 'must not be empty');
    return '';
  }

  names(value: unknown, field: string): string[] {
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
      return [...new Set(value.map((item: string) => item.trim()).filter((item) => item !== ''))];
    }
    this.fail(field, 'must be a list of names');
    return [];
  }
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function readSource(r: Reader, value: unknown, field: string): SourceSettings {
  const raw = r.record(value, field);
  const name = r.text(raw.name, `${field}.name`);
  if (name !== '' && !SOURCE_NAME.test(name)) {
    r.fail(`${field}.name`, 'use up to 40 letters, digits, dots, dashes or underscores');
  }
  const source: SourceSettings = { name, path: r.text(raw.path, `${field}.path`) };
  try {
    parseSourceSpec(source.path);
  } catch (error) {
    r.fail(`${field}.path`, (error as Error).message);
  }
  if (raw.timezone !== undefined && raw.timezone !== '') {
    if (typeof raw.timezone === 'string' && isValidTimeZone(raw.timezone)) source.timezone = raw.timezone;
    else r.fail(`${field}.timezone`, `"${String(raw.timezone)}" is not a time zone name such as Europe/Berlin`);
  }
  if (raw.capacity !== undefined) source.capacity = r.integer(raw.capacity, `${field}.capacity`, 0, 1, 100000, 'users');
  return source;
}

function readList<T>(r: Reader, value: unknown, field: string, readItem: (r: Reader, item: unknown, field: string) => T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    r.fail(field, 'must be a list');
    return [];
  }
  return value.map((item, index) => readItem(r, item, `${field}.${index}`));
}

/** Loopback only: a token sent over plain http elsewhere could be read on the way. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function readRemote(r: Reader, value: unknown, field: string): RemoteSettings {
  const raw = r.record(value, field);
  const name = r.text(raw.name, `${field}.name`);
  if (name !== '' && !SOURCE_NAME.test(name)) r.fail(`${field}.name`, 'use up to 40 letters, digits, dots, dashes or underscores');
  const url = r.text(raw.url, `${field}.url`);
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    if (url !== '') r.fail(`${field}.url`, 'must be an address like https://vps.example.org:8767/');
  }
  if (parsed !== null && parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    r.fail(`${field}.url`, 'must start with https:// (plain http:// only on this computer, so the token is never sent in the clear)');
  }
  if (raw.token !== undefined && typeof raw.token !== 'string') r.fail(`${field}.token`, 'must be text');
  const remote: RemoteSettings = { name, url, token: typeof raw.token === 'string' ? raw.token.trim() : '' };
  if (raw.fingerprint !== undefined && raw.fingerprint !== '') {
    const fingerprint = typeof raw.fingerprint === 'string' ? normalizeFingerprint(raw.fingerprint) : null;
    if (fingerprint === null) r.fail(`${field}.fingerprint`, 'must be a SHA-256 fingerprint: 64 hex digits, with or without colons');
    else remote.fingerprint = fingerprint;
  }
  return remote;
}

/** Logs and remotes share one name space: a remote's sources show as `NAME/SOURCE`, and filters name them. */
function checkUniqueNames(r: Reader, sources: SourceSettings[], remotes: RemoteSettings[]): void {
  const seen = new Set<string>();
  const named = [...sources.map((item, index) => ({ name: item.name, field: `sources.${index}.name` })), ...remotes.map((item, index) => ({ name: item.name, field: `remotes.${index}.name` }))];
  for (const { name, field } of named) {
    if (name === '') continue;
    if (seen.has(name)) r.fail(field, `"${name}" is used by another log or remote`);
    seen.add(name);
  }
}

function readNotifications(r: Reader, value: unknown): NotificationSettings {
  const defaults = DEFAULT_SETTINGS.notifications;
  const raw = value === undefined ? {} : r.record(value, 'notifications');
  let quietHours: NotificationSettings['quietHours'] = null;
  if (raw.quietHours !== undefined && raw.quietHours !== null) {
    const quiet = r.record(raw.quietHours, 'notifications.quietHours');
    const start = typeof quiet.start === 'string' ? quiet.start : '';
    const end = typeof quiet.end === 'string' ? quiet.end : '';
    if (!CLOCK_TIME.test(start)) r.fail('notifications.quietHours.start', 'must be a time like 22:00');
    if (!CLOCK_TIME.test(end)) r.fail('notifications.quietHours.end', 'must be a time like 07:00');
    quietHours = { start, end };
  }
  return {
    joins: r.boolean(raw.joins, 'notifications.joins', defaults.joins),
    leaves: r.boolean(raw.leaves, 'notifications.leaves', defaults.leaves),
    serverEvents: r.boolean(raw.serverEvents, 'notifications.serverEvents', defaults.serverEvents),
    mutedSources: r.names(raw.mutedSources, 'notifications.mutedSources'),
    watchList: r.names(raw.watchList, 'notifications.watchList'),
    quietHours,
  };
}

function readPerf(r: Reader, value: unknown): PerfSettings {
  const defaults = DEFAULT_SETTINGS.perf;
  const raw = value === undefined ? {} : r.record(value, 'perf');
  const aliases: Record<string, string> = {};
  if (raw.aliases !== undefined) {
    for (const [iface, alias] of Object.entries(r.record(raw.aliases, 'perf.aliases'))) {
      if (typeof alias === 'string' && alias.trim() !== '' && iface.trim() !== '') aliases[iface.trim()] = alias.trim();
      else r.fail(`perf.aliases.${iface}`, 'needs an interface name and a non-empty alias');
    }
  }
  return {
    cpuIntervalSeconds: r.integer(raw.cpuIntervalSeconds, 'perf.cpuIntervalSeconds', defaults.cpuIntervalSeconds, 1, 3600, 'seconds'),
    netIntervalSeconds: r.integer(raw.netIntervalSeconds, 'perf.netIntervalSeconds', defaults.netIntervalSeconds, 1, 3600, 'seconds'),
    aliases,
  };
}

/** Checks a whole settings document; missing fields take their defaults, wrong ones are reported. */
export function validateSettings(value: unknown): SaveResult {
  const r = new Reader();
  const raw = r.record(value, 'settings');
  const settings: Settings = {
    sources: readList(r, raw.sources, 'sources', readSource),
    remotes: readList(r, raw.remotes, 'remotes', readRemote),
    notifications: readNotifications(r, raw.notifications),
    perf: readPerf(r, raw.perf),
    retentionDays: r.integer(raw.retentionDays, 'retentionDays', DEFAULT_SETTINGS.retentionDays, 1, 3650, 'days'),
    keepAddresses: r.boolean(raw.keepAddresses, 'keepAddresses', DEFAULT_SETTINGS.keepAddresses),
    startAtLogin: r.boolean(raw.startAtLogin, 'startAtLogin', DEFAULT_SETTINGS.startAtLogin),
  };
  checkUniqueNames(r, settings.sources, settings.remotes);
  return r.errors.length === 0 ? { ok: true, settings } : { ok: false, errors: r.errors };
}

/** One line per error, for logs and for a file that could not be loaded. */
export function describeErrors(errors: SettingsError[]): string {
  return errors.map((error) => `${error.field}: ${error.message}`).join('; ');
}
