// The API in one table: every call the dashboard makes and every event it hears, with the check its
// argument must pass and the way it travels: an IPC channel in the app's window, an HTTP path on `serve`.
// The HTTP routes, the IPC handlers, the preload, the browser transport and the remote client are all made
// from these tables, so the checks and names cannot drift apart. No imports but types from the contract, so
// the renderer, the sandboxed preload and Node can all load it.
import type {
  BackfillProgress,
  DiscoveredServer,
  History,
  LastSeen,
  LeaveEvent,
  PerfSeries,
  PresenceEvent,
  SaveResult,
  ServerEventRecord,
  SettingsState,
  Snapshot,
} from './contract.js';

/** Murmur refuses longer user names (`validateUserName`), so a longer last-seen query is a mistake. */
export const MAX_USER_NAME_LENGTH = 512;
/** Murmur's virtual server ids are a signed 32-bit `int` in its database. */
export const MAX_SERVER_ID = 2 ** 31 - 1;

/** An argument that fails its check; the server answers 400 with the message, IPC rejects with it. */
export class ApiArgumentError extends Error {
  override name = 'ApiArgumentError';
}

// ---- Argument fields: what one value may be ----

export interface TextField {
  kind: 'text';
  /** Not blank, at most this many characters. */
  max: number;
}
export interface IntegerField {
  kind: 'integer';
  min: number;
  max: number;
}
export interface ChoiceField<T extends string> {
  kind: 'choice';
  values: readonly T[];
  /** Taken when the value is absent. */
  fallback: T;
}
export type Field = TextField | IntegerField | ChoiceField<string>;
type FieldValue<F> = F extends IntegerField ? number : F extends ChoiceField<infer T> ? T : string;

export const text = (max: number): TextField => ({ kind: 'text', max });
export const integer = (min: number, max: number): IntegerField => ({ kind: 'integer', min, max });
export const choice = <const T extends string>(values: readonly T[], fallback: T): ChoiceField<T> => ({ kind: 'choice', values, fallback });

// ---- Argument shapes: none, one value (one query parameter), a record of optional values, or opaque ----

export interface NoArgument {
  kind: 'none';
}
export interface ValueArgument<F extends Field = Field> {
  kind: 'value';
  /** Its query parameter over HTTP. */
  param: string;
  field: F;
}
export interface RecordArgument<Fs extends Record<string, Field> = Record<string, Field>> {
  kind: 'record';
  /** Each optional; over HTTP, each its own query parameter. */
  fields: Fs;
}
/** Passed on as it came: its handler checks it whole (a settings document, whose errors are a result). */
export interface OpaqueArgument {
  kind: 'opaque';
}
export type Argument = NoArgument | ValueArgument | RecordArgument | OpaqueArgument;

export type ArgsOf<A> = A extends NoArgument
  ? []
  : A extends ValueArgument<infer F>
    ? [FieldValue<F>]
    : A extends RecordArgument<infer Fs>
      ? [{ [K in keyof Fs]?: FieldValue<Fs[K]> }]
      : [unknown];

const NONE: NoArgument = { kind: 'none' };
const value = <F extends Field>(param: string, field: F): ValueArgument<F> => ({ kind: 'value', param, field });
const record = <Fs extends Record<string, Field>>(fields: Fs): RecordArgument<Fs> => ({ kind: 'record', fields });

// ---- The tables ----

export interface HttpRoute {
  /** Always GET (HEAD too): every call only reads. */
  path: string;
  /** `json`, or `csv` sent as a download named after the argument (`murmur-days.csv`). */
  body: 'json' | 'csv';
  /** Answered 404 with this message when the handler has nothing (perf sampling off). */
  absent?: string;
  /** Kept by the browser and asked again with its ETag (a 304 when unchanged): large answers that change seldom. */
  revalidate?: true;
}

export interface Call<A extends Argument = Argument, R = unknown, C extends string = string> {
  /** Its IPC channel (`ipcRenderer.invoke` / `ipcMain.handle`). */
  channel: C;
  /** Its HTTP route on `serve`; absent for calls only the app's window makes. */
  http?: HttpRoute;
  argument: A;
  /** Type only: what the call resolves to. */
  readonly result?: R;
}

/** Names the result type of a call; the rest (channel, route, argument) is inferred from the entry. */
const call =
  <R>() =>
  <A extends Argument, const C extends string, H extends HttpRoute | undefined = undefined>(entry: {
    channel: C;
    http?: H;
    argument: A;
  }): Call<A, R, C> & { http: H } =>
    entry as Call<A, R, C> & { http: H };

