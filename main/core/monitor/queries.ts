// Read-only queries over the runners' history: the history view, top users and last-seen search.
import type { History, HistoryQuery, LastSeen, LogTime, SessionRecord, UserTotal } from '../../contract.js';
import { uniqueUserKey } from '../murmur/day-stats.js';
import { logDate, windowStart } from '../../log-time.js';
import type { SourceRunner } from './source-runner.js';

const DEFAULT_HISTORY_DAYS = 30;
const TOP_USERS = 20;
const MAX_LAST_SEEN = 50;

function inScope(query: HistoryQuery, source: string, server: number | undefined): boolean {
  if (query.source !== undefined && query.source !== source) return false;
  // Process-level events (no server) concern every virtual server.
  return query.server === undefined || server === undefined || server === query.server;
}

/** The first day inside the window: `days` days back from the newest day among `times`, that day included. */
function firstDay(times: Iterable<LogTime>, days: number): string | null {
  let newest: string | null = null;
  for (const time of times) if (newest === null || time > newest) newest = time;
  if (newest === null) return null;
  return windowStart(logDate(newest), days);
}

export function queryHistory(runners: readonly SourceRunner[], query: HistoryQuery): History {
  const scoped = runners.filter((runner) => query.source === undefined || runner.config.name === query.source);
  const sessions: SessionRecord[] = [];
  const serverEvents: History['serverEvents'] = [];
  const security: History['security'] = [];
  for (const runner of scoped) {
    const source = runner.config.name;
    const data = runner.history.data;
    for (const session of data.sessions) if (inScope(query, source, session.server)) sessions.push({ source, ...session });
    for (const event of data.serverEvents) if (inScope(query, source, event.server)) serverEvents.push({ source, ...event });
    for (const event of data.security) if (inScope(query, source, event.server)) security.push({ source, ...event });
  }
  const from = firstDay(
    [...sessions.map((session) => session.end), ...serverEvents.map((event) => event.at), ...security.map((event) => event.at)],
    query.days ?? DEFAULT_HISTORY_DAYS,
  );
  const recent = <T>(items: T[], time: (item: T) => LogTime): T[] => (from === null ? items : items.filter((item) => time(item) >= from));
  const windowSessions = recent(sessions, (session) => session.end);
  return {
    sessions: windowSessions,
    serverEvents: recent(serverEvents, (event) => event.at),
    security: recent(security, (event) => event.at),
    topUsers: topUsers(windowSessions),
  };
}

/** The people with the most time online among `sessions` (any sources: the same name is one person). */
export function topUsers(sessions: SessionRecord[]): UserTotal[] {
  const totals = new Map<string, UserTotal>();
  for (const session of sessions) {
    const key = uniqueUserKey(session.name, session.userId);
    const total = totals.get(key) ?? { name: session.name, userId: session.userId, sessions: 0, secondsOnline: 0, lastSeen: session.end };
    total.sessions += 1;
    total.secondsOnline += session.durationSeconds;
    if (session.end >= total.lastSeen) {
      total.lastSeen = session.end;
      total.name = session.name;
    }
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => b.secondsOnline - a.secondsOnline || b.sessions - a.sessions).slice(0, TOP_USERS);
}

/** Users whose name contains `name` (case-insensitive), exact matches first, on every source and server. */
export function findLastSeen(runners: readonly SourceRunner[], name: string): LastSeen[] {
  const wanted = name.trim().toLowerCase();
  if (wanted === '') return [];
  const found = new Map<string, LastSeen>();
  for (const runner of runners) {
    const source = runner.config.name;
    for (const user of runner.history.data.users) {
      if (!user.name.toLowerCase().includes(wanted)) continue;
      const key = `${source}\n${user.server}\n${uniqueUserKey(user.name, user.userId)}`;
      found.set(key, { name: user.name, userId: user.userId, source, server: user.server, lastSeen: user.lastSeen, online: false });
    }
    const now = runner.tracker.lastTime;
    for (const server of runner.report()) {
      for (const user of server.online) {
        if (!user.name.toLowerCase().includes(wanted)) continue;
        const key = `${source}\n${server.server}\n${uniqueUserKey(user.name, user.userId)}`;
        found.set(key, { name: user.name, userId: user.userId, source, server: server.server, lastSeen: now ?? user.since, online: true });
      }
    }
  }
  return rankLastSeen([...found.values()], name);
}

/** Exact matches of `name` first, then who is online, then the most recently seen; the first MAX_LAST_SEEN. */
export function rankLastSeen(found: LastSeen[], name: string): LastSeen[] {
  const wanted = name.trim().toLowerCase();
  const exact = (entry: LastSeen): number => (entry.name.toLowerCase() === wanted ? 0 : 1);
  return found
    .sort((a, b) => exact(a) - exact(b) || Number(b.online) - Number(a.online) || (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0))
    .slice(0, MAX_LAST_SEEN);
}

