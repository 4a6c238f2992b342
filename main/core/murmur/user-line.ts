// User-level lines: `<session:name(userid)> message`. Names may contain anything, `)> ` included, so
// no regex can split the prefix (reference §4.1). We try each `)> ` from the right and keep the first
// split whose message starts with a known verb: the name is typed by strangers, the message by Murmur.
import type { LogTime } from '../../contract.js';
import type { LogLevel, UserLine, UserRef } from './events.js';

const PREFIX_END = ')> ';

/** Messages we read for the user's sake but that change no state, by first letter. */
const INFO_VERBS: Record<string, readonly string[]> = {
  A: ['Added channel '],
  C: ['Changed speak-state of '],
  M: ['Moved channel '],
  R: ['Requesting crypt-nonce resync', 'Requested crypt-nonce resync', 'Renamed channel ', 'Removed channel ', 'Renamed user '],
  S: ['Strong certificate for ', 'Session ID pool '],
  U: ['Updated ACL in channel ', 'Updating ACL in channel ', 'Unregistered user ', 'Updated banlist'],
};

interface Context {
  time: LogTime;
  level: LogLevel;
  server: number;
}

/** The fields every user line has. */
type Head = Context & UserRef;

/**
 * A new event with the head's fields, written out: object spread (`{ ...head }`) costs microseconds per
 * object in Node 20's V8, which is most of a backfill's time at a million lines.
 */
function event<K extends UserLine['kind']>(head: Head, kind: K): Head & { kind: K } {
  return { kind, time: head.time, level: head.level, server: head.server, session: head.session, name: head.name, userId: head.userId };
}

/** `text` starts at the `<` after `N => `. Returns null when it is no well-formed user line. */
export function parseUserLine(text: string, context: Context): UserLine | null {
  const colon = readDigits(text, 1);
  if (colon === 1 || text.charCodeAt(colon) !== 58 /* : */) return null;
  const session = toInteger(text, 1, colon);
  const nameStart = colon + 1;
  let candidates = 0;
  let only: { head: Head; message: string } | null = null;
  for (let end = text.lastIndexOf(PREFIX_END); end >= nameStart; end = text.lastIndexOf(PREFIX_END, end - 1)) {
    const open = userIdStart(text, end, nameStart);
    if (open === -1) continue;
    const head: Head = {
      time: context.time,
      level: context.level,
      server: context.server,
      session,
      name: text.slice(nameStart, open),
      userId: toInteger(text, open + 1, end),
    };
    const message = text.slice(end + PREFIX_END.length);
    const line = readMessage(message, head);
    if (line !== null) return line;
    candidates += 1;
    only = { head, message };
  }
  // An unknown verb is safe to keep only when the prefix could be split in one way.
  if (candidates === 1 && only !== null) return Object.assign(event(only.head, 'user-info'), { detail: only.message });
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
  return { session: toInteger(text, colon + 1, open), name: text.slice(start, colon), userId: toInteger(text, open + 1, end - 1) };
}

function readMessage(message: string, head: Head): UserLine | null {
  switch (message.charCodeAt(0)) {
    case 65 /* A */:
      if (message === 'Authenticated') return event(head, 'authenticated');
      break;
    case 67 /* C */:
      if (message.startsWith('Connection closed: ')) return readClosed(message, head);
      if (message.startsWith('Client version ')) return readClientVersion(message, head);
      if (message.startsWith('Certificate hash is banned')) return Object.assign(event(head, 'cert-banned'), { detail: message });
      break;
    case 68 /* D */:
      if (message === 'Disconnecting ghost') return event(head, 'ghost');
      break;
    case 75 /* K */:
      if (message.startsWith('Kicked ')) return readKicked(message, 7, false, head);
      if (message.startsWith('Kickbanned ')) return readKicked(message, 11, true, head);
      break;
    case 77 /* M */:
      if (message.startsWith('Moved ')) {
        const moved = readMoved(message, head);
        if (moved !== null) return moved;
      }
      break;
    case 78 /* N */:
      if (message.startsWith('New connection: ')) return Object.assign(event(head, 'connection'), { address: message.slice(16) });
      if (message.startsWith('New ban: ')) return readBan('ban-added', message.slice(9), head);
      break;
    case 82 /* R */:
      if (message.startsWith('Rejected connection')) return readRejected(message, head);
      if (message.startsWith('Removed ban: ')) return readBan('ban-removed', message.slice(13), head);
      break;
    case 83 /* S */:
      if (message.startsWith('SSL Error: ')) return Object.assign(event(head, 'ssl-error'), { reason: message.slice(11) });
      break;
    case 84 /* T */:
      if (message === 'Timeout') return event(head, 'timeout');
      break;
  }
  const verbs = INFO_VERBS[message.charAt(0)];
  if (verbs !== undefined && verbs.some((verb) => message.startsWith(verb))) return Object.assign(event(head, 'user-info'), { detail: message });
  // `%1 not allowed to %2 in %3` starts with the actor's own name.
  if (head.name !== '' && message.startsWith(head.name) && message.startsWith(' not allowed to ', head.name.length)) {
    return Object.assign(event(head, 'user-info'), { detail: message });
  }
  return null;
}

