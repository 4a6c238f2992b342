// Formatting helpers: pure functions from data to the words and numbers shown on screen.
import type { LogTime, ServerEventKind, SessionEndReason, UserId } from '../main/contract.js';
import { localDay, logTimeOnLocalClock } from '../main/log-time.js';


const EVENT_WORDS: Record<ServerEventKind, string> = {
  boot: 'boot',
  started: 'started',
  stopped: 'stopped',
  shutdown: 'shut down',
  crash: 'crash',
  rotation: 'log rotated',
  truncation: 'log truncated',
};

/** A server event's kind in words (an unknown kind from a newer server is shown as it is). */
export function formatEventKind(kind: ServerEventKind): string {
  return EVENT_WORDS[kind] ?? kind;
}

/** Log times have one fixed layout (`YYYY-MM-DDTHH:MM:SS.mmm`), so string order is time order: no parsing. */
export function compareLogTime(a: LogTime, b: LogTime): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${pad(minutes % 60)} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A ticking clock for time online: `0:42`, `1:05:09`; from a day on `2 d 03 h` (seconds stop mattering). */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days} d ${pad(h)} h`;
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
// Fixed English month names: toLocaleString per cell builds a formatter each time (slow for long lists).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Short form for narrow columns: `13:11` today, `Thu 10:01` within the last week, else `26 Nov`. */
export function formatLogTimeShort(time: LogTime, now = Date.now()): string {
  const ms = logTimeOnLocalClock(time);
  if (ms === 0) return time;
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (localDay(ms) === localDay(now)) return hm;
  if (now - ms < 6 * 86_400_000) return `${WEEKDAYS[d.getDay()] ?? ''} ${hm}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()] ?? ''}`;
}

/** `13:11` for today, `27 Nov 13:11` otherwise, `27 Nov 2025 13:11` for another year. */
export function formatLogTime(time: LogTime, now = Date.now()): string {
  const ms = logTimeOnLocalClock(time);
  return ms === 0 ? time : formatInstant(ms, now);
}

/** An instant (epoch ms) in this computer's local time, in the form of formatLogTime. */
export function formatInstant(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const today = new Date(now);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (localDay(ms) === localDay(now)) return hm;
  const month = MONTHS[d.getMonth()] ?? '';
  const year = d.getFullYear() === today.getFullYear() ? '' : ` ${d.getFullYear()}`;
  return `${d.getDate()} ${month}${year} ${hm}`;
}

export function formatAccount(userId: UserId): string {
  if (userId === 0) return 'SuperUser';
  if (userId > 0) return `registered #${userId}`;
  return 'unregistered';
}

export function formatServer(source: string, server: number): string {
  return `${source} · ${server}`;
}

const endReasons: Record<SessionEndReason, string> = {
  quit: 'left',
  disconnected: 'connection lost',
  timeout: 'timed out',
  kicked: 'kicked',
  banned: 'banned',
  ghost: 'replaced (ghost)',
  'server-stopped': 'server stopped',
  'server-restarted': 'server restarted',
  'server-crashed': 'server crashed',
};

export function formatEndReason(reason: SessionEndReason): string {
  return endReasons[reason] ?? reason;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

const numberFormats = [0, 1, 2].map((digits) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** Grouped thousands, fixed decimals (0–2), a dash when there is no value. */
export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return (numberFormats[digits] ?? numberFormats[0])?.format(value) ?? String(value);
}
