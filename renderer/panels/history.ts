// History from the server's store: recent sessions and the server-event timeline.
import { byId, el, notice, replaceChildren, setText } from '../dom.js';
import { formatDuration, formatEndReason, formatEventKind, formatLogTime, formatNumber, formatServer } from '../format.js';
import { emptyRow, MAX_ROWS, newestFirst } from './list-helpers.js';
import type { DashboardState } from '../state.js';

export function mountHistory(state: DashboardState): { render(): void } {
  const sessions = byId('sessions-table', HTMLTableElement);
  const events = byId('server-events', HTMLOListElement);
  const sessionsCaption = byId('sessions-caption', HTMLParagraphElement);

  function renderSessions(): void {
    const all = state.history?.sessions ?? [];
    setText(
      sessionsCaption,
      all.length > MAX_ROWS
        ? `The latest ${MAX_ROWS} of ${formatNumber(all.length)} sessions; “Sessions CSV” has them all.`
        : `${formatNumber(all.length)} finished sessions in the last 30 days.`,
    );
    const list = newestFirst(all, (s) => s.start);
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
    const list = newestFirst(state.history?.serverEvents ?? [], (e) => e.at);
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
              el('span', { className: 'badge' }, formatEventKind(e.kind)),
              el('span', { className: 'where' }, e.server === undefined ? e.source : formatServer(e.source, e.server)),
              el('span', { className: 'detail' }, e.detail),
            ),
          ),
    );
  }

  return {
    render() {
      renderSessions();
      renderEvents();
    },
  };
}
