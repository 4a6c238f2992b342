// One Murmur log line in, one typed event out (reference §2–§3). Never throws: anything else is 'unparsed'.
// Lines look like `<W>2026-11-27 13:11:15.961 1 => <3:Bob(5)> Authenticated`; a journald export
// (`Nov 27 13:11:15 host murmurd[42]: <W>2026-...`) is read too, since it keeps Murmur's own prefix.
// The grammar is in line-scan.ts; this module turns a scan into strings and objects.
import type { LogTime } from '../../contract.js';
import type { LogLevel, ParsedLine, UserLine, UserRef } from './events.js';
import { LineScanner, type LineKind } from './line-scan.js';
import { NameTable } from './name-table.js';
import { decodeAscii, decodeUtf8 } from './text-range.js';
import type { LineView } from './line-view.js';

export type * from './events.js';

const UNPARSED: ParsedLine = Object.freeze({ kind: 'unparsed' });
const REDACTED_PASSWORD = /^(Password for '.*' set to ')(.*)('\s*)$/s;

/** A scanned line that hands out its fields as strings, decoding only the bytes asked for. */
export class ScannedLine extends LineScanner implements LineView {
  /** `YYYY-MM-DDT` for `prefixDate`: made once per day, not per time(). */
  private timePrefix = '';
  private prefixDate = '';
  /** Names as strings, one per distinct name (see NameTable). */
  private readonly names = new NameTable();
  /** Channel names the same way: a backfill reads a Moved line for every channel change. */
  private readonly channels = new NameTable();
  /** Whether knownNameIndex is the index of this line's name (looked up at most once per line). */
  private nameLookedUp = false;
  private knownNameIndex = -1;

  /** Scans `bytes[from, to)`, one line of valid UTF-8 without its line break. */
  read(bytes: Buffer, from: number, to: number): this {
    this.scan(bytes, from, to);
    return this;
  }

  override scan(text: Buffer, from: number, to: number): LineKind {
    this.nameLookedUp = false;
    return super.scan(text, from, to);
  }

  time(): LogTime {
    if (this.prefixDate !== this.date) {
      this.prefixDate = this.date;
      this.timePrefix = `${this.date}T`;
    }
    return this.timePrefix + decodeAscii(this.text, this.timeAt + 11, this.timeAt + 23);
  }

  name(): string {
    return this.names.name(this.nameIndex(), this.text, this.nameStart, this.nameEnd);
  }

  lowerName(): string {
    return this.names.lower(this.nameIndex(), this.text, this.nameStart, this.nameEnd);
  }

  /** The name's index in the table, looked up once per line. */
  private nameIndex(): number {
    if (!this.nameLookedUp) {
      this.nameLookedUp = true;
      this.knownNameIndex = this.names.indexOf(this.text, this.nameStart, this.nameEnd);
    }
    return this.knownNameIndex;
  }

  detailField(): string {
    if (this.kind === 'client-version' && this.releaseEnd > this.releaseStart) return this.cut(this.releaseStart, this.releaseEnd);
    return this.cut(this.fieldStart, this.fieldEnd);
  }

  channel(): string {
    return this.channels.name(this.channels.indexOf(this.text, this.fieldStart, this.fieldEnd), this.text, this.fieldStart, this.fieldEnd);
  }

  reason(): string {
    return this.cut(this.reasonStart, this.reasonEnd);
  }

  parsed(): ParsedLine {
    return this.kind === 'unparsed' ? UNPARSED : toParsedLine(this);
  }

  /** `text[start, end)` decoded: a new string, so it never pins the chunk it came from. */
  cut(start: number, end: number): string {
    return decodeUtf8(this.text, start, end);
  }

  target(): UserRef {
    return { session: this.targetSession, name: this.cut(this.targetNameStart, this.targetNameEnd), userId: this.targetUserId };
  }
}

const scanner = new ScannedLine();

/** Parses one line (without its newline). Unknown or damaged lines give `{ kind: 'unparsed' }`. */
export function parseLine(line: string): ParsedLine {
  const bytes = Buffer.from(line, 'utf8');
  return scanner.read(bytes, 0, bytes.length).parsed();
}

