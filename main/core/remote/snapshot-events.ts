// Live events laid on a snapshot (so a remote's online list is current without a fetch per join), the
// difference between two snapshots' online lists, and shape checks for what an agent sends.
import type { LeaveEvent, PresenceEvent, ServerEventRecord, ServerReport, Snapshot } from '../../contract.js';

function serverOf(snapshot: Snapshot, source: string, server: number): ServerReport {
  let report = snapshot.servers.find((item) => item.source === source && item.server === server);
  if (report === undefined) {
    report = { source, server, online: [], days: [] };
    snapshot.servers.push(report);
  }
  return report;
}

export function applyJoin(snapshot: Snapshot, event: PresenceEvent): void {
  const report = serverOf(snapshot, event.source, event.server);
  report.online = [...report.online.filter((user) => user.session !== event.session), { session: event.session, name: event.name, userId: event.userId, since: event.at }];
}

export function applyLeave(snapshot: Snapshot, event: PresenceEvent): void {
  const report = serverOf(snapshot, event.source, event.server);
  report.online = report.online.filter((user) => user.session !== event.session);
}

/**
 * Sessions online in `after` but not in `before` (as joins at their start), and sessions online in `before`
 * but not in `after` (as presence events at their start, for looking up how they ended).
 */
export function onlineDifference(before: Snapshot, after: Snapshot): { joined: PresenceEvent[]; left: PresenceEvent[] } {
  const sessions = (snapshot: Snapshot): Map<string, PresenceEvent> => {
    const found = new Map<string, PresenceEvent>();
    for (const server of snapshot.servers) {
      for (const user of server.online) {
        const event = { source: server.source, server: server.server, session: user.session, name: user.name, userId: user.userId, at: user.since };
        found.set(JSON.stringify([server.source, server.server, user.session, user.since]), event);
      }
    }
    return found;
  };
  const old = sessions(before);
  const now = sessions(after);
  const byTime = (a: PresenceEvent, b: PresenceEvent): number => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);
  return {
    joined: [...now].filter(([key]) => !old.has(key)).map(([, event]) => event).sort(byTime),
    left: [...old].filter(([key]) => !now.has(key)).map(([, event]) => event).sort(byTime),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isText = (value: unknown): value is string => typeof value === 'string';
const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export function isPresenceEvent(value: unknown): value is PresenceEvent {
  return (
    isObject(value) && isText(value.source) && isWhole(value.server) && isWhole(value.session) && isText(value.name) && isWhole(value.userId) && isText(value.at)
  );
}

export function isLeaveEvent(value: unknown): value is LeaveEvent {
  return isPresenceEvent(value) && isText((value as LeaveEvent).reason) && isText((value as LeaveEvent).since) && typeof (value as LeaveEvent).durationSeconds === 'number';
}

export function isServerEvent(value: unknown): value is ServerEventRecord {
  return isObject(value) && isText(value.source) && isText(value.at) && isText(value.kind) && isText(value.detail) && (value.server === undefined || isWhole(value.server));
}
