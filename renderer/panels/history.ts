// History from the server's store: recent sessions, the server-event timeline and the security log.
import type { SecurityEventKind, ServerEventKind } from '../../main/contract.js';
import { byId, el, notice, replaceChildren, setText } from '../dom.js';
import { compareLogTime, formatDuration, formatEndReason, formatLogTime, formatLogTimeShort, formatNumber, formatServer } from '../format.js';
import type { DashboardState } from '../state.js';

/** Long lists are cut to what a person reads; the CSV export has everything. */
const MAX_ROWS = 100;

const eventWords: Record<ServerEventKind, string> = {
  boot: 'boot',
  started: 'started',
  stopped: 'stopped',
  shutdown: 'shut down',
  crash: 'crash',
  rotation: 'log rotated',
  truncation: 'log truncated',
};

const securityWords: Record<SecurityEventKind, string> = {
  rejected: 'failed login',
  'ban-ignored': 'banned address',
  'cert-banned': 'banned certificate',
  'ban-added': 'ban added',
  'ban-removed': 'ban removed',
  'tls-error': 'TLS error',
};

const newestFirst = <T extends { at: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => compareLogTime(b.at, a.at)).slice(0, MAX_ROWS);

function emptyRow(columns: number, text: string): HTMLTableRowElement {
  return el('tr', null, el('td', { className: 'muted', attrs: { colspan: String(columns) } }, text));
}

export function mountHistory(state: DashboardState): { render(): void } {
  const sessions = byId('sessions-table', HTMLTableElement);
  const events = byId('server-events', HTMLOListElement);
  const security = byId('security-table', HTMLTableElement);
  const summary = byId('security-summary', HTMLUListElement);
  const sessionsCaption = byId('sessions-caption', HTMLParagraphElement);

  function renderSessions(): void {
    const all = state.history?.sessions ?? [];
    setText(
      sessionsCaption,
      all.length > MAX_ROWS
        ? `The latest ${MAX_ROWS} of ${formatNumber(all.length)} sessions; “Sessions CSV” has them all.`
        : `${formatNumber(all.length)} finished sessions in the last 30 days.`,
    );
    const list = [...all]
      .sort((a, b) => compareLogTime(b.start, a.start))
      .slice(0, MAX_ROWS);
    const now = Date.now();
    replaceChildren(
      sessions.tBodies[0] ?? sessions.createTBody(),
      list.length === 0
        ? [emptyRow(5, 'No finished sessions in this period.')]
        : list.map((s) =>
            el(
              'tr',
              null,
              el('td', { className: 'name' }, s.name),
              el('td', null, formatServer(s.source, s.server)),
              el('td', { title: s.start }, formatLogTime(s.start, now)),
              el('td', { className: 'num' }, formatDuration(s.durationSeconds)),
              el('td', { className: `end end-${s.endReason}` }, formatEndReason(s.endReason)),
            ),
          ),
    );
  }

  function renderEvents(): void {
    const list = newestFirst(state.history?.serverEvents ?? []);
    const now = Date.now();
    replaceChildren(
      events,
      list.length === 0
        ? [notice('No restarts, crashes or rotations in this period.')]
        : list.map((e) =>
            el(
              'li',
              { className: `event kind-${e.kind}` },
              el('time', { attrs: { datetime: e.at } }, formatLogTime(e.at, now)),
              el('span', { className: 'badge' }, eventWords[e.kind] ?? e.kind),
              el('span', { className: 'where' }, e.server === undefined ? e.source : formatServer(e.source, e.server)),
              el('span', { className: 'detail' }, e.detail),
            ),
          ),
    );
  }

  function renderSecurity(): void {
    const all = state.history?.security ?? [];
    const countOf = (...kinds: SecurityEventKind[]): number => all.filter((e) => kinds.includes(e.kind)).length;
    const stat = (label: string, value: number): HTMLLIElement =>
      el('li', null, el('span', { className: 'label' }, label), el('span', { className: 'value' }, formatNumber(value)));
    replaceChildren(summary, [
      stat('Failed logins', countOf('rejected')),
      stat('Banned connections', countOf('ban-ignored', 'cert-banned')),
      stat('Bans changed', countOf('ban-added', 'ban-removed')),
      stat('TLS errors', countOf('tls-error')),
    ]);
    const list = newestFirst(all);
    const now = Date.now();
    replaceChildren(
      security.tBodies[0] ?? security.createTBody(),
      list.length === 0
        ? [emptyRow(4, 'Nothing suspicious in this period.')]
        : list.map((e) =>
            el(
              'tr',
              { className: `sec-${e.kind}` },
              el('td', { title: e.at }, formatLogTimeShort(e.at, now)),
              el('td', null, securityWords[e.kind] ?? e.kind),
              el('td', { className: 'name' }, [e.name, e.address].filter(Boolean).join(' · ') || '–'),
              el('td', null, e.reason),
            ),
          ),
    );
  }

  return {
    render() {
      renderSessions();
      renderEvents();
      renderSecurity();
    },
  };
}