function readClosed(message: string, head: Head): UserLine | null {
  // `Connection closed: REASON [CODE]`; the reason may be empty (`Connection closed:  [-1]`).
  if (message.charCodeAt(message.length - 1) !== 93 /* ] */) return null;
  const bracket = message.lastIndexOf(' [');
  if (bracket < 18) return null;
  const code = toInteger(message, bracket + 2, message.length - 1);
  if (Number.isNaN(code)) return null;
  return Object.assign(event(head, 'closed'), { reason: message.slice(19, Math.max(19, bracket)), code });
}

function readClientVersion(message: string, head: Head): UserLine {
  // `Client version 1.2.15 (Win: 1.2.15)`, 1.4+: `Client version 1.5.634 (Linux Ubuntu 22.04: 1.5.634)`.
  const open = message.indexOf(' (', 15);
  const version = open === -1 ? message.slice(15) : message.slice(15, open);
  const inner = open === -1 ? '' : message.slice(open + 2, message.endsWith(')') ? -1 : undefined);
  const split = inner.lastIndexOf(': ');
  return Object.assign(event(head, 'client-version'), {
    version,
    os: split === -1 ? inner : inner.slice(0, split),
    release: split === -1 ? '' : inner.slice(split + 2),
  });
}

function readRejected(message: string, head: Head): UserLine | null {
  if (message.startsWith('Rejected connection: ')) return Object.assign(event(head, 'rejected'), { reason: message.slice(21) });
  if (!message.startsWith('Rejected connection from ')) return null;
  const rest = message.slice(25);
  // An address holds colons but never `: ` (IPv6 is bracketed, obfuscated ones are `<<hash:port>>`).
  const split = rest.indexOf(': ');
  if (split === -1) return null;
  return Object.assign(event(head, 'rejected'), { address: rest.slice(0, split), reason: rest.slice(split + 2) });
}

/** `Moved TARGET to CHANNEL[id:parent*]`; the rightmost ` to ` whose left side is a whole `name:session(id)`. */
function readMoved(message: string, head: Head): UserLine | null {
  const bracket = channelSuffix(message);
  if (bracket === -1) return null;
  const channelId = toInteger(message, bracket + 1, message.indexOf(':', bracket));
  const self = `Moved ${head.name}:${head.session}(${head.userId}) to `;
  if (message.startsWith(self)) {
    const target = { session: head.session, name: head.name, userId: head.userId };
    return Object.assign(event(head, 'moved'), { target, channel: message.slice(self.length, bracket), channelId });
  }
  for (let at = message.lastIndexOf(' to ', bracket); at > 6; at = message.lastIndexOf(' to ', at - 1)) {
    const target = readUserRef(message, 6, at);
    if (target !== null) return Object.assign(event(head, 'moved'), { target, channel: message.slice(at + 4, bracket), channelId });
  }
  return null;
}

/** Where the `[id:parent]` / `[id:parent*]` that ends a channel token starts, or -1. */
function channelSuffix(message: string): number {
  let i = message.length - 1;
  if (message.charCodeAt(i) !== 93 /* ] */) return -1;
  i -= 1;
  if (message.charCodeAt(i) === 42 /* * */) i -= 1;
  const parentEnd = i;
  while (isDigit(message.charCodeAt(i))) i -= 1;
  if (i === parentEnd) return -1;
  if (message.charCodeAt(i) === 45 /* - */) i -= 1;
  if (message.charCodeAt(i) !== 58 /* : */) return -1;
  const idEnd = i - 1;
  i = idEnd;
  while (isDigit(message.charCodeAt(i))) i -= 1;
  return i !== idEnd && message.charCodeAt(i) === 91 /* [ */ ? i : -1;
}

/** `Kicked TARGET (REASON)`; the rightmost ` (` whose left side is a whole `name:session(id)`. */
function readKicked(message: string, start: number, banned: boolean, head: Head): UserLine | null {
  if (message.charCodeAt(message.length - 1) !== 41 /* ) */) return null;
  for (let at = message.lastIndexOf(' (', message.length - 2); at > start; at = message.lastIndexOf(' (', at - 1)) {
    const target = readUserRef(message, start, at);
    if (target !== null) return Object.assign(event(head, 'kicked'), { target, reason: message.slice(at + 2, -1), banned });
  }
  return null;
}

/** `Hash: "…", Host: "…", Mask: "…", Username: "…", Reason: "…", BanStart: "…", BanEnd: "…" (…)`. */
function readBan(kind: 'ban-added' | 'ban-removed', detail: string, head: Head): UserLine {
  const address = quotedField(detail, 'Host: "', '", ');
  const bannedName = quotedField(detail, 'Username: "', '", Reason: "');
  const reason = quotedField(detail, 'Reason: "', '", BanStart: "') ?? '';
  const line = Object.assign(event(head, kind), { reason, detail });
  if (address) return Object.assign(line, { address }, bannedName ? { bannedName } : {});
  return bannedName ? Object.assign(line, { bannedName }) : line;
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

/** The integer written in text[from, to) as `-?digits`; NaN when it is anything else. */
function toInteger(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45; /* - */
  if (negative) i += 1;
  if (i >= to) return Number.NaN;
  let value = 0;
  for (; i < to; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return Number.NaN;
    value = value * 10 + (code - 48);
  }
  return negative ? -value : value;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
