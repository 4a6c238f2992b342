// The dashboard's view model: the latest snapshot, live presence applied on top of it, and the filter.
// Derivations are pure functions of this state so every panel sees the same numbers.
import type {
  DayStats,
  History,
  HistoryQuery,
  LeaveEvent,
  OnlineUser,
  PresenceEvent,
  ServerReport,
  Snapshot,
} from '../main/contract.js';
import { dayOnLocalClock, localDay, logTimeInstant } from '../main/log-time.js';

/** All servers (both absent), one source, or one virtual server of one source. */
export interface Filter {
  source?: string;
  server?: number;
}

export interface OnlineRow extends OnlineUser {
  source: string;
  server: number;
  /** The zone the source's log times are in; undefined while the snapshot does not list the source. */
  timezone: string | undefined;
  /** The instant the session began: `since` read in `timezone`. */
  sinceMs: number;
}

export class DashboardState {
  snapshot: Snapshot | null = null;
  history: History | null = null;
  filter: Filter = {};

  setSnapshot(snapshot: Snapshot): void {
    this.snapshot = snapshot;
  }

  /** Applies a live join; returns false when it was already known (the snapshot raced the event). */
  applyJoin(event: PresenceEvent): boolean {
    const server = this.findServer(event.source, event.server, true);
    if (!server) return false;
    if (server.online.some((user) => user.session === event.session)) return false;
    server.online.push({ session: event.session, name: event.name, userId: event.userId, since: event.at });
    return true;
  }

  applyLeave(event: LeaveEvent): boolean {
    const server = this.findServer(event.source, event.server, false);
    if (!server) return false;
    const before = server.online.length;
    server.online = server.online.filter((user) => user.session !== event.session);
    return server.online.length !== before;
  }

  private findServer(source: string, server: number, create: boolean): ServerReport | undefined {
    if (!this.snapshot) return undefined;
    let found = this.snapshot.servers.find((s) => s.source === source && s.server === server);
    if (!found && create) {
      found = { source, server, online: [], days: [] };
      this.snapshot.servers.push(found);
    }
    return found;
  }

  matches(source: string, server?: number): boolean {
    if (this.filter.source !== undefined && this.filter.source !== source) return false;
    return this.filter.server === undefined || server === undefined || this.filter.server === server;
  }

  servers(): ServerReport[] {
    return (this.snapshot?.servers ?? []).filter((s) => this.matches(s.source, s.server));
  }

  /** The zone `source`'s log times are written in; undefined while the snapshot does not list it. */
  timezoneOf(source: string): string | undefined {
    return this.snapshot?.sources.find((s) => s.name === source)?.timezone;
  }

  online(): OnlineRow[] {
    return this.servers().flatMap((s) => {
      const timezone = this.timezoneOf(s.source);
      return s.online.map((user) => ({ ...user, source: s.source, server: s.server, timezone, sinceMs: logTimeInstant(user.since, timezone) }));
    });
  }

  /** Daily figures of the filtered servers summed per date, one entry per calendar day, oldest first. */
  days(count: number): DayStats[] {
    return sumDays(this.servers(), count);
  }

  /** `users=` capacity of the filtered sources when all of them know it, else undefined. */
  capacity(): number | undefined {
    const names = new Set(this.servers().map((s) => s.source));
    const sources = (this.snapshot?.sources ?? []).filter((s) => names.has(s.name));
    if (sources.length === 0 || sources.some((s) => s.capacity === undefined)) return undefined;
    return sources.reduce((sum, s) => sum + (s.capacity ?? 0), 0);
  }

  historyQuery(days = 30): HistoryQuery {
    return { source: this.filter.source, server: this.filter.server, days };
  }
}

/**
 * Sums days across servers and fills missing dates with zeros, ending at the newest date in the data.
 * Across several servers uniqueUsers and peakOnline are sums of each server's figure (an upper bound).
 */
export function sumDays(servers: ServerReport[], count: number): DayStats[] {
  const byDate = new Map<string, DayStats>();
  for (const day of servers.flatMap((s) => s.days)) {
    const total = byDate.get(day.date) ?? { date: day.date, logins: 0, uniqueUsers: 0, peakOnline: 0 };
    total.logins += day.logins;
    total.uniqueUsers += day.uniqueUsers;
    total.peakOnline += day.peakOnline;
    byDate.set(day.date, total);
  }
  if (byDate.size === 0) return [];
  const newest = [...byDate.keys()].sort().at(-1) ?? '';
  const result: DayStats[] = [];
  // Step by calendar date, not by 24 h, so DST changes cannot skip or repeat a day.
  const end = new Date(dayOnLocalClock(newest));
  for (let back = count - 1; back >= 0; back -= 1) {
    const date = localDay(new Date(end.getFullYear(), end.getMonth(), end.getDate() - back).getTime());
    result.push(byDate.get(date) ?? { date, logins: 0, uniqueUsers: 0, peakOnline: 0 });
  }
  return result;
}
