// CSV export (RFC 4180, CRLF). User names are typed by strangers: a text cell that a spreadsheet would run
// as a formula (starting with = + - @, or a tab/CR that some apps strip first) gets a leading apostrophe,
// as OWASP's "CSV Injection" page advises. Numbers are written as numbers and never altered.
import type { ExportKind } from '../../contract.js';
import type { SourceRunner } from './source-runner.js';

type Cell = string | number | undefined;

export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvCell(value: Cell): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(value) : csvText(value);
}

export function csvRows(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

export function exportCsv(runners: readonly SourceRunner[], kind: ExportKind): string {
  if (kind === 'days') {
    const rows: Cell[][] = [];
    for (const runner of runners) {
      for (const server of runner.report()) {
        for (const day of server.days) rows.push([server.source, server.server, day.date, day.logins, day.uniqueUsers, day.peakOnline]);
      }
    }
    return csvRows(['source', 'server', 'date', 'logins', 'uniqueUsers', 'peakOnline'], rows);
  }
  const rows: Cell[][] = [];
  for (const runner of runners) {
    for (const s of runner.history.data.sessions) {
      rows.push([runner.config.name, s.server, s.session, s.name, s.userId, s.start, s.end, s.durationSeconds, s.endReason, s.channel]);
    }
  }
  return csvRows(['source', 'server', 'session', 'name', 'userId', 'start', 'end', 'durationSeconds', 'endReason', 'channel'], rows);
}
