// The grammar of a Murmur log line (reference §2–§4), as a scanner over the line's UTF-8 bytes that records
// offsets and copies nothing. A backfill reads millions of lines and most of them change no state, so the
// tracker reads the offsets directly and only the fields it keeps are ever decoded; parseLine() turns the
// same scan into an object. Working on bytes spares decoding whole chunks, and every delimiter is ASCII.
// The `<L>date time ` header is read by line-header.ts.
//
// User names may contain anything, `)> ` included, so no regex can split `<session:name(userid)> message`
// (reference §4.1). We try each `)> ` from the right and keep the first split whose message starts with a
// known verb: the name is typed by strangers, the message by Murmur.
import type { LogLevel, ParsedLine } from './events.js';
import { LineHeader } from './line-header.js';
import { infoKind, infoVerbAt, processKind, serverKind } from './message-kinds.js';
import { bytesEqual, findBack, findForward, isDigit, isExactly, matchAt, readDigits, sameRange, toInteger } from './text-range.js';

export type LineKind = ParsedLine['kind'];

const PREFIX_END_LENGTH = 3; // `)> `
const NO_BYTES = Buffer.alloc(0);

/**
 * Scans one line at a time and keeps what it found as offsets into `text`. Ranges are `[start, end)`.
 * Which fields mean something depends on `kind` (see parser.ts, which turns a scan into a ParsedLine).
 */
export class LineScanner {
  /** The bytes the line is in (often a whole chunk: the line is `text[from, end)`). */
  text: Buffer = NO_BYTES;
  kind: LineKind = 'unparsed';
  server = 0;
  session = 0;
  nameStart = 0;
  nameEnd = 0;
  userId = -1;
  /** The message after the header, `N => ` and the user prefix: the detail of info lines. */
  messageStart = 0;
  end = 0;
  /** connection, rejected: the address; moved: the channel name; client-version: the version. */
  fieldStart = 0;
  fieldEnd = 0;
  /** closed, rejected, kicked, ssl-error: the reason; client-version: the OS. */
  reasonStart = 0;
  reasonEnd = 0;
  /** client-version: the release. */
  releaseStart = 0;
  releaseEnd = 0;
  code = 0;
  channelId = 0;
  banned = false;
  targetSession = 0;
  targetNameStart = 0;
  targetNameEnd = 0;
  targetUserId = -1;
  /** Scratch list of the `)> ` positions of the current line. */
  private readonly prefixEnds: number[] = [];
  /** `<L>`, date and time of the line. */
  private readonly header = new LineHeader();

  get level(): LogLevel {
    return this.header.level;
  }

  /** Index of the timestamp's first digit. */
  get timeAt(): number {
    return this.header.timeAt;
  }

  /** The line's `YYYY-MM-DD` (one string shared by the lines of a day). */
  get date(): string {
    return this.header.date;
  }

  /** The time of day as the integer hhmmsszzz (see clockOf). */
  get clock(): number {
    return this.header.clock;
  }

  /** Scans `text[from, to)`; returns the kind (also in `this.kind`). */
  scan(text: Buffer, from: number, to: number): LineKind {
    this.text = text;
    this.end = to;
    this.kind = this.scanLine(text, from, to);
    return this.kind;
  }

  /** Whether the line's name (`target` for the Moved/Kicked target) is exactly `name`. */
  hasName(name: string, target = false): boolean {
    const start = target ? this.targetNameStart : this.nameStart;
    const end = target ? this.targetNameEnd : this.nameEnd;
    return bytesEqual(this.text, start, end, name);
  }

  private scanLine(text: Buffer, from: number, to: number): LineKind {
    const message = this.header.read(text, from, to);
    if (message === -1) return 'unparsed';
    this.messageStart = message;
    if (this.header.level === 'F') return 'fatal';
    // `N => `: the digits read once, for where they end and what they say.
    let digitsEnd = message;
    let server = 0;
    for (let digit = (text[digitsEnd] as number) - 48; digit >= 0 && digit <= 9 && digitsEnd < to; digit = (text[digitsEnd] as number) - 48) {
      server = server * 10 + digit;
      digitsEnd += 1;
    }
    if (digitsEnd > message && digitsEnd + 4 <= to && text[digitsEnd] === 32 && text[digitsEnd + 1] === 61 && text[digitsEnd + 2] === 62 && text[digitsEnd + 3] === 32) {
      const at = digitsEnd + 4;
      this.server = server;
      this.messageStart = at;
      if (at < to && text[at] === 60 /* < */) return this.scanUser(text, at, to);
      return serverKind(text, at, to);
    }
    return processKind(text, message, to);
  }

