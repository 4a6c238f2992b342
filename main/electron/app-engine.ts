// The real engine for the tray app: a Monitor (with this machine's perf sampler, and the demo when it runs)
// opened on the data folder for the current sources, and re-opened when they change (its store keeps
// offsets, so nothing is read twice), merged with a client per remote agent into the one view the shell shows.
import type { PerfSettings } from '../contract.js';
import { Monitor, type PerfSampling } from '../core/monitor.js';
import { CombinedMonitor } from '../core/remote/combined-monitor.js';
import { RemoteSource } from '../core/remote/remote-source.js';
import type { RunningEngine, StartEngine } from './engine.js';

function perfOptions(perf: PerfSettings): PerfSampling {
  return { cpuIntervalSec: perf.cpuIntervalSeconds, netIntervalSec: perf.netIntervalSeconds, aliases: perf.aliases };
}

export function createAppEngine(dataDir: string, warn: (message: string) => void): StartEngine {
  return async (sources, settings, demo): Promise<RunningEngine> => {
    const monitor = await Monitor.open({
      sources,
      dataDir,
      retentionDays: settings.retentionDays,
      keepAddresses: settings.keepAddresses,
      perf: perfOptions(settings.perf),
      // The app keeps the demo's log in its own data folder (README: the demo).
      demo: demo ? dataDir : null,
      warn,
    });
    const remotes = settings.remotes.map(
      (remote) => new RemoteSource({ name: remote.name, url: remote.url, token: remote.token || null, fingerprint: remote.fingerprint ?? null }, { warn }),
    );
    for (const remote of remotes) remote.start();
    return {
      monitor: new CombinedMonitor({ local: monitor, remotes, localSources: sources.length > 0 || demo, warn }),
      setPerfOptions: (next) => monitor.setPerfOptions(perfOptions(next)),
      stop: async () => {
        await Promise.all(remotes.map((remote) => remote.stop()));
        await monitor.close();
      },
    };
  };
}
