// The order of detailed sessions (HistoryData.sessions): by start, ties in the order they were added.
import type { SessionEntry } from './history-types.js';

/** `YYYY-MM-DDThh:mm:ss.mmm`: log times of this one length sort as text in the order of their walls. */
const FULL_LOG_TIME = 23;

export function byStart(a: SessionEntry, b: SessionEntry): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

/**
 * Merges `arrivals` (sessions in the order they ended) into `sorted`, from its end: the same order as placing
 * each after every session that started at or before it, one at a time. Placed one at a time, each arrival
 * moved every session that started after it: 22 million moves for 80 MB of log; a batch moves them once.
 * `startWalls`: each arrival's start as logTimeWall() reads it, NaN where the caller has none.
 */
export function mergeArrivals(sorted: SessionEntry[], arrivals: SessionEntry[], startWalls: readonly number[]): void {
  const batch = sortedByWall(arrivals, startWalls) ?? arrivals.sort(byStart); // stable: ties keep their order of arrival
  let from = sorted.length - 1;
  let to = sorted.length + batch.length - 1;
  for (const arrival of batch) sorted.push(arrival); // room at the end, without holes
  for (let next = batch.length - 1; next >= 0; ) {
    const arrival = batch[next] as SessionEntry;
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

/**
 * The arrivals by start, ties in their order, sorted as numbers: each one's start (from the earliest) and
 * index make one key, and a Float64Array sorts keys without a comparator (sorting by text took a backfill
 * twice as long). Null when a start is not a full log time, or the keys would not be exact.
 */
function sortedByWall(arrivals: readonly SessionEntry[], startWalls: readonly number[]): SessionEntry[] | null {
  const count = arrivals.length;
  let earliest = Number.POSITIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index += 1) {
    const wall = startWalls[index] as number;
    if (!Number.isInteger(wall) || (arrivals[index] as SessionEntry).start.length !== FULL_LOG_TIME) return null;
    earliest = Math.min(earliest, wall);
    latest = Math.max(latest, wall);
  }
  if ((latest - earliest + 1) * count > Number.MAX_SAFE_INTEGER) return null;
  const keys = new Float64Array(count);
  for (let index = 0; index < count; index += 1) keys[index] = ((startWalls[index] as number) - earliest) * count + index;
  keys.sort();
  return Array.from(keys, (key) => arrivals[key % count] as SessionEntry);
}