  private scanUser(text: Buffer, at: number, to: number): LineKind {
    let colon = at + 1;
    let session = 0;
    for (let digit = (text[colon] as number) - 48; digit >= 0 && digit <= 9 && colon < to; digit = (text[colon] as number) - 48) {
      session = session * 10 + digit;
      colon += 1;
    }
    if (colon === at + 1 || colon >= to || text[colon] !== 58 /* : */) return 'unparsed';
    this.session = session;
    this.nameStart = colon + 1;
    const first = nextPrefixEnd(text, this.nameStart, to);
    if (first === -1) return 'unparsed';
    // One native search for a `>` past the first `)> ` (it usually lands in the next line's `<W>`) tells
    // whether the message could hold another; almost never, and then that split is the only one.
    const angle = text.indexOf(62 /* > */, first + PREFIX_END_LENGTH);
    if (angle === -1 || angle >= to) return this.scanOnlySplit(text, first, to);
    // Every `)> ` of the line.
    const ends = this.prefixEnds;
    ends[0] = first;
    let count = 1;
    for (let end = nextPrefixEnd(text, angle - 1, to); end !== -1; end = nextPrefixEnd(text, end + 1, to)) {
      ends[count] = end;
      count += 1;
    }
    let candidates = 0;
    let onlyOpen = -1;
    let onlyEnd = -1;
    for (let index = count - 1; index >= 0; index -= 1) {
      const end = ends[index] as number;
      const open = userIdStart(text, end, this.nameStart);
      if (open === -1) continue;
      this.setUser(text, open, end);
      const kind = this.scanMessage(text, end + PREFIX_END_LENGTH, to);
      if (kind !== 'unparsed') return kind;
      candidates += 1;
      onlyOpen = open;
      onlyEnd = end;
    }
    // An unknown verb is safe to keep only when the prefix could be split in one way.
    if (candidates !== 1) return 'unparsed';
    this.setUser(text, onlyOpen, onlyEnd);
    return 'user-info';
  }

  /** The prefix can only end at `end`: a known verb gives its kind, any other message is user-info. */
  private scanOnlySplit(text: Buffer, end: number, to: number): LineKind {
    const open = userIdStart(text, end, this.nameStart);
    if (open === -1) return 'unparsed';
    this.setUser(text, open, end);
    const kind = this.scanMessage(text, end + PREFIX_END_LENGTH, to);
    return kind === 'unparsed' ? 'user-info' : kind;
  }

  private setUser(text: Buffer, open: number, end: number): void {
    this.nameEnd = open;
    this.userId = toInteger(text, open + 1, end);
    this.messageStart = end + PREFIX_END_LENGTH;
  }

  // Prefix checks need no bound: the character at `to` is a line break or the end, and no verb holds one.
  private scanMessage(text: Buffer, m: number, to: number): LineKind {
    if (m >= to) return 'unparsed';
    switch (text[m]) {
      case 65 /* A */:
        if (isExactly(text, m, to, 'Authenticated')) return 'authenticated';
        break;
      case 67 /* C */:
        if (matchAt(text, m, 'Connection closed: ')) return this.scanClosed(text, m, to);
        if (matchAt(text, m, 'Client version ')) return this.scanClientVersion(text, m, to);
        break;
      case 68 /* D */:
        if (isExactly(text, m, to, 'Disconnecting ghost')) return 'ghost';
        break;
      case 75 /* K */:
        if (matchAt(text, m, 'Kicked ')) return this.scanKicked(text, m + 7, to, false);
        if (matchAt(text, m, 'Kickbanned ')) return this.scanKicked(text, m + 11, to, true);
        break;
      case 77 /* M */:
        if (matchAt(text, m, 'Moved ') && this.scanMoved(text, m, to)) return 'moved';
        break;
      case 78 /* N */:
        if (matchAt(text, m, 'New connection: ')) return this.setField(m + 16, to, 'connection');
        break;
      case 82 /* R */:
        if (matchAt(text, m, 'Rejected connection')) return this.scanRejected(text, m, to);
        break;
      case 84 /* T */:
        if (isExactly(text, m, to, 'Timeout')) return 'timeout';
        break;
    }
    const verb = infoVerbAt(text, m);
    if (verb !== undefined) {
      this.reasonStart = m + verb.length;
      this.reasonEnd = to;
      return infoKind(verb);
    }
    // `%1 not allowed to %2 in %3` starts with the actor's own name.
    const nameLength = this.nameEnd - this.nameStart;
    if (nameLength > 0 && sameRange(text, this.nameStart, m, nameLength) && matchAt(text, m + nameLength, ' not allowed to ')) {
      return 'user-info';
    }
    return 'unparsed';
  }

