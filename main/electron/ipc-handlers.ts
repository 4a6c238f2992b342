// What each IPC channel does, given the running services. Arguments were already checked by ipc-main.ts.
import { MONITOR_CALLS, type MonitorCallName } from '../api.js';
import type { DiscoveredServer } from '../contract.js';
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

export function createInvokeHandlers({ shell, settings, discover, pickLogFile, startDemo }: HandlerServices): InvokeHandlers {
  const requests = () => {
    const engine = shell.engine;
    // Only between two engines while the sources change; the renderer retries on `monitor:changed`.
    if (engine === null) throw new Error('the monitor is restarting; try again in a moment');
    return engine.monitor.requests;
  };
  const monitorHandlers = Object.fromEntries(
    (Object.keys(MONITOR_CALLS) as MonitorCallName[]).map((name) => [
      MONITOR_CALLS[name].channel,
      async (...args: unknown[]) => (requests()[name] as (...values: unknown[]) => Promise<unknown>)(...args),
    ]),
  );
  return {
    ...(monitorHandlers as Pick<InvokeHandlers, (typeof MONITOR_CALLS)[MonitorCallName]['channel']>),
    'settings:get': () => settings.state(),
    'settings:save': (raw) => settings.save(raw),
    'settings:discover': () => discover(),
    'settings:pick-log': () => pickLogFile(),
    'settings:start-demo': () => startDemo(),
  };
}
