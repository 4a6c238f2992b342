// The real engine for the tray app: one PerfMonitor for the app's lifetime, and a Monitor re-opened on the
// same data folder whenever the sources change (its store keeps offsets, so nothing is read twice), merged
// with a client per remote agent into the one view the shell shows.
import type { PerfSettings } from '../contract.js';
import { Monitor } from '../core/monitor.js';
import { PerfMonitor } from '../core/perf/index.js';
import { CombinedMonitor } from '../core/remote/combined-monitor.js';
import { RemoteSource } from '../core/remote/remote-source.js';
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
      const monitor = await Monitor.open({ sources, dataDir, retentionDays: settings.retentionDays, keepAddresses: settings.keepAddresses, perf, warn });
      const remotes = settings.remotes.map(
        (remote) => new RemoteSource({ name: remote.name, url: remote.url, token: remote.token || null, fingerprint: remote.fingerprint ?? null }, { warn }),
      );
      for (const remote of remotes) remote.start();
      return {
        monitor: new CombinedMonitor({ local: monitor, remotes, localSources: sources.length > 0, warn }),
        setPerfOptions: (next) => perf.setOptions(perfOptions(next)),
        stop: async () => {
          await Promise.all(remotes.map((remote) => remote.stop()));
          await monitor.close();
        },
      };
    },
    async stopPerf() {
      if (perfStarted !== null) await perf.stop();
    },
  };
}