  private setField(start: number, end: number, kind: LineKind): LineKind {
    this.fieldStart = start;
    this.fieldEnd = end;
    return kind;
  }

  private setReason(start: number, end: number, kind: LineKind): LineKind {
    this.reasonStart = start;
    this.reasonEnd = end;
    return kind;
  }

  /** `Connection closed: REASON [CODE]`; the reason may be empty (`Connection closed:  [-1]`). */
  private scanClosed(text: Buffer, m: number, to: number): LineKind {
    if (text[to - 1] !== 93 /* ] */) return 'unparsed';
    const bracket = findBack(text, ' [', to - 2, m + 18);
    if (bracket === -1) return 'unparsed';
    this.code = toInteger(text, bracket + 2, to - 1);
    if (Number.isNaN(this.code)) return 'unparsed';
    return this.setReason(m + 19, Math.max(m + 19, bracket), 'closed');
  }

  /** `Client version 1.2.15 (Win: 1.2.15)`, 1.4+: `Client version 1.5.634 (Linux Ubuntu 22.04: 1.5.634)`. */
  private scanClientVersion(text: Buffer, m: number, to: number): LineKind {
    const open = findForward(text, ' (', m + 15, to);
    const innerEnd = text[to - 1] === 41 /* ) */ ? to - 1 : to;
    const split = open === -1 ? -1 : findBack(text, ': ', innerEnd - 2, open + 1);
    this.setField(m + 15, open === -1 ? to : open, 'client-version');
    this.setReason(open === -1 ? to : open + 2, open === -1 ? to : split === -1 ? innerEnd : split, 'client-version');
    this.releaseStart = split === -1 ? to : split + 2;
    this.releaseEnd = split === -1 ? to : innerEnd;
    return 'client-version';
  }

  /** `Rejected connection from ADDRESS: REASON`, 1.2.0: `Rejected connection: REASON`. */
  private scanRejected(text: Buffer, m: number, to: number): LineKind {
    if (matchAt(text, m, 'Rejected connection: ')) {
      this.setField(m, m, 'rejected');
      return this.setReason(m + 21, to, 'rejected');
    }
    if (!matchAt(text, m, 'Rejected connection from ')) return 'unparsed';
    // An address holds colons but never `: ` (IPv6 is bracketed, obfuscated ones are `<<hash:port>>`).
    const split = findForward(text, ': ', m + 25, to);
    if (split === -1) return 'unparsed';
    this.setField(m + 25, split, 'rejected');
    return this.setReason(split + 2, to, 'rejected');
  }

  /** `Moved TARGET to CHANNEL[id:parent*]`; the rightmost ` to ` whose left side is a whole `name:session(id)`. */
  private scanMoved(text: Buffer, m: number, to: number): boolean {
    const bracket = channelSuffix(text, m, to);
    if (bracket === -1) return false;
    this.channelId = toInteger(text, bracket + 1, findForward(text, ':', bracket, to));
    const targetStart = m + 6;
    // Most moves are the actor moving itself: then the target is known exactly, whatever the name holds.
    const nameEnd = targetStart + this.nameEnd - this.nameStart;
    const selfEnd = sameRange(text, this.nameStart, targetStart, this.nameEnd - this.nameStart) ? this.selfToken(text, nameEnd) : -1;
    if (selfEnd !== -1 && matchAt(text, selfEnd, ' to ')) {
      this.setTarget(this.session, targetStart, nameEnd, this.userId);
      this.setField(selfEnd + 4, bracket, 'moved');
      return true;
    }
    for (let at = findBack(text, ' to ', bracket - 4, targetStart + 1); at !== -1; at = findBack(text, ' to ', at - 1, targetStart + 1)) {
      if (this.scanTarget(text, targetStart, at)) {
        this.setField(at + 4, bracket, 'moved');
        return true;
      }
    }
    return false;
  }

