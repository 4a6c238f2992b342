// What the tracker reads of a line. Two things provide it: the scanner (offsets into a decoded chunk, for
// backfills of millions of lines) and a ParsedLine (for callers that already hold one), so the tracker
// has one set of rules for both.
import type { LogTime } from '../../contract.js';
import type { ParsedLine } from './events.js';
import { clockOf } from '../../log-time.js';

export interface LineView {
  readonly kind: ParsedLine['kind'];
  readonly server: number;
  readonly session: number;
  readonly userId: number;
  /** closed: the `[code]`. */
  readonly code: number;
  /** kicked: Kickbanned. */
  readonly banned: boolean;
  readonly targetSession: number;
  readonly targetUserId: number;
  /** `YYYY-MM-DD` of the line. */
  readonly date: string;
  /** The time of day as clockOf() gives it: cheaper to keep for every line than time(). */
  readonly clock: number;
  time(): LogTime;
  name(): string;
  /** name() lower-cased (Murmur matches users' names ignoring case). */
  lowerName(): string;
  /** Whether the line's user (or the Moved/Kicked target) is called exactly `name`. */
  hasName(name: string, target?: boolean): boolean;
  /** connection, rejected: the address ('' when none); client-version: the release (or the version). */
  detailField(): string;
  /** moved: the channel name. */
  channel(): string;
  /** closed, rejected, kicked, ssl-error: the reason. */
  reason(): string;
  /** The whole event, for the rare lines the tracker reads in full. */
  parsed(): ParsedLine;
}

/** A ParsedLine seen as a LineView. */
export class ParsedLineView implements LineView {
  readonly kind: ParsedLine['kind'];
  readonly server: number;
  readonly session: number;
  readonly userId: number;
  readonly code: number;
  readonly banned: boolean;
  readonly targetSession: number;
  readonly targetUserId: number;
  readonly date: string;
  readonly clock: number;
  private readonly line: ParsedLine;

  constructor(line: ParsedLine) {
    this.line = line;
    this.kind = line.kind;
    this.server = 'server' in line ? line.server : 0;
    this.session = 'session' in line ? line.session : 0;
    this.userId = 'userId' in line ? line.userId : -1;
    this.code = line.kind === 'closed' ? line.code : 0;
    this.banned = line.kind === 'kicked' && line.banned;
    this.targetSession = line.kind === 'moved' || line.kind === 'kicked' ? line.target.session : 0;
    this.targetUserId = line.kind === 'moved' || line.kind === 'kicked' ? line.target.userId : -1;
    this.date = line.kind === 'unparsed' ? '' : line.date;
    this.clock = line.kind === 'unparsed' ? 0 : clockOf(line.time);
  }

  time(): LogTime {
    return this.line.kind === 'unparsed' ? '' : this.line.time;
  }

  name(): string {
    return 'name' in this.line && this.line.name !== undefined ? this.line.name : '';
  }

  lowerName(): string {
    return this.name().toLowerCase();
  }

  hasName(name: string, target = false): boolean {
    const line = this.line;
    if (target) return (line.kind === 'moved' || line.kind === 'kicked') && line.target.name === name;
    return 'session' in line && line.name === name;
  }

  detailField(): string {
    const line = this.line;
    if (line.kind === 'connection') return line.address;
    if (line.kind === 'rejected') return line.address ?? '';
    if (line.kind === 'client-version') return line.release || line.version;
    return '';
  }

  channel(): string {
    return this.line.kind === 'moved' ? this.line.channel : '';
  }

  reason(): string {
    const line = this.line;
    return line.kind === 'closed' || line.kind === 'rejected' || line.kind === 'kicked' || line.kind === 'ssl-error' ? line.reason : '';
  }

  parsed(): ParsedLine {
    return this.line;
  }
}
