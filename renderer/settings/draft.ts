// The settings form's editable copy, as the inputs hold it (text), and its conversion to and from the
// settings document. Pure, so it is tested in Node; main validates the result again on save.
import type { Settings, SettingsError } from '../../main/contract.js';

export interface SourceDraft {
  name: string;
  path: string;
  timezone: string;
  capacity: string;
}

export interface RemoteDraft {
  name: string;
  url: string;
  token: string;
  fingerprint: string;
}

export interface SettingsDraft {
  sources: SourceDraft[];
  remotes: RemoteDraft[];
  joins: boolean;
  leaves: boolean;
  serverEvents: boolean;
  mutedSources: string[];
  /** One name per line. */
  watchList: string;
  quietEnabled: boolean;
  quietStart: string;
  quietEnd: string;
  cpuInterval: string;
  netInterval: string;
  /** One `interface=alias` per line. */
  aliases: string;
  retentionDays: string;
  keepAddresses: boolean;
  startAtLogin: boolean;
}

export function toDraft(settings: Settings): SettingsDraft {
  const { notifications, perf } = settings;
  return {
    sources: settings.sources.map((source) => ({
      name: source.name,
      path: source.path,
      timezone: source.timezone ?? '',
      capacity: source.capacity === undefined ? '' : String(source.capacity),
    })),
    remotes: settings.remotes.map((remote) => ({ name: remote.name, url: remote.url, token: remote.token, fingerprint: remote.fingerprint ?? '' })),
    joins: notifications.joins,
    leaves: notifications.leaves,
    serverEvents: notifications.serverEvents,
    mutedSources: [...notifications.mutedSources],
    watchList: notifications.watchList.join('\n'),
    quietEnabled: notifications.quietHours !== null,
    quietStart: notifications.quietHours?.start ?? '22:00',
    quietEnd: notifications.quietHours?.end ?? '07:00',
    cpuInterval: String(perf.cpuIntervalSeconds),
    netInterval: String(perf.netIntervalSeconds),
    aliases: Object.entries(perf.aliases)
      .map(([iface, alias]) => `${iface}=${alias}`)
      .join('\n'),
    retentionDays: String(settings.retentionDays),
    keepAddresses: settings.keepAddresses,
    startAtLogin: settings.startAtLogin,
  };
}

/** A number as typed; anything else is passed on as NaN so the validator names the field. */
function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim());
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface DraftResult {
  /** The document to send to main, which checks it field by field (a number typed wrong arrives as NaN). */
  value: Settings;
  /** Problems found while reading the text fields themselves. */
  errors: SettingsError[];
}

export function fromDraft(draft: SettingsDraft): DraftResult {
  const errors: SettingsError[] = [];
  const aliases: Record<string, string> = {};
  for (const line of lines(draft.aliases)) {
    const equals = line.indexOf('=');
    const iface = line.slice(0, equals).trim();
    const alias = line.slice(equals + 1).trim();
    if (equals < 1 || alias === '') errors.push({ field: 'perf.aliases', message: `"${line}" should look like eth0=WAN` });
    else aliases[iface] = alias;
  }
  // Muting names a log, or a remote (all of its sources).
  const sourceNames = new Set([...draft.sources, ...draft.remotes].map((source) => source.name.trim()));
  const value: Settings = {
    sources: draft.sources.map((source) => ({
      name: source.name,
      path: source.path,
      ...(source.timezone.trim() === '' ? {} : { timezone: source.timezone.trim() }),
      ...(source.capacity.trim() === '' ? {} : { capacity: numberOf(source.capacity) }),
    })),
    remotes: draft.remotes.map((remote) => ({
      name: remote.name,
      url: remote.url.trim(),
      token: remote.token.trim(),
      ...(remote.fingerprint.trim() === '' ? {} : { fingerprint: remote.fingerprint.trim() }),
    })),
    notifications: {
      joins: draft.joins,
      leaves: draft.leaves,
      serverEvents: draft.serverEvents,
      // A muted source that was removed is dropped with it.
      mutedSources: draft.mutedSources.filter((name) => sourceNames.has(name)),
      watchList: lines(draft.watchList),
      quietHours: draft.quietEnabled ? { start: draft.quietStart, end: draft.quietEnd } : null,
    },
    perf: { cpuIntervalSeconds: numberOf(draft.cpuInterval), netIntervalSeconds: numberOf(draft.netInterval), aliases },
    retentionDays: numberOf(draft.retentionDays),
    keepAddresses: draft.keepAddresses,
    startAtLogin: draft.startAtLogin,
  };
  return { value, errors };
}

/** The form field an error belongs to: the longest known field that is the error's path or a prefix of it. */
export function errorTarget(field: string, known: readonly string[]): string | null {
  let best: string | null = null;
  for (const candidate of known) {
    const matches = field === candidate || field.startsWith(`${candidate}.`);
    if (matches && (best === null || candidate.length > best.length)) best = candidate;
  }
  return best;
}

/**
 * A source name from a log path or a `KIND:NAME` spec, unique among `taken`:
 * `/var/log/mumble-server/mumble-server.log` and `journal:mumble-server` → `mumble-server`.
 */
export function suggestSourceName(path: string, taken: readonly string[]): string {
  const file = path.replace(/^(journal|docker):/, '').split(/[\\/]/).pop() ?? '';
  const base = file.replace(/\.log$/i, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 36) || 'murmur';
  let name = base;
  for (let n = 2; taken.includes(name); n += 1) name = `${base}-${n}`;
  return name;
}