function toParsedLine(line: ScannedLine): ParsedLine {
  const base = { time: line.time(), date: line.date, level: line.level };
  const message = line.cut(line.messageStart, line.end);
  switch (line.kind) {
    case 'boot': {
      const versionEnd = message.indexOf(' ', 7);
      return { kind: 'boot', ...base, version: message.slice(7, versionEnd === -1 ? undefined : versionEnd), detail: message };
    }
    case 'shutdown':
    case 'fatal':
    case 'rotation':
    case 'process-info':
      return { kind: line.kind, ...base, detail: message };
    case 'listening':
      return { kind: 'listening', ...base, server: line.server, address: message.slice(20) };
    case 'stopped':
      return { kind: 'stopped', ...base, server: line.server };
    case 'ban-ignored':
      return { kind: 'ban-ignored', ...base, server: line.server, ...banIgnored(message.slice(21)) };
    case 'server-info':
      // The first start prints SuperUser's generated password: never keep it.
      return { kind: 'server-info', ...base, server: line.server, detail: message.replace(REDACTED_PASSWORD, '$1[redacted]$3') };
    case 'unparsed':
      return UNPARSED;
    default:
      return toUserLine(line, { ...base, server: line.server, session: line.session, name: line.name(), userId: line.userId }, message);
  }
}

interface UserBase extends UserRef {
  time: LogTime;
  date: string;
  level: LogLevel;
  server: number;
}

function toUserLine(line: ScannedLine, base: UserBase, message: string): UserLine {
  switch (line.kind) {
    case 'connection':
      return { kind: 'connection', ...base, address: line.detailField() };
    case 'client-version':
      return {
        kind: 'client-version',
        ...base,
        version: line.cut(line.fieldStart, line.fieldEnd),
        os: line.reason(),
        release: line.cut(line.releaseStart, line.releaseEnd),
      };
    case 'authenticated':
    case 'ghost':
    case 'timeout':
      return { kind: line.kind, ...base };
    case 'rejected': {
      const address = line.detailField();
      return { kind: 'rejected', ...base, ...(address === '' ? {} : { address }), reason: line.reason() };
    }
    case 'closed':
      return { kind: 'closed', ...base, reason: line.reason(), code: line.code };
    case 'moved':
      return { kind: 'moved', ...base, target: line.target(), channel: line.channel(), channelId: line.channelId };
    case 'kicked':
      return { kind: 'kicked', ...base, target: line.target(), reason: line.reason(), banned: line.banned };
    case 'ssl-error':
      return { kind: 'ssl-error', ...base, reason: line.reason() };
    case 'cert-banned':
      return { kind: 'cert-banned', ...base, detail: message };
    case 'ban-added':
    case 'ban-removed':
      return { kind: line.kind, ...base, ...banChange(line.reason()) };
    default:
      return { kind: 'user-info', ...base, detail: message };
  }
}

/** `ADDRESS (Global ban)`, `ADDRESS (Server ban)`, 1.3+: `ADDRESS, Reason: R, Username: U, Hash: H (Server ban)`. */
function banIgnored(rest: string): { address: string; reason: string; name?: string } {
  const comma = rest.indexOf(', Reason: ');
  const kindStart = rest.lastIndexOf(' (');
  const ban = kindStart === -1 ? rest : rest.slice(kindStart + 2, rest.endsWith(')') ? -1 : undefined);
  if (comma === -1) return { address: kindStart === -1 ? rest : rest.slice(0, kindStart), reason: ban };
  const nameAt = rest.indexOf(', Username: ', comma);
  const hashAt = rest.lastIndexOf(', Hash: ');
  const reason = rest.slice(comma + 10, nameAt === -1 ? kindStart : nameAt);
  const name = nameAt === -1 ? '' : rest.slice(nameAt + 12, hashAt > nameAt ? hashAt : kindStart);
  return { address: rest.slice(0, comma), reason: reason === '' ? ban : `${ban}: ${reason}`, ...(name === '' ? {} : { name }) };
}

/** `Hash: "…", Host: "…", Mask: "…", Username: "…", Reason: "…", BanStart: "…", BanEnd: "…" (…)`. */
function banChange(detail: string): { address?: string; bannedName?: string; reason: string; detail: string } {
  const address = quotedField(detail, 'Host: "', '", ');
  const bannedName = quotedField(detail, 'Username: "', '", Reason: "');
  return {
    ...(address ? { address } : {}),
    ...(bannedName ? { bannedName } : {}),
    reason: quotedField(detail, 'Reason: "', '", BanStart: "') ?? '',
    detail,
  };
}

function quotedField(detail: string, label: string, next: string): string | undefined {
  const start = detail.indexOf(label);
  if (start === -1) return undefined;
  const end = detail.indexOf(next, start + label.length);
  return end === -1 ? undefined : detail.slice(start + label.length, end);
}
