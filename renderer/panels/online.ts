// Online now: one row per open session, sortable by any column, filterable by name, ticking time online.
import { byId, el, replaceChildren, setText } from '../dom.js';
import { compareLogTime, formatAccount, formatClock, formatLogTimeShort, formatServer } from '../format.js';
import { serverNowMs } from '../../main/log-time.js';
import type { DashboardState, OnlineRow } from '../state.js';

type SortKey = 'name' | 'server' | 'session' | 'account' | 'since' | 'online' | 'channel';
type Direction = 'ascending' | 'descending';

const text = (value: string): string => value.toLocaleLowerCase();
const compareBy: Record<SortKey, (a: OnlineRow, b: OnlineRow) => number> = {
  name: (a, b) => text(a.name).localeCompare(text(b.name)) || a.session - b.session,
  server: (a, b) => a.source.localeCompare(b.source) || a.server - b.server,
  session: (a, b) => a.session - b.session,
  account: (a, b) => a.userId - b.userId,
  since: (a, b) => compareLogTime(a.since, b.since),
  // Longest online first reads naturally as "descending", so online sorts on the opposite of the start
  // instant (not of the log time: sources in different zones would interleave wrongly).
  online: (a, b) => b.sinceMs - a.sinceMs,
  channel: (a, b) => (a.channel ?? '').localeCompare(b.channel ?? ''),
};

export function mountOnline(state: DashboardState): { render(): void } {
  const table = byId('online-table', HTMLTableElement);
  const body = table.tBodies[0] ?? table.createTBody();
  const empty = byId('online-empty', HTMLParagraphElement);
  const count = byId('online-count', HTMLSpanElement);
  const search = byId('online-filter', HTMLInputElement);
  const headers = [...table.querySelectorAll<HTMLTableCellElement>('th[data-key]')];
  let sortKey: SortKey = 'name';
  let direction: Direction = 'ascending';
  let ticking: Array<{ cell: HTMLElement; since: number }> = [];

  function row(user: OnlineRow, now: number): HTMLTableRowElement {
    const zone = user.timezone;
    // Time online counts from the instant the log line names in its server's zone; the since column shows
    // the log's own wall time (what an admin finds in the log), "today" meaning the server's today.
    const serverNow = serverNowMs(zone, now);
    const onlineCell = el('td', { className: 'num' }, formatClock((now - user.sinceMs) / 1000));
    ticking.push({ cell: onlineCell, since: user.sinceMs });
    return el(
      'tr',
      { attrs: { 'data-source': user.source, 'data-server': String(user.server), 'data-session': String(user.session) } },
      el('td', { className: 'name' }, user.name),
      el('td', null, formatServer(user.source, user.server)),
      el('td', { className: 'num' }, user.session),
      el('td', null, formatAccount(user.userId)),
      el('td', { title: zone === undefined ? user.since : `${user.since} (${zone})` }, formatLogTimeShort(user.since, serverNow)),
      onlineCell,
      el('td', { className: user.channel ? '' : 'muted' }, user.channel ?? '–'),
    );
  }

  function render(): void {
    const all = state.online();
    const needle = text(search.value.trim());
    const shown = needle ? all.filter((user) => text(user.name).includes(needle)) : all;
    const sign = direction === 'ascending' ? 1 : -1;
    shown.sort((a, b) => sign * compareBy[sortKey](a, b));
    const now = Date.now();
    ticking = [];
    replaceChildren(body, shown.map((user) => row(user, now)));
    empty.hidden = shown.length > 0;
    empty.textContent = all.length === 0 ? 'Nobody is online.' : 'No online user matches the filter.';
    setText(count, needle ? `${shown.length} of ${all.length}` : String(all.length));
  }

  for (const header of headers) {
    header.querySelector('button')?.addEventListener('click', () => {
      const key = header.dataset.key as SortKey;
      direction = key === sortKey && direction === 'ascending' ? 'descending' : 'ascending';
      sortKey = key;
      for (const other of headers) other.setAttribute('aria-sort', other === header ? direction : 'none');
      render();
    });
  }
  search.addEventListener('input', render);

  // One timer for every row; only the text of the time-online cells changes, so nothing moves.
  window.setInterval(() => {
    const now = Date.now();
    for (const { cell, since } of ticking) setText(cell, formatClock((now - since) / 1000));
  }, 1000);

  return { render };
}
