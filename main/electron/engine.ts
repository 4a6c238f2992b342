// What the shell needs of the engine: the local monitor and the remote agents as one view, that can be
// stopped and restarted when the sources change. app-engine.ts builds the real one; tests use fakes.
import type { PerfSettings, Settings, SourceSettings } from '../contract.js';
import type { SourceConfig } from '../core/monitor-types.js';
import type { MonitorView } from '../core/remote/combined-monitor.js';

export interface RunningEngine {
  readonly monitor: MonitorView;
  setPerfOptions(perf: PerfSettings): void;
  stop(): Promise<void>;
}

/** `demo`: follow the built-in demo log (instead of `sources`, which are then empty). */
export type StartEngine = (sources: SourceConfig[], settings: Settings, demo: boolean) => Promise<RunningEngine>;

export function sourceConfigs(sources: SourceSettings[]): SourceConfig[] {
  return sources.map((source) => {
    const config: SourceConfig = { name: source.name, path: source.path };
    if (source.capacity !== undefined) config.capacity = source.capacity;
    if (source.timezone !== undefined) config.timezone = source.timezone;
    return config;
  });
}

/** Whether a settings change needs the engine restarted (perf and notification options apply live). */
export function engineChanged(next: Settings, previous: Settings): boolean {
  const followed = (settings: Settings): string => JSON.stringify([settings.sources, settings.remotes]);
  return followed(next) !== followed(previous) || next.retentionDays !== previous.retentionDays || next.keepAddresses !== previous.keepAddresses;
}
