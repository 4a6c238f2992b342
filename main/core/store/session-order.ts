// The order of detailed sessions (HistoryData.sessions): by start, ties in the order they were added.
import type { SessionEntry } from './history-types.js';

export function byStart(a: SessionEntry, b: SessionEntry): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

/**
 * Merges `arrivals` (sessions in the order they ended) into `sorted`, from its end: the same order as placing
 * each after every session that started at or before it, one at a time. Placed one at a time, each arrival
 * moved every session that started after it: 22 million moves for 80 MB of log; a batch moves them once.
 */
export function mergeArrivals(sorted: SessionEntry[], arrivals: SessionEntry[]): void {
  arrivals.sort(byStart); // stable: ties keep their order of arrival
  let from = sorted.length - 1;
  let to = sorted.length + arrivals.length - 1;
  for (const arrival of arrivals) sorted.push(arrival); // room at the end, without holes
  for (let next = arrivals.length - 1; next >= 0; ) {
    const arrival = arrivals[next] as SessionEntry;
    const before = from >= 0 ? (sorted[from] as SessionEntry) : undefined;
    if (before !== undefined && before.start > arrival.start) {
      sorted[to] = before;
      from -= 1;
    } else {
      sorted[to] = arrival;
      next -= 1;
    }
    to -= 1;
  }
}
