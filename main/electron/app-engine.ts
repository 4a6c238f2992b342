// The real engine for the tray app: one PerfMonitor for the app's lifetime, and a Monitor re-opened on the
// same data folder whenever the sources change (its store keeps offsets, so nothing is read twice).
import type { PerfSettings } from '../contract.js';
import { Monitor } from '../core/monitor.js';
import { PerfMonitor } from '../core/perf/index.js';
import type { RunningEngine, StartEngine } from './engine.js';

export interface AppEngine {
  start: StartEngine;
  /** Stops sampling and writes the perf store (the Monitor is stopped by its RunningEngine). */
  stopPerf(): Promise<void>;
}

function perfOptions(perf: PerfSettings) {
  return { cpuIntervalSec: perf.cpuIntervalSeconds, netIntervalSec: perf.netIntervalSeconds, aliases: perf.aliases };
}

export function createAppEngine(dataDir: string, initialPerf: PerfSettings, warn: (message: string) => void): AppEngine {
  const perf = new PerfMonitor({ dataDir, ...perfOptions(initialPerf), warn });
  let perfStarted: Promise<void> | null = null;
  return {
    async start(sources, settings): Promise<RunningEngine> {
      perfStarted ??= perf.start().catch((error: Error) => warn(`performance counters unavailable: ${error.message}`));
      await perfStarted;
      const monitor = await Monitor.open({ sources, dataDir, retentionDays: settings.retentionDays, perf, warn });
      return {
        monitor,
        setPerfOptions: (next) => perf.setOptions(perfOptions(next)),
        stop: async () => {
          await monitor.close();
        },
      };
    },
    async stopPerf() {
      if (perfStarted !== null) await perf.stop();
    },
  };
}