/** What the dashboard asks of the monitor: over IPC in the app, over HTTP from a browser or a remote app. */
export const MONITOR_CALLS = {
  getSnapshot: call<Snapshot>()({ channel: 'snapshot:get', http: { path: '/api/snapshot', body: 'json' }, argument: NONE }),
  getHistory: call<History>()({
    channel: 'history:get',
    http: { path: '/api/history', body: 'json', revalidate: true },
    argument: record({ source: text(200), server: integer(0, MAX_SERVER_ID), days: integer(1, 3660) }),
  }),
  findLastSeen: call<LastSeen[]>()({
    channel: 'last-seen:find',
    http: { path: '/api/last-seen', body: 'json' },
    argument: value('name', text(MAX_USER_NAME_LENGTH)),
  }),
  getPerf: call<PerfSeries>()({
    channel: 'perf:get',
    http: { path: '/api/perf', body: 'json', absent: 'performance sampling is off (--no-perf)' },
    argument: value('range', choice(['24h', '30d'], '24h')),
  }),
  exportCsv: call<string>()({
    channel: 'export:csv',
    http: { path: '/api/export.csv', body: 'csv' },
    argument: value('kind', choice(['sessions', 'days'], 'sessions')),
  }),
};

/** The settings view's calls: the app's window only (a browser has no settings). */
export const SETTINGS_CALLS = {
  get: call<SettingsState>()({ channel: 'settings:get', argument: NONE }),
  /** Checked field by field in main; problems come back as `{ ok: false, errors }`, not as a rejection. */
  save: call<SaveResult>()({ channel: 'settings:save', argument: { kind: 'opaque' } }),
  discover: call<DiscoveredServer[]>()({ channel: 'settings:discover', argument: NONE }),
  pickLogFile: call<string | null>()({ channel: 'settings:pick-log', argument: NONE }),
  startDemo: call<void>()({ channel: 'settings:start-demo', argument: NONE }),
};

export interface PushEvent<P = unknown, C extends string | null = string | null, L extends string | null = string | null> {
  /** Its IPC channel to the window (`webContents.send`); null when the window does not listen. */
  channel: C;
  /** The RendererApi method that subscribes to it; null when the dashboard does not. */
  listener: L;
  /** Carries nothing: `{}` over SSE, null over IPC, no argument to the listener. */
  empty?: true;
  /** Type only: what each event carries. */
  readonly payload?: P;
}

const push =
  <P>() =>
  <const C extends string | null, const L extends string | null>(entry: { channel: C; listener: L; empty?: true }): PushEvent<P, C, L> =>
    entry;

/** The monitor's events, keyed by their SSE `event:` name (and MonitorEvents name). */
export const MONITOR_EVENTS = {
  join: push<PresenceEvent>()({ channel: 'monitor:join', listener: 'onJoin' }),
  leave: push<LeaveEvent>()({ channel: 'monitor:leave', listener: 'onLeave' }),
  progress: push<BackfillProgress>()({ channel: 'monitor:progress', listener: 'onProgress' }),
  /** A new snapshot is worth fetching. */
  changed: push<null>()({ channel: 'monitor:changed', listener: 'onChanged', empty: true }),
  /** Crashes, restarts, stops: the remote client's notifications need them; the dashboard refetches on `changed`. */
  'server-event': push<ServerEventRecord>()({ channel: null, listener: null }),
};

export const SETTINGS_EVENTS = {
  changed: push<SettingsState>()({ channel: 'settings:changed', listener: 'onChanged' }),
};

export type MonitorCallName = keyof typeof MONITOR_CALLS;
export type SettingsCallName = keyof typeof SETTINGS_CALLS;
export type MonitorEventName = keyof typeof MONITOR_EVENTS;
type ResultOfCall<T> = T extends Call<Argument, infer R> ? R : never;
type ArgsOfCall<T> = T extends Call<infer A> ? ArgsOf<A> : never;
export type CallArgs<T extends Record<string, Call>, K extends keyof T> = ArgsOfCall<T[K]>;
export type CallResult<T extends Record<string, Call>, K extends keyof T> = ResultOfCall<T[K]>;
export type PayloadOf<E> = E extends PushEvent<infer P> ? P : never;

/** A table's events as RendererApi subscriptions: `onJoin(listener) → unsubscribe`. */
export type Subscriptions<T extends Record<string, PushEvent>> = {
  [K in keyof T as T[K]['listener'] & string]: (listener: (payload: PayloadOf<T[K]>) => void) => () => void;
};

/** A table's calls as async functions: the shape of RendererApi's requests and of the remote client. */
export type AsyncCalls<T extends Record<string, Call>> = { [K in keyof T]: (...args: CallArgs<T, K>) => Promise<CallResult<T, K>> };
export type MonitorRequests = AsyncCalls<typeof MONITOR_CALLS>;
/** The calls as one source of data answers them: null where it has nothing (`absent`: perf sampling off). */
export type MonitorAnswers = {
  [K in MonitorCallName]: (
    ...args: CallArgs<typeof MONITOR_CALLS, K>
  ) => Promise<CallResult<typeof MONITOR_CALLS, K> | ((typeof MONITOR_CALLS)[K]['http'] extends { absent: string } ? null : never)>;
};

/** Builds a table's calls on one transport: `send` carries the call's name, entry and arguments. */
export function callsThrough<T extends Record<string, Call>>(
  table: T,
  send: (name: keyof T & string, entry: T[keyof T], args: unknown[]) => Promise<unknown>,
): AsyncCalls<T> {
  const calls = Object.entries(table).map(([name, entry]) => [name, (...args: unknown[]) => send(name, entry as T[keyof T], args)]);
  return Object.fromEntries(calls) as unknown as AsyncCalls<T>;
}

