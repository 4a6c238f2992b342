// User-level lines: `<session:name(userid)> message`. Names may contain anything, `)> ` included, so
// no regex can split the prefix (reference §4.1). We try each `)> ` from the right and keep the first
// split whose message starts with a known verb: the name is typed by strangers, the message by Murmur.
import type { LogTime } from '../../contract.js';
import type { LogLevel, UserLine, UserRef } from './events.js';

const PREFIX_END = ')> ';

/** Messages we read for the user's sake but that change no state. */
const INFO_VERBS = [
  'Changed speak-state of ',
  'Requesting crypt-nonce resync',
  'Requested crypt-nonce resync',
  'Strong certificate for ',
  'Added channel ',
  'Moved channel ',
  'Renamed channel ',
  'Removed channel ',
  'Updated ACL in channel ',
  'Updating ACL in channel ',
  'Unregistered user ',
  'Renamed user ',
  'Updated banlist',
  'Session ID pool ',
];

interface Context {
  time: LogTime;
  level: LogLevel;
  server: number;
}

/** `text` starts at the `<` after `N => `. Returns null when it is no well-formed user line. */
export function parseUserLine(text: string, context: Context): UserLine | null {
  const colon = readDigits(text, 1);
  if (colon === 1 || text.charCodeAt(colon) !== 58 /* : */) return null;
  const session = Number(text.slice(1, colon));
  const nameStart = colon + 1;
  let candidates = 0;
  let only: { user: UserRef; message: string } | null = null;
  for (let end = text.lastIndexOf(PREFIX_END); end >= nameStart; end = text.lastIndexOf(PREFIX_END, end - 1)) {
    const open = userIdStart(text, end, nameStart);
    if (open === -1) continue;
    const user: UserRef = { session, name: text.slice(nameStart, open), userId: Number(text.slice(open + 1, end)) };
    const message = text.slice(end + PREFIX_END.length);
    const line = readMessage(message, user, context);
    if (line !== null) return line;
    candidates += 1;
    only = { user, message };
  }
  // An unknown verb is safe to keep only when the prefix could be split in one way.
  if (candidates === 1 && only !== null) return { kind: 'user-info', ...context, ...only.user, detail: only.message };
  return null;
}

/** Index of the `(` that opens `(-?digits)` ending just before `close`, or -1. */
function userIdStart(text: string, close: number, floor: number): number {
  let i = close - 1;
  while (i >= floor && isDigit(text.charCodeAt(i))) i -= 1;
  if (i === close - 1) return -1;
  if (text.charCodeAt(i) === 45 /* - */) i -= 1;
  if (i < floor || text.charCodeAt(i) !== 40 /* ( */) return -1;
  return i;
}

/** `name:session(userid)` ending exactly at `end` (exclusive), starting at `start`; null if malformed. */
export function readUserRef(text: string, start: number, end: number): UserRef | null {
  if (text.charCodeAt(end - 1) !== 41 /* ) */) return null;
  const open = userIdStart(text, end - 1, start);
  if (open === -1) return null;
  let colon = open - 1;
  while (colon >= start && isDigit(text.charCodeAt(colon))) colon -= 1;
  if (colon === open - 1 || colon < start || text.charCodeAt(colon) !== 58 /* : */) return null;
  return {
    name: text.slice(start, colon),
    session: Number(text.slice(colon + 1, open)),
    userId: Number(text.slice(open + 1, end - 1)),
  };
}

function readMessage(message: string, user: UserRef, context: Context): UserLine | null {
  const base = { ...context, ...user };
  switch (message) {
    case 'Authenticated':
      return { kind: 'authenticated', ...base };
    case 'Timeout':
      return { kind: 'timeout', ...base };
    case 'Disconnecting ghost':
      return { kind: 'ghost', ...base };
  }
  if (message.startsWith('Connection closed: ')) return readClosed(message, base);
  if (message.startsWith('New connection: ')) return { kind: 'connection', ...base, address: message.slice(16) };
  if (message.startsWith('Client version ')) return readClientVersion(message, base);
  if (message.startsWith('Rejected connection')) return readRejected(message, base);
  if (message.startsWith('Moved ')) {
    const moved = readMoved(message, user, base);
    if (moved !== null) return moved;
  }
  if (message.startsWith('Kicked ')) return readKicked(message, 7, false, base);
  if (message.startsWith('Kickbanned ')) return readKicked(message, 11, true, base);
  if (message.startsWith('SSL Error: ')) return { kind: 'ssl-error', ...base, reason: message.slice(11) };
  if (message.startsWith('Certificate hash is banned')) return { kind: 'cert-banned', ...base, detail: message };
  if (message.startsWith('New ban: ')) return readBan('ban-added', message.slice(9), base);
  if (message.startsWith('Removed ban: ')) return readBan('ban-removed', message.slice(13), base);
  if (INFO_VERBS.some((verb) => message.startsWith(verb))) return { kind: 'user-info', ...base, detail: message };
  // `%1 not allowed to %2 in %3` starts with the actor's own name.
  if (user.name !== '' && message.startsWith(`${user.name} not allowed to `)) {
    return { kind: 'user-info', ...base, detail: message };
  }
  return null;
}

