// What the shell needs of the engine: a running MonitorApi for a set of sources, that can be stopped and
// restarted when the sources change. app-engine.ts builds the real one; tests use fakes.
import type { PerfSettings, Settings, SourceSettings } from '../contract.js';
import type { MonitorApi, SourceConfig } from '../core/monitor-types.js';

export interface RunningEngine {
  readonly monitor: MonitorApi;
  setPerfOptions(perf: PerfSettings): void;
  stop(): Promise<void>;
}

export type StartEngine = (sources: SourceConfig[], settings: Settings) => Promise<RunningEngine>;

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
  return JSON.stringify(next.sources) !== JSON.stringify(previous.sources) || next.retentionDays !== previous.retentionDays;
}
