// Every IPC channel between the window and the main process, with its argument and result types and the
// check main runs on what arrives (the renderer is treated as untrusted). Imported by main and the preload;
// no Electron import here, so it is testable in plain Node and bundles into the sandboxed preload.
import type {
  BackfillProgress,
  DiscoveredServer,
  ExportKind,
  History,
  HistoryQuery,
  LastSeen,
  LeaveEvent,
  PerfRange,
  PerfSeries,
  PresenceEvent,
  SaveResult,
  SettingsState,
  Snapshot,
} from '../contract.js';
import { MAX_USER_NAME_LENGTH } from '../core/monitor-types.js';

/** Name of the preload's object on `window` (the renderer looks for it to pick its transport). */
export const RENDERER_API_GLOBAL = 'murmurMonitor';

/** Renderer → main requests (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface InvokeContract {
  'snapshot:get': { args: []; result: Snapshot };
  'history:get': { args: [query: HistoryQuery]; result: History };
  'last-seen:find': { args: [name: string]; result: LastSeen[] };
  'perf:get': { args: [range: PerfRange]; result: PerfSeries };
  'export:csv': { args: [kind: ExportKind]; result: string };
  'settings:get': { args: []; result: SettingsState };
  /** Checked field by field in main; problems come back as `{ ok: false, errors }`, not as a rejection. */
  'settings:save': { args: [settings: unknown]; result: SaveResult };
  'settings:discover': { args: []; result: DiscoveredServer[] };
  'settings:pick-log': { args: []; result: string | null };
  'settings:start-demo': { args: []; result: void };
}

/** Main → renderer pushes (`webContents.send` / `ipcRenderer.on`). */
export interface PushContract {
  'monitor:join': PresenceEvent;
  'monitor:leave': LeaveEvent;
  'monitor:progress': BackfillProgress;
  'monitor:changed': null;
  'settings:changed': SettingsState;
}

export type InvokeChannel = keyof InvokeContract;
export type PushChannel = keyof PushContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];

export class IpcPayloadError extends Error {
  override name = 'IpcPayloadError';
}

function expectCount(args: readonly unknown[], count: number): void {
  if (args.length !== count) throw new IpcPayloadError(`expected ${count} argument(s), got ${args.length}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(value: unknown, min: number, max: number, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  throw new IpcPayloadError(`${what} must be a whole number from ${min} to ${max}`);
}

function historyQuery(value: unknown): HistoryQuery {
  if (!isRecord(value)) throw new IpcPayloadError('history query must be an object');
  const query: HistoryQuery = {};
  for (const key of Object.keys(value)) {
    if (!['source', 'server', 'days'].includes(key)) throw new IpcPayloadError(`history query has an unknown field "${key}"`);
  }
  if (value.source !== undefined) {
    if (typeof value.source !== 'string' || value.source.length > 200) throw new IpcPayloadError('source must be a short string');
    query.source = value.source;
  }
  if (value.server !== undefined) query.server = wholeNumber(value.server, 0, 2 ** 31, 'server');
  if (value.days !== undefined) query.days = wholeNumber(value.days, 1, 3660, 'days');
  return query;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  const match = allowed.find((item) => item === value);
  if (match === undefined) throw new IpcPayloadError(`${what} must be one of ${allowed.join(', ')}`);
  return match;
}

/** Checks what a renderer sent before any handler sees it; throws IpcPayloadError with the reason. */
export const parseInvokeArgs: { [C in InvokeChannel]: (args: readonly unknown[]) => InvokeArgs<C> } = {
  'snapshot:get': (args) => (expectCount(args, 0), []),
  'history:get': (args) => (expectCount(args, 1), [historyQuery(args[0])]),
  'last-seen:find': (args) => {
    expectCount(args, 1);
    const name = args[0];
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_USER_NAME_LENGTH) {
      throw new IpcPayloadError(`name must be a string of 1 to ${MAX_USER_NAME_LENGTH} characters`);
    }
    return [name];
  },
  'perf:get': (args) => (expectCount(args, 1), [oneOf(args[0], ['24h', '30d'] as const, 'range')]),
  'export:csv': (args) => (expectCount(args, 1), [oneOf(args[0], ['sessions', 'days'] as const, 'kind')]),
  'settings:get': (args) => (expectCount(args, 0), []),
  'settings:save': (args) => (expectCount(args, 1), [args[0]]),
  'settings:discover': (args) => (expectCount(args, 0), []),
  'settings:pick-log': (args) => (expectCount(args, 0), []),
  'settings:start-demo': (args) => (expectCount(args, 0), []),
};

export const INVOKE_CHANNELS = Object.keys(parseInvokeArgs) as InvokeChannel[];
