// Just the `on` side of the monitor, with a way to fire its events: for the event stream and alert tests.
import type { MonitorEvents } from '../../main/core/monitor-types.js';

export class FakeMonitor {
  readonly #listeners = new Map<string, Set<(payload?: unknown) => void>>();

  on<E extends keyof MonitorEvents>(event: E, listener: MonitorEvents[E]): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    set.add(listener as (payload?: unknown) => void);
    return () => set.delete(listener as (payload?: unknown) => void);
  }

  fire(event: keyof MonitorEvents, payload?: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }
}
