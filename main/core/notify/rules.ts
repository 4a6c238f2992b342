// Which live events may notify: joins/leaves/server-event switches, muted sources, the watch list, quiet
// hours, pause.
import type { NotificationSettings, QuietHours, ServerEventKind } from '../../contract.js';
import { SEPARATOR } from '../remote/prefix.js';

export type PresenceKind = 'join' | 'leave';

/** Server events worth a notification: Murmur or a virtual server went down or came up (not log rotations). */
export const NOTIFYING_SERVER_EVENTS: ReadonlySet<ServerEventKind> = new Set<ServerEventKind>(['crash', 'shutdown', 'boot', 'stopped', 'started']);

function clockMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** `minuteOfDay` is local time (0–1439). A range may wrap midnight; start == end means no quiet time. */
export function inQuietHours(minuteOfDay: number, quiet: QuietHours | null): boolean {
  if (quiet === null) return false;
  const start = clockMinutes(quiet.start);
  const end = clockMinutes(quiet.end);
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

export function onWatchList(name: string, watchList: string[]): boolean {
  if (watchList.length === 0) return true;
  const wanted = name.trim().toLocaleLowerCase();
  return watchList.some((entry) => entry.trim().toLocaleLowerCase() === wanted);
}

/** A live event as the rules see it: a join or leave of a name, or a server event of a log. */
export type NotifyCandidate = { kind: PresenceKind; source: string; name: string } | { kind: 'server'; source: string };

/** A source is muted by its own name, or, for a remote agent's `REMOTE/SOURCE`, by the remote's name. */
export function isMuted(source: string, muted: readonly string[]): boolean {
  const cut = source.indexOf(SEPARATOR);
  return muted.includes(source) || (cut > 0 && muted.includes(source.slice(0, cut)));
}

export function shouldNotify(event: NotifyCandidate, settings: NotificationSettings, minuteOfDay: number): boolean {
  if (event.kind === 'server') {
    if (!settings.serverEvents) return false;
  } else {
    if (event.kind === 'join' ? !settings.joins : !settings.leaves) return false;
    // The watch list names people: a crash concerns everyone.
    if (!onWatchList(event.name, settings.watchList)) return false;
  }
  if (isMuted(event.source, settings.mutedSources)) return false;
  return !inQuietHours(minuteOfDay, settings.quietHours);
}

/** "For 1 hour" or "until tomorrow" (local midnight; the menu shows the exact time). */
export function pauseEnd(choice: 'hour' | 'tomorrow', now: Date): number {
  if (choice === 'hour') return now.getTime() + 3_600_000;
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
}
