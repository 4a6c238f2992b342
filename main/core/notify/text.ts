// The words of a notification for one event or a coalesced burst, for the tray's OS notifications and serve's
// webhooks alike. Plain text throughout: names are typed by strangers, and each way out escapes them for
// whatever reads markup there (Linux notification daemons: electron/notification-body.ts; chat webhooks:
// server/webhooks/).
import type { LeaveEvent, PresenceEvent, ServerEventKind, ServerEventRecord, SessionEndReason } from '../../contract.js';

export type PresenceNotice = { kind: 'join'; event: PresenceEvent } | { kind: 'leave'; event: LeaveEvent };
export type ServerNotice = { kind: 'server'; event: ServerEventRecord };
export type Notice = PresenceNotice | ServerNotice;

export interface NotificationContent {
  title: string;
  body: string;
  /** The server to show when the notification is clicked; null when the burst spans several. */
  target: { source: string; server: number } | null;
}

/** macOS cuts notification text at 256 bytes; keep well under, whole names only. */
const NAME_LIST_LIMIT = 160;

const REASON_WORDS: Record<SessionEndReason, string> = {
  quit: '',
  disconnected: 'disconnected',
  timeout: 'timed out',
  kicked: 'kicked',
  banned: 'banned',
  ghost: 'replaced by a new login',
  'server-stopped': 'server stopped',
  'server-restarted': 'server restarted',
  'server-crashed': 'server crashed',
};

function serverLabel(source: string, server: number): string {
  return `${source} #${server}`;
}

/** `42 min`, `2 h`, `1 h 5 min`: a session's length to the minute. */
export function durationText(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  if (!Number.isFinite(minutes)) return '';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

export function nameList(names: string[], limit = NAME_LIST_LIMIT): string {
  let text = '';
  for (const [index, name] of names.entries()) {
    const next = text === '' ? name : `${text}, ${name}`;
    const rest = names.length - index;
    if (next.length > limit && text !== '') return `${text} and ${rest} more`;
    text = next;
  }
  return text;
}

function single(notice: PresenceNotice): NotificationContent {
  const { event } = notice;
  const where = serverLabel(event.source, event.server);
  const target = { source: event.source, server: event.server };
  if (notice.kind === 'join') return { title: `${event.name} joined`, body: where, target };
  const details = [where, `online ${durationText(notice.event.durationSeconds)}`, REASON_WORDS[notice.event.reason]];
  return { title: `${event.name} left`, body: details.filter((part) => part !== '').join(' · '), target };
}

function commonReason(leaves: LeaveEvent[]): string {
  const reasons = new Set(leaves.map((leave) => leave.reason));
  const [reason] = reasons;
  return reasons.size === 1 && reason !== undefined ? REASON_WORDS[reason] : '';
}

/** What happened to Murmur, from the kinds of one log's server events in a burst. */
function serverVerb(kinds: Set<ServerEventKind>, servers: number[]): string {
  if (kinds.has('crash')) return kinds.has('boot') ? 'crashed and restarted' : 'crashed';
  if (kinds.has('shutdown')) return kinds.has('boot') ? 'restarted' : 'shut down';
  if (kinds.has('boot')) return 'started';
  const which = `virtual server${servers.length === 1 ? '' : 's'} ${servers.join(', ')}`;
  return kinds.has('stopped') ? `stopped ${which}` : `started ${which}`;
}

/**
 * A burst with server events: titled by what happened to Murmur (one log's events; others are counted),
 * with the crash's own words and the people it disconnected or who came back in the body.
 */
function serverContent(events: ServerEventRecord[], people: PresenceNotice[]): NotificationContent {
  const [first] = events;
  if (first === undefined) throw new Error('serverContent needs a server event');
  const mine = events.filter((event) => event.source === first.source);
  const servers = [...new Set(mine.flatMap((event) => (event.server === undefined ? [] : [event.server])))].sort((a, b) => a - b);
  const others = new Set(events.map((event) => event.source)).size - 1;
  const lines = mine.filter((event) => event.kind === 'crash').map((event) => event.detail);
  const left = people.flatMap((notice) => (notice.kind === 'leave' ? [notice.event.name] : []));
  const joined = people.flatMap((notice) => (notice.kind === 'join' ? [notice.event.name] : []));
  if (left.length > 0) lines.push(`Disconnected: ${nameList(left)}`);
  if (joined.length > 0) lines.push(`Joined: ${nameList(joined)}`);
  const places = new Set(people.map((notice) => serverLabel(notice.event.source, notice.event.server)));
  const person = people[0]?.event;
  const target =
    others === 0 && places.size <= 1 && (person !== undefined || servers.length === 1)
      ? { source: first.source, server: person?.server ?? (servers[0] as number) }
      : null;
  return {
    title: `Murmur ${serverVerb(new Set(mine.map((event) => event.kind)), servers)} (${first.source})${others > 0 ? `, and on ${others} more` : ''}`,
    body: lines.join('\n'),
    target,
  };
}

export function notificationContent(notices: Notice[]): NotificationContent {
  const events = notices.flatMap((notice) => (notice.kind === 'server' ? [notice.event] : []));
  const people = notices.filter((notice): notice is PresenceNotice => notice.kind !== 'server');
  if (events.length > 0) return serverContent(events, people);
  return presenceContent(people);
}

function presenceContent(notices: PresenceNotice[]): NotificationContent {
  const [first] = notices;
  if (first === undefined) throw new Error('notificationContent needs at least one event');
  if (notices.length === 1) return single(first);
  const joined = notices.filter((n) => n.kind === 'join').map((n) => n.event.name);
  const leaves = notices.flatMap((n) => (n.kind === 'leave' ? [n.event] : []));
  const servers = new Set(notices.map((n) => serverLabel(n.event.source, n.event.server)));
  const sameServer = servers.size === 1;
  const counts = [joined.length > 0 ? `${joined.length} joined` : '', leaves.length > 0 ? `${leaves.length} left` : ''];
  const summary = counts.filter((part) => part !== '').join(', ');
  const lines: string[] = [];
  if (joined.length > 0) lines.push(`Joined: ${nameList(joined)}`);
  if (leaves.length > 0) {
    const reason = commonReason(leaves);
    lines.push(`Left: ${nameList(leaves.map((leave) => leave.name))}${reason === '' ? '' : ` (${reason})`}`);
  }
  return {
    title: sameServer ? `${serverLabel(first.event.source, first.event.server)}: ${summary}` : `${summary} on ${servers.size} servers`,
    body: lines.join('\n'),
    target: sameServer ? { source: first.event.source, server: first.event.server } : null,
  };
}
