// A remote agent's sources are shown as `REMOTE/SOURCE` (local source names cannot hold a `/`), so two
// agents may each have a `main`. Everything that comes from an agent gets the prefix; a filter going to it
// loses it.
import type { History, HistoryQuery, LastSeen, Snapshot } from '../../contract.js';

export const SEPARATOR = '/';

export function prefixed(remote: string, source: string): string {
  return `${remote}${SEPARATOR}${source}`;
}

/** The agent's own name for a prefixed source; null when the source is not this remote's. */
export function unprefixed(remote: string, source: string): string | null {
  const start = `${remote}${SEPARATOR}`;
  return source.startsWith(start) ? source.slice(start.length) : null;
}

/** Any record with a `source`, renamed. */
export function withSource<T extends { source: string }>(remote: string, item: T): T {
  return { ...item, source: prefixed(remote, item.source) };
}

export function prefixSnapshot(remote: string, snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    servers: snapshot.servers.map((server) => withSource(remote, server)),
    sources: snapshot.sources.map((source) => ({ ...source, name: prefixed(remote, source.name) })),
    backfill: snapshot.backfill.map((progress) => withSource(remote, progress)),
  };
}

export function prefixHistory(remote: string, history: History): History {
  return {
    sessions: history.sessions.map((item) => withSource(remote, item)),
    serverEvents: history.serverEvents.map((item) => withSource(remote, item)),
    security: history.security.map((item) => withSource(remote, item)),
    topUsers: history.topUsers,
  };
}

export function prefixLastSeen(remote: string, found: LastSeen[]): LastSeen[] {
  return found.map((item) => withSource(remote, item));
}

/** The query as the agent takes it, or null when it names a source of someone else. */
export function queryFor(remote: string, query: HistoryQuery): HistoryQuery | null {
  if (query.source === undefined) return query;
  const source = unprefixed(remote, query.source);
  return source === null ? null : { ...query, source };
}

/** The first cell of a CSV line, and where the rest begins (RFC 4180 quoting). */
function firstCell(line: string): { value: string; rest: number } {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',');
    return { value: comma === -1 ? line : line.slice(0, comma), rest: comma === -1 ? line.length : comma };
  }
  let value = '';
  let i = 1;
  for (;;) {
    const quote = line.indexOf('"', i);
    if (quote === -1) return { value: value + line.slice(i), rest: line.length };
    value += line.slice(i, quote);
    if (line[quote + 1] === '"') {
      value += '"';
      i = quote + 2;
    } else {
      return { value, rest: quote + 1 };
    }
  }
}

/**
 * The agent's CSV rows (header left out) with the prefix in their first column, the source. Our CSV quotes
 * a cell with a line break, so rows are split on CRLF outside quotes only.
 */
export function prefixCsvRows(remote: string, csv: string, quote: (text: string) => string): string {
  const rows: string[] = [];
  let row = '';
  let quoted = false;
  for (const piece of csv.split('\r\n')) {
    row = row === '' && !quoted ? piece : `${row}\r\n${piece}`;
    quoted = ((row.match(/"/g)?.length ?? 0) & 1) === 1;
    if (!quoted) {
      rows.push(row);
      row = '';
    }
  }
  return rows
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => {
      const cell = firstCell(line);
      // A source the CSV guarded against formula injection (`'=x`) is guarded again by `quote`.
      const source = cell.value.startsWith("'") && /^'[=+\-@\t\r]/.test(cell.value) ? cell.value.slice(1) : cell.value;
      return `${quote(prefixed(remote, source))}${line.slice(cell.rest)}\r\n`;
    })
    .join('');
}
