// What each IPC channel does, given the running services. Arguments were already checked by ipc-main.ts.
import type { DiscoveredServer, PerfRange, PerfSeries } from '../contract.js';
import type { InvokeHandlers } from './ipc-main.js';
import type { SettingsService } from './settings-service.js';
import type { Shell } from './shell.js';

export interface HandlerServices {
  shell: Shell;
  settings: SettingsService;
  discover: () => Promise<DiscoveredServer[]>;
  pickLogFile: () => Promise<string | null>;
  startDemo: () => Promise<void>;
}

export function emptyPerfSeries(range: PerfRange): PerfSeries {
  return { interval: range === '24h' ? 300 : 3600, points: [], samples: [], latest: null, aliases: {} };
}

export function createInvokeHandlers({ shell, settings, discover, pickLogFile, startDemo }: HandlerServices): InvokeHandlers {
  const monitor = () => {
    const engine = shell.engine;
    // Only between two engines while the sources change; the renderer retries on `monitor:changed`.
    if (engine === null) throw new Error('the monitor is restarting; try again in a moment');
    return engine.monitor;
  };
  return {
    'snapshot:get': () => monitor().snapshot(),
    'history:get': (query) => monitor().history(query),
    'last-seen:find': (name) => monitor().lastSeen(name),
    'perf:get': (range) => monitor().perf(range) ?? emptyPerfSeries(range),
    'export:csv': (kind) => monitor().exportCsv(kind),
    'settings:get': () => settings.state(),
    'settings:save': (raw) => settings.save(raw),
    'settings:discover': () => discover(),
    'settings:pick-log': () => pickLogFile(),
    'settings:start-demo': () => startDemo(),
  };
}