type Base = Context & UserRef;

function readClosed(message: string, base: Base): UserLine | null {
  // `Connection closed: REASON [CODE]`; the reason may be empty (`Connection closed:  [-1]`).
  if (message.charCodeAt(message.length - 1) !== 93 /* ] */) return null;
  const bracket = message.lastIndexOf(' [');
  if (bracket < 18) return null;
  const code = message.slice(bracket + 2, -1);
  if (!/^-?\d+$/.test(code)) return null;
  return { kind: 'closed', ...base, reason: message.slice(19, Math.max(19, bracket)), code: Number(code) };
}

function readClientVersion(message: string, base: Base): UserLine {
  // `Client version 1.2.15 (Win: 1.2.15)`, 1.4+: `Client version 1.5.634 (Linux Ubuntu 22.04: 1.5.634)`.
  const open = message.indexOf(' (', 15);
  const version = open === -1 ? message.slice(15) : message.slice(15, open);
  const inner = open === -1 ? '' : message.slice(open + 2, message.endsWith(')') ? -1 : undefined);
  const split = inner.lastIndexOf(': ');
  return {
    kind: 'client-version',
    ...base,
    version,
    os: split === -1 ? inner : inner.slice(0, split),
    release: split === -1 ? '' : inner.slice(split + 2),
  };
}

function readRejected(message: string, base: Base): UserLine | null {
  if (message.startsWith('Rejected connection: ')) return { kind: 'rejected', ...base, reason: message.slice(21) };
  if (!message.startsWith('Rejected connection from ')) return null;
  const rest = message.slice(25);
  // An address holds colons but never `: ` (IPv6 is bracketed, obfuscated ones are `<<hash:port>>`).
  const split = rest.indexOf(': ');
  if (split === -1) return null;
  return { kind: 'rejected', ...base, address: rest.slice(0, split), reason: rest.slice(split + 2) };
}

/** `Moved TARGET to CHANNEL[id:parent*]`; the rightmost ` to ` whose left side is a whole `name:session(id)`. */
function readMoved(message: string, actor: UserRef, base: Base): UserLine | null {
  if (message.charCodeAt(message.length - 1) !== 93 /* ] */) return null;
  const bracket = message.lastIndexOf('[');
  const channelId = /^\[(\d+):-?\d+\*?\]$/.exec(message.slice(bracket));
  if (bracket === -1 || channelId === null) return null;
  const self = `Moved ${actor.name}:${actor.session}(${actor.userId}) to `;
  if (message.startsWith(self)) {
    return { kind: 'moved', ...base, target: actor, channel: message.slice(self.length, bracket), channelId: Number(channelId[1]) };
  }
  for (let at = message.lastIndexOf(' to ', bracket); at > 6; at = message.lastIndexOf(' to ', at - 1)) {
    const target = readUserRef(message, 6, at);
    if (target !== null) {
      return { kind: 'moved', ...base, target, channel: message.slice(at + 4, bracket), channelId: Number(channelId[1]) };
    }
  }
  return null;
}

/** `Kicked TARGET (REASON)`; the rightmost ` (` whose left side is a whole `name:session(id)`. */
function readKicked(message: string, start: number, banned: boolean, base: Base): UserLine | null {
  if (message.charCodeAt(message.length - 1) !== 41 /* ) */) return null;
  for (let at = message.lastIndexOf(' (', message.length - 2); at > start; at = message.lastIndexOf(' (', at - 1)) {
    const target = readUserRef(message, start, at);
    if (target !== null) return { kind: 'kicked', ...base, target, reason: message.slice(at + 2, -1), banned };
  }
  return null;
}

/** `Hash: "…", Host: "…", Mask: "…", Username: "…", Reason: "…", BanStart: "…", BanEnd: "…" (…)`. */
function readBan(kind: 'ban-added' | 'ban-removed', detail: string, base: Base): UserLine {
  const address = quotedField(detail, 'Host: "', '", ');
  const bannedName = quotedField(detail, 'Username: "', '", Reason: "');
  const reason = quotedField(detail, 'Reason: "', '", BanStart: "') ?? '';
  return {
    kind,
    ...base,
    ...(address ? { address } : {}),
    ...(bannedName ? { bannedName } : {}),
    reason,
    detail,
  };
}

function quotedField(detail: string, label: string, next: string): string | undefined {
  const start = detail.indexOf(label);
  if (start === -1) return undefined;
  const end = detail.indexOf(next, start + label.length);
  return end === -1 ? undefined : detail.slice(start + label.length, end);
}

/** Index just after the run of ASCII digits starting at `from`. */
export function readDigits(text: string, from: number): number {
  let i = from;
  while (isDigit(text.charCodeAt(i))) i += 1;
  return i;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