/**
 * Builds a table's RendererApi subscriptions on one transport (events without a listener name are left out).
 * `deliver` hands each event's payload over; an empty event reaches its listener without an argument.
 */
export function subscriptionsThrough<T extends Record<string, PushEvent>>(
  table: T,
  subscribe: (name: keyof T & string, entry: T[keyof T], deliver: (payload: unknown) => void) => () => void,
): Subscriptions<T> {
  const entries = Object.entries(table).filter(([, entry]) => entry.listener !== null);
  return Object.fromEntries(
    entries.map(([name, entry]) => [
      entry.listener,
      (listener: (payload?: unknown) => void) =>
        subscribe(name, entry as T[keyof T], (payload) => (entry.empty ? listener() : listener(payload))),
    ]),
  ) as Subscriptions<T>;
}

// ---- Checks, shared by every side ----

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkField(field: Field, name: string, raw: unknown): string | number {
  switch (field.kind) {
    case 'text':
      if (typeof raw === 'string' && raw.trim() !== '' && raw.length <= field.max) return raw;
      throw new ApiArgumentError(`${name} must be a non-blank text of at most ${field.max} characters`);
    case 'integer':
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= field.min && raw <= field.max) return raw;
      throw new ApiArgumentError(`${name} must be a whole number from ${field.min} to ${field.max}`);
    case 'choice':
      if (raw === undefined) return field.fallback;
      if (typeof raw === 'string' && field.values.includes(raw)) return raw;
      throw new ApiArgumentError(`${name} must be one of ${field.values.join(', ')}`);
  }
}

/** Checks one argument value against its shape; returns what the handler gets. */
function checkArgument(argument: Argument, raw: unknown): unknown {
  switch (argument.kind) {
    case 'none':
      return undefined;
    case 'opaque':
      return raw;
    case 'value':
      return checkField(argument.field, argument.param, raw);
    case 'record': {
      if (!isRecord(raw)) throw new ApiArgumentError('the query must be an object');
      const checked: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(raw)) {
        const field = Object.hasOwn(argument.fields, key) ? argument.fields[key] : undefined;
        if (field === undefined) throw new ApiArgumentError(`the query has an unknown field "${key}"`);
        if (item !== undefined) checked[key] = checkField(field, key, item);
      }
      return checked;
    }
  }
}

/** Checks what arrived as an IPC call's arguments (the renderer is untrusted): count, then each value. */
export function checkArgs<A extends Argument>(argument: A, raw: readonly unknown[]): ArgsOf<A> {
  const count = argument.kind === 'none' ? 0 : 1;
  if (raw.length !== count) throw new ApiArgumentError(`expected ${count} argument(s), got ${raw.length}`);
  return (count === 0 ? [] : [checkArgument(argument, raw[0])]) as ArgsOf<A>;
}

/** A query parameter as its field's type: digits become a number for an integer field; blank is absent. */
function fromParam(field: Field, raw: string | null): unknown {
  if (raw === null || raw === '') return undefined;
  if (field.kind === 'integer') return /^-?\d{1,16}$/.test(raw) ? Number(raw) : raw;
  return raw;
}

/** The arguments of an HTTP call, from its query string, through the same checks as IPC. Other parameters (`token`) are ignored. */
export function argsFromQuery<A extends Argument>(argument: A, query: URLSearchParams): ArgsOf<A> {
  switch (argument.kind) {
    case 'none':
    case 'opaque':
      return [] as unknown as ArgsOf<A>;
    case 'value':
      return [checkField(argument.field, argument.param, fromParam(argument.field, query.get(argument.param)))] as ArgsOf<A>;
    case 'record': {
      const fields: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(argument.fields)) fields[key] = fromParam(field, query.get(key));
      return [checkArgument(argument, fields)] as ArgsOf<A>;
    }
  }
}

/** The query parameters that carry a call's arguments over HTTP (absent values are left out). */
export function queryFromArgs<A extends Argument>(argument: A, args: ArgsOf<A>): Array<[string, string]> {
  const [arg] = args as unknown[];
  if (argument.kind === 'value') return arg === undefined ? [] : [[argument.param, String(arg)]];
  if (argument.kind !== 'record' || !isRecord(arg)) return [];
  return Object.keys(argument.fields).flatMap((key): Array<[string, string]> => (arg[key] === undefined ? [] : [[key, String(arg[key])]]));
}

/** The URL of an HTTP call: its path under `base`, its arguments as query parameters. */
export function callUrl(base: URL, route: HttpRoute, argument: Argument, args: readonly unknown[]): URL {
  const url = new URL(route.path.slice(1), base);
  for (const [key, item] of queryFromArgs(argument, args as ArgsOf<Argument>)) url.searchParams.set(key, item);
  return url;
}

/** The file name a CSV download gets: `murmur-sessions.csv`. */
export function csvFileName(args: readonly unknown[]): string {
  return `murmur-${String(args[0] ?? 'export')}.csv`;
}
