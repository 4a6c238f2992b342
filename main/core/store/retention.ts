// Retention: detailed sessions are kept for a number of days, then dropped. Nothing is lost by that: each
// session was folded into its user's totals when it ended (history-types.ts UserTotalEntry), and the day's
// logins, unique users and peak are the tracker's daily aggregates. Event lists are bounded the same way.
import type { HistoryData, SessionEntry } from './history-types.js';
import { DAY_MS, requireLogTimeWall } from '../../log-time.js';

export const DEFAULT_RETENTION_DAYS = 90;
/** Server and security events kept per source at most (a port scanner can log thousands of rejections). */
export const MAX_EVENTS = 2000;

export interface RetentionPolicy {
  days: number;
  maxEvents: number;
}

/**
 * Drop detail older than `days` before `newest` (the newest log time in this history, its wall from
 * main/log-time.ts). Returns the sessions dropped.
 */
export function applyRetention(history: HistoryData, policy: RetentionPolicy, newest: number): SessionEntry[] {
  const cutoff = newest - policy.days * DAY_MS;
  const keepFrom = history.sessions.findIndex((session) => requireLogTimeWall(session.end) >= cutoff);
  const dropped = keepFrom < 0 ? history.sessions.length : keepFrom;
  // Sessions are sorted by start; one older session still listed after a newer one costs nothing.
  const removed = dropped > 0 ? history.sessions.splice(0, dropped) : [];
  history.serverEvents = keepRecent(history.serverEvents, cutoff, policy.maxEvents);
  history.security = keepRecent(history.security, cutoff, policy.maxEvents);
  return removed;
}

/**
 * The last `max` of the events at or after `cutoff`, in their order. Looked for from the end: a backfill
 * appends thousands between two writes, and only the last `max` can stay.
 */
function keepRecent<T extends { at: string }>(events: T[], cutoff: number, max: number): T[] {
  const kept: T[] = [];
  for (let index = events.length - 1; index >= 0 && kept.length < max; index -= 1) {
    const event = events[index] as T;
    if (requireLogTimeWall(event.at) >= cutoff) kept.push(event);
  }
  return kept.reverse();
}
