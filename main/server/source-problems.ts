// A missing or unreadable source said on stderr (the service's journal), not only in the API: when it
// goes wrong, when its advice changes, and when it is read again.
import type { SourceState, SourceStatus } from '../contract.js';
import type { MonitorApi } from '../core/monitor-types.js';

/** The states of a source that is being read; any other is a problem worth a line. */
const READING: ReadonlySet<SourceState> = new Set(['backfilling', 'following']);

function problemOf(source: SourceStatus): string | null {
  if (READING.has(source.state)) return null;
  return source.message ?? `${source.path}: ${source.state}`;
}

/** Calls `say` with one line per change of a source's problem, now and whenever the monitor changes; returns the unsubscribe. */
export function saySourceProblems(monitor: Pick<MonitorApi, 'snapshot' | 'on'>, say: (line: string) => void): () => void {
  const said = new Map<string, string>();
  const look = (): void => {
    for (const source of monitor.snapshot().sources) {
      const problem = problemOf(source);
      const before = said.get(source.name);
      if (problem === null) {
        if (before !== undefined) say(`source ${source.name}: ${source.path} is read again`);
        said.delete(source.name);
      } else if (problem !== before) {
        say(`source ${source.name}: ${problem}`);
        said.set(source.name, problem);
      }
    }
  };
  look();
  return monitor.on('changed', look);
}
