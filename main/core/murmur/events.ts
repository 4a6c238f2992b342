// What the parser makes of one Murmur log line (see shared/reference/murmur-log-format.md §3).
import type { LogTime, UserId } from '../../contract.js';

/** The letter in `<W>`: Murmur's Qt message type, not a severity (`Authenticated` is `W`). */
export type LogLevel = 'W' | 'C' | 'F' | 'D' | 'X';

interface LineBase {
  /** The line's local time, `YYYY-MM-DDTHH:MM:SS.mmm`. */
  time: LogTime;
  /** The line's local calendar day, `YYYY-MM-DD` (the first ten characters of `time`). */
  date: string;
  level: LogLevel;
}

// ---- process-level lines (no `N =>`) ----

/** `Murmur 1.3.4 (1.3.4-1) running on X11: ...: Booting servers`: a (re)start of the whole process. */
export interface BootLine extends LineBase {
  kind: 'boot';
  /** `1.3.4` / `1.5.735`. */
  version: string;
  detail: string;
}

/** `Caught SIGTERM, exiting`, `Killing running servers`, `Shutting down`. */
export interface ShutdownLine extends LineBase {
  kind: 'shutdown';
  detail: string;
}

/** Any `<F>` line: Murmur exits right after it. */
export interface FatalLine extends LineBase {
  kind: 'fatal';
  detail: string;
}

/** `Caught SIGHUP, will reopen ...` / `Log rotated successfully`. */
export interface RotationLine extends LineBase {
  kind: 'rotation';
  detail: string;
}

/** Any other well-formed process-level line (settings, OpenSSL version, database path...). */
export interface ProcessInfoLine extends LineBase {
  kind: 'process-info';
  detail: string;
}

// ---- server-level lines (`N => text`) ----

interface ServerLineBase extends LineBase {
  /** Virtual server id, the `N` of `N =>`. */
  server: number;
}

/** `N => Server listening on ADDRESS` (one per bound address). */
export interface ListeningLine extends ServerLineBase {
  kind: 'listening';
  address: string;
}

/** `N => Stopped`. */
export interface StoppedLine extends ServerLineBase {
  kind: 'stopped';
}

/** `N => Ignoring connection: ADDRESS ... (Global ban | Server ban)`. */
export interface BanIgnoredLine extends ServerLineBase {
  kind: 'ban-ignored';
  address: string;
  /** `Global ban` (autoban) or `Server ban`, plus the ban's reason when the line has one. */
  reason: string;
  /** `Username:` of a 1.3+ server-ban line, when not empty. */
  name?: string;
}

/** Any other `N => text` line. Secrets (`Password for 'SuperUser' set to ...`) are redacted. */
export interface ServerInfoLine extends ServerLineBase {
  kind: 'server-info';
  detail: string;
}

// ---- user-level lines (`N => <session:name(userid)> text`) ----

/** A user as Murmur prints one: the line's prefix, or the `name:session(userid)` target of Moved/Kicked. */
export interface UserRef {
  session: number;
  /** Exactly as logged: never trimmed or unescaped. Empty before authentication. */
  name: string;
  userId: UserId;
}

interface UserLineBase extends ServerLineBase, UserRef {}

/** `New connection: ADDRESS`. Session is 0 in Murmur 1.4+. */
export interface ConnectionLine extends UserLineBase {
  kind: 'connection';
  address: string;
}

/** `Client version 1.5.634 (Linux Ubuntu 22.04.4 LTS: 1.5.634)`. */
export interface ClientVersionLine extends UserLineBase {
  kind: 'client-version';
  version: string;
  /** The part after the last `: ` inside the parentheses (the client's release string). */
  release: string;
  os: string;
}

export interface AuthenticatedLine extends UserLineBase {
  kind: 'authenticated';
}

/** `Rejected connection from ADDRESS: REASON` (1.2.0: `Rejected connection: REASON`). */
export interface RejectedLine extends UserLineBase {
  kind: 'rejected';
  address?: string;
  reason: string;
}

/** `Disconnecting ghost`: the prefix is the NEW login; an older session of the same user is dropped. */
export interface GhostLine extends UserLineBase {
  kind: 'ghost';
}

/** `Connection closed: REASON [CODE]`. Code 1: the client quit; 13: TLS handshake failure. */
export interface ClosedLine extends UserLineBase {
  kind: 'closed';
  reason: string;
  code: number;
}

export interface TimeoutLine extends UserLineBase {
  kind: 'timeout';
}

/** `Moved TARGET to CHANNEL[id:parent]`: the prefix is the actor, `target` the user moved. */
export interface MovedLine extends UserLineBase {
  kind: 'moved';
  target: UserRef;
  /** Channel name without its `[id:parent]` suffix. */
  channel: string;
  channelId: number;
}

/** `Kicked TARGET (REASON)` / `Kickbanned TARGET (REASON)`. */
export interface KickedLine extends UserLineBase {
  kind: 'kicked';
  target: UserRef;
  reason: string;
  banned: boolean;
}

/** `SSL Error: TEXT`. */
export interface SslErrorLine extends UserLineBase {
  kind: 'ssl-error';
  reason: string;
}

/** `Certificate hash is banned[: HASH, Username: NAME, Reason: TEXT].` */
export interface CertBannedLine extends UserLineBase {
  kind: 'cert-banned';
  detail: string;
}

/** `New ban: ...` / `Removed ban: ...` (1.3+), the prefix is the admin. */
export interface BanChangeLine extends UserLineBase {
  kind: 'ban-added' | 'ban-removed';
  /** `Host:` of the ban, when present. */
  address?: string;
  /** `Username:` of the ban, when not empty. */
  bannedName?: string;
  reason: string;
  detail: string;
}

/** A user-level line with any other message (speak-state changes, channel edits, crypt resync...). */
export interface UserInfoLine extends UserLineBase {
  kind: 'user-info';
  detail: string;
}

export interface UnparsedLine {
  kind: 'unparsed';
}

export type ProcessLine = BootLine | ShutdownLine | FatalLine | RotationLine | ProcessInfoLine;
export type ServerLine = ListeningLine | StoppedLine | BanIgnoredLine | ServerInfoLine;
export type UserLine =
  | ConnectionLine
  | ClientVersionLine
  | AuthenticatedLine
  | RejectedLine
  | GhostLine
  | ClosedLine
  | TimeoutLine
  | MovedLine
  | KickedLine
  | SslErrorLine
  | CertBannedLine
  | BanChangeLine
  | UserInfoLine;

/** One log line, parsed. `parseLine` never throws; anything it cannot read is `{ kind: 'unparsed' }`. */
export type ParsedLine = ProcessLine | ServerLine | UserLine | UnparsedLine;
