// One Murmur log line in, one typed event out (reference §2–§3). Never throws: anything else is 'unparsed'.
// Lines look like `<W>2026-11-27 13:11:15.961 1 => <3:Bob(5)> Authenticated`; a journald export
// (`Nov 27 13:11:15 host murmurd[42]: <W>2026-...`) is read too, since it keeps Murmur's own prefix.
import type { LogLevel, ParsedLine, ProcessLine, ServerLine } from './events.js';
import { parseUserLine, readDigits } from './user-line.js';

export type * from './events.js';

const UNPARSED: ParsedLine = Object.freeze({ kind: 'unparsed' });
/** `<W>` + `YYYY-MM-DD hh:mm:ss.zzz` + one space. */
const HEADER_LENGTH = 27;
const SERVER_ARROW = ' => ';
const LEVELS: Record<string, LogLevel> = { W: 'W', C: 'C', F: 'F', D: 'D', X: 'X' };
const REDACTED_PASSWORD = /^(Password for '.*' set to ')(.*)('\s*)$/s;

/** Parses one line (without its newline). Unknown or damaged lines give `{ kind: 'unparsed' }`. */
export function parseLine(line: string): ParsedLine {
  const start = headerStart(line);
  if (start === -1) return UNPARSED;
  const level = LEVELS[line[start + 1] ?? ''];
  if (level === undefined || !isTimestamp(line, start + 3)) return UNPARSED;
  const time = `${line.slice(start + 3, start + 13)}T${line.slice(start + 14, start + 26)}`;
  const message = line.slice(start + HEADER_LENGTH);
  if (level === 'F') return { kind: 'fatal', time, level, detail: message };
  const digitsEnd = readDigits(message, 0);
  if (digitsEnd > 0 && message.startsWith(SERVER_ARROW, digitsEnd)) {
    const server = Number(message.slice(0, digitsEnd));
    const text = message.slice(digitsEnd + SERVER_ARROW.length);
    if (text.charCodeAt(0) === 60 /* < */) return parseUserLine(text, { time, level, server }) ?? UNPARSED;
    return parseServerLine(text, time, level, server);
  }
  return parseProcessLine(message, time, level);
}

/** Where `<L>` starts: 0 normally, after leading NUL bytes, or after a journald/syslog prefix. */
function headerStart(line: string): number {
  if (line.charCodeAt(0) === 60 /* < */ && line.charCodeAt(2) === 62 /* > */) return 0;
  let start = 0;
  while (line.charCodeAt(start) === 0) start += 1;
  if (start > 0) return line.charCodeAt(start) === 60 && line.charCodeAt(start + 2) === 62 ? start : -1;
  const journal = line.indexOf(']: <');
  if (journal === -1) return -1;
  start = journal + 3;
  return line.charCodeAt(start + 2) === 62 /* > */ ? start : -1;
}

/** `YYYY-MM-DD hh:mm:ss.zzz` followed by a space, starting at `at`. */
function isTimestamp(line: string, at: number): boolean {
  for (let i = 0; i < 23; i += 1) {
    const code = line.charCodeAt(at + i);
    const expected = TIMESTAMP_SHAPE[i];
    if (expected === undefined ? code < 48 || code > 57 : code !== expected) return false;
  }
  return line.charCodeAt(at + 23) === 32;
}

/** The separators of `YYYY-MM-DD hh:mm:ss.zzz` by position; undefined marks a digit. */
const TIMESTAMP_SHAPE: (number | undefined)[] = [...'dddd-dd-dd dd:dd:dd.ddd'].map((c) =>
  c === 'd' ? undefined : c.charCodeAt(0),
);

function parseProcessLine(message: string, time: string, level: LogLevel): ProcessLine {
  if (message.startsWith('Murmur ') && message.endsWith(': Booting servers')) {
    const versionEnd = message.indexOf(' ', 7);
    return { kind: 'boot', time, level, version: message.slice(7, versionEnd === -1 ? undefined : versionEnd), detail: message };
  }
  if (message === 'Killing running servers' || message === 'Shutting down' || message.startsWith('Caught SIGTERM')) {
    return { kind: 'shutdown', time, level, detail: message };
  }
  if (message.startsWith('Caught SIGHUP') || message === 'Log rotated successfully') {
    return { kind: 'rotation', time, level, detail: message };
  }
  return { kind: 'process-info', time, level, detail: message };
}

function parseServerLine(text: string, time: string, level: LogLevel, server: number): ServerLine {
  if (text.startsWith('Server listening on ')) return { kind: 'listening', time, level, server, address: text.slice(20) };
  if (text === 'Stopped') return { kind: 'stopped', time, level, server };
  if (text.startsWith('Ignoring connection: ')) return parseBanIgnored(text.slice(21), time, level, server);
  // The first start prints SuperUser's generated password: never keep it.
  const detail = text.replace(REDACTED_PASSWORD, '$1[redacted]$3');
  return { kind: 'server-info', time, level, server, detail };
}

/** `ADDRESS (Global ban)`, `ADDRESS (Server ban)`, 1.3+: `ADDRESS, Reason: R, Username: U, Hash: H (Server ban)`. */
function parseBanIgnored(rest: string, time: string, level: LogLevel, server: number): ServerLine {
  const comma = rest.indexOf(', Reason: ');
  const kindStart = rest.lastIndexOf(' (');
  const ban = kindStart === -1 ? rest : rest.slice(kindStart + 2, rest.endsWith(')') ? -1 : undefined);
  if (comma === -1) {
    return { kind: 'ban-ignored', time, level, server, address: kindStart === -1 ? rest : rest.slice(0, kindStart), reason: ban };
  }
  const nameAt = rest.indexOf(', Username: ', comma);
  const hashAt = rest.lastIndexOf(', Hash: ');
  const reason = rest.slice(comma + 10, nameAt === -1 ? kindStart : nameAt);
  const name = nameAt === -1 ? '' : rest.slice(nameAt + 12, hashAt > nameAt ? hashAt : kindStart);
  return {
    kind: 'ban-ignored',
    time,
    level,
    server,
    address: rest.slice(0, comma),
    reason: reason === '' ? ban : `${ban}: ${reason}`,
    ...(name === '' ? {} : { name }),
  };
}
