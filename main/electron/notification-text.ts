// The words of a notification for one event or a coalesced burst. Plain text throughout: names are
// typed by strangers, and Linux notification daemons read the body as markup (freedesktop notification
// spec, "Markup"; Element escapes it for the same reason: element-hq/element-web#3564).
import type { LeaveEvent, PresenceEvent, SessionEndReason } from '../contract.js';

export type PresenceNotice = { kind: 'join'; event: PresenceEvent } | { kind: 'leave'; event: LeaveEvent };

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

/** Minutes between two log times (both the server's local time, so their difference is right). */
export function durationText(since: string, at: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(at) - Date.parse(since)) / 60_000));
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
  const details = [where, `online ${durationText(notice.event.since, event.at)}`, REASON_WORDS[notice.event.reason]];
  return { title: `${event.name} left`, body: details.filter((part) => part !== '').join(' · '), target };
}

function commonReason(leaves: LeaveEvent[]): string {
  const reasons = new Set(leaves.map((leave) => leave.reason));
  const [reason] = reasons;
  return reasons.size === 1 && reason !== undefined ? REASON_WORDS[reason] : '';
}

export function notificationContent(notices: PresenceNotice[]): NotificationContent {
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

/** Linux daemons that advertise body-markup parse `<`, `>` and `&` in the body; show them as typed. */
export function bodyForPlatform(body: string, platform: NodeJS.Platform): string {
  if (platform !== 'linux') return body;
  return body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
