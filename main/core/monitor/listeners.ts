// Typed listener sets for MonitorEvents. One listener that throws must not stop the others, nor the monitor.
import type { MonitorEvents } from '../monitor-types.js';

type ListenerSets = { [E in keyof MonitorEvents]: Set<MonitorEvents[E]> };

export class MonitorListeners {
  readonly #sets: ListenerSets = {
    join: new Set(),
    leave: new Set(),
    progress: new Set(),
    'server-event': new Set(),
    changed: new Set(),
  };
  readonly #report: (error: unknown) => void;

  constructor(report: (error: unknown) => void) {
    this.#report = report;
  }

  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void {
    const set = this.#sets[event] as Set<MonitorEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<E extends keyof MonitorEvents>(event: E, ...args: Parameters<MonitorEvents[E]>): void {
    for (const listener of this.#sets[event] as Set<(...values: Parameters<MonitorEvents[E]>) => void>) {
      try {
        listener(...args);
      } catch (error) {
        this.#report(error);
      }
    }
  }
}