  /** End of `:session(userId)` at `at` when it repeats the line's own prefix numbers, else -1. */
  private selfToken(text: Buffer, at: number): number {
    if (text[at] !== 58 /* : */) return -1;
    const sessionEnd = readDigits(text, at + 1, this.end);
    if (toInteger(text, at + 1, sessionEnd) !== this.session || text[sessionEnd] !== 40 /* ( */) return -1;
    let idEnd = sessionEnd + 1;
    if (text[idEnd] === 45 /* - */) idEnd += 1;
    idEnd = readDigits(text, idEnd, this.end);
    if (toInteger(text, sessionEnd + 1, idEnd) !== this.userId || text[idEnd] !== 41 /* ) */) return -1;
    return idEnd + 1;
  }

  /** `Kicked TARGET (REASON)`; the rightmost ` (` whose left side is a whole `name:session(id)`. */
  private scanKicked(text: Buffer, start: number, to: number, banned: boolean): LineKind {
    if (text[to - 1] !== 41 /* ) */) return 'unparsed';
    for (let at = findBack(text, ' (', to - 3, start + 1); at !== -1; at = findBack(text, ' (', at - 1, start + 1)) {
      if (this.scanTarget(text, start, at)) {
        this.banned = banned;
        return this.setReason(at + 2, to - 1, 'kicked');
      }
    }
    return 'unparsed';
  }

  /** `name:session(userid)` filling exactly `text[start, end)`. */
  private scanTarget(text: Buffer, start: number, end: number): boolean {
    if (text[end - 1] !== 41 /* ) */) return false;
    const open = userIdStart(text, end - 1, start);
    if (open === -1) return false;
    let colon = open - 1;
    while (colon >= start && isDigit(text[colon])) colon -= 1;
    if (colon === open - 1 || colon < start || text[colon] !== 58 /* : */) return false;
    this.setTarget(toInteger(text, colon + 1, open), start, colon, toInteger(text, open + 1, end - 1));
    return true;
  }

  private setTarget(session: number, nameStart: number, nameEnd: number, userId: number): void {
    this.targetSession = session;
    this.targetNameStart = nameStart;
    this.targetNameEnd = nameEnd;
    this.targetUserId = userId;
  }
}

/** The first `)> ` at or after `from` that ends before `to`, or -1. */
function nextPrefixEnd(text: Buffer, from: number, to: number): number {
  for (let end = from; end + PREFIX_END_LENGTH <= to; end += 1) {
    if (text[end] === 41 /* ) */ && text[end + 1] === 62 /* > */ && text[end + 2] === 32) return end;
  }
  return -1;
}

/** Index of the `(` that opens `(-?digits)` ending just before `close`, or -1. */
function userIdStart(text: Buffer, close: number, floor: number): number {
  let i = close - 1;
  while (i >= floor && isDigit(text[i])) i -= 1;
  if (i === close - 1) return -1;
  if (text[i] === 45 /* - */) i -= 1;
  if (i < floor || text[i] !== 40 /* ( */) return -1;
  return i;
}

/** Where the `[id:parent]` / `[id:parent*]` that ends a channel token starts, or -1. */
function channelSuffix(text: Buffer, m: number, to: number): number {
  let i = to - 1;
  if (text[i] !== 93 /* ] */) return -1;
  i -= 1;
  if (text[i] === 42 /* * */) i -= 1;
  const parentEnd = i;
  while (i > m && isDigit(text[i])) i -= 1;
  if (i === parentEnd) return -1;
  if (text[i] === 45 /* - */) i -= 1;
  if (text[i] !== 58 /* : */) return -1;
  const idEnd = i - 1;
  i = idEnd;
  while (i > m && isDigit(text[i])) i -= 1;
  return i !== idEnd && text[i] === 91 /* [ */ ? i : -1;
}
